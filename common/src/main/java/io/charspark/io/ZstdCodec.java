package io.charspark.io;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Hadoop codec for {@code .zst} built on zstd-jni (which Spark already ships), so Spark reads Reddit
 * dumps like {@code .gz} files. Hadoop's own ZStandardCodec needs a native libhadoop built with
 * zstd, which Spark's bundled Hadoop client lacks; and Reddit dumps are written with a 2^31 window
 * ({@code zstd --long=31}), so the decoder must allow {@code windowLogMax = 31}.
 *
 * <p>Registered through {@code spark.hadoop.io.compression.codecs}; codecs named there are added
 * after the service-loaded ones, so this one wins the {@code .zst} extension.
 */
public class ZstdCodec implements CompressionCodec {
  public static final int WINDOW_LOG_MAX = 31;

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    ZstdOutputStream z = new ZstdOutputStream(out);
    return new CompressionOutputStream(z) {
      @Override
      public void write(int b) throws IOException {
        z.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        z.write(b, off, len);
      }

      @Override
      public void finish() throws IOException {
        z.flush();
      }

      @Override
      public void resetState() {}
    };
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor)
      throws IOException {
    return createOutputStream(out);
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return null;
  }

  @Override
  public Compressor createCompressor() {
    return null;
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    ZstdInputStream z = new ZstdInputStream(in);
    z.setLongMax(WINDOW_LOG_MAX);
    return new CompressionInputStream(z) {
      @Override
      public int read() throws IOException {
        return z.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return z.read(b, off, len);
      }

      @Override
      public void resetState() {}
    };
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor)
      throws IOException {
    return createInputStream(in);
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return null;
  }

  @Override
  public Decompressor createDecompressor() {
    return null;
  }

  @Override
  public String getDefaultExtension() {
    return ".zst";
  }
}
