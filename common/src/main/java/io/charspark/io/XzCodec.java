package io.charspark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;
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
 * ({@code io.charspark.spark.Sessions}). Errors: a truncated file ends in {@link java.io.EOFException},
 * damaged data in {@code org.tukaani.xz.CorruptedInputException}; callers name the file.
 */
public class XzCodec implements CompressionCodec {
  /** Preset of the output stream ({@code xz -6}, xz's default). */
  public static final int PRESET = 6;

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    XZOutputStream x = new XZOutputStream(out, new LZMA2Options(PRESET));
    return new CompressionOutputStream(x) {
      @Override
      public void write(int b) throws IOException {
        x.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        x.write(b, off, len);
      }

      @Override
      public void finish() throws IOException {
        x.finish();
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
    XZInputStream x = new XZInputStream(in);
    return new CompressionInputStream(x) {
      @Override
      public int read() throws IOException {
        return x.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return x.read(b, off, len);
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
    return ".xz";
  }
}
