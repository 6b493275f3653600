package io.charspark.io;

import io.charspark.spark.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Hadoop codec for {@code .xz} (several years of the Pushshift archive were published as
 * {@code RS_YYYY-MM.xz}) over XZ for Java ({@code org.tukaani:xz}, the version Spark already ships).
 * Streaming: {@link XZInputStream} decodes block by block with no memory limit beyond the
 * dictionary the file declares (at most 64 MiB for {@code xz -9}), and reads concatenated
 * {@code .xz} streams ({@code cat a.xz b.xz}) as one. Not splittable: one task reads one file.
 *
 * <p>Registered, like {@link ZstdCodec}, through {@code spark.hadoop.io.compression.codecs}
 * ({@code Sessions}). Errors: a truncated file ends in {@link java.io.EOFException},
 * damaged data in {@code org.tukaani.xz.CorruptedInputException}; callers name the file.
 */
public class XzCodec extends StreamCodec {
  /** Preset of the output stream ({@code xz -6}, xz's default). */
  public static final int PRESET = 6;

  @Override
  protected InputStream decoder(InputStream in) throws IOException {
    return new XZInputStream(in);
  }

  @Override
  protected OutputStream encoder(OutputStream out) throws IOException {
    return new XZOutputStream(out, new LZMA2Options(PRESET));
  }

  @Override
  protected void finish(OutputStream encoder) throws IOException {
    ((XZOutputStream) encoder).finish();
  }

  @Override
  public String getDefaultExtension() {
    return ".xz";
  }
}
