package io.charspark.io;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Hadoop codec for {@code .zst} built on zstd-jni (which Spark already ships), so Spark reads Reddit
 * dumps like {@code .gz} files. Hadoop's own ZStandardCodec needs a native libhadoop built with
 * zstd, which Spark's bundled Hadoop client lacks; and Reddit dumps are written with a 2^31 window
 * ({@code zstd --long=31}), so the decoder must allow {@code windowLogMax = 31}.
 *
 * <p>Registered through {@code spark.hadoop.io.compression.codecs}; codecs named there are added
 * after the service-loaded ones, so this one wins the {@code .zst} extension.
 */
public class ZstdCodec extends StreamCodec {
  public static final int WINDOW_LOG_MAX = 31;

  @Override
  protected InputStream decoder(InputStream in) throws IOException {
    ZstdInputStream z = new ZstdInputStream(in);
    z.setLongMax(WINDOW_LOG_MAX);
    return z;
  }

  @Override
  protected OutputStream encoder(OutputStream out) throws IOException {
    return new ZstdOutputStream(out);
  }

  @Override
  protected void finish(OutputStream encoder) throws IOException {
    encoder.flush();
  }

  @Override
  public String getDefaultExtension() {
    return ".zst";
  }
}
