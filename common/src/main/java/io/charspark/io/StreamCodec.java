package io.charspark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * A Hadoop {@link CompressionCodec} over a pure-Java stream library: subclasses say how to wrap a
 * raw stream for reading and writing and how to finish a compressed stream; there are no pooled
 * Hadoop (de)compressors. Not splittable: one task reads one file.
 */
abstract class StreamCodec implements CompressionCodec {
  /** The decoding stream over {@code in}. */
  protected abstract InputStream decoder(InputStream in) throws IOException;

  /** The encoding stream over {@code out}. */
  protected abstract OutputStream encoder(OutputStream out) throws IOException;

  /** Ends the compressed data of {@code encoder} without closing the underlying stream. */
  protected abstract void finish(OutputStream encoder) throws IOException;

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    OutputStream x = encoder(out);
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
        StreamCodec.this.finish(x);
      }

      @Override
      public void resetState() {}
    };
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) throws IOException {
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
    InputStream x = decoder(in);
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
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
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
}
