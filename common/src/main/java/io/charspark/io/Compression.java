package io.charspark.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The compressions charspark reads, told by the file name's last suffix ({@code .zst}, {@code .gz},
 * {@code .bz2}, {@code .xz}; anything else is uncompressed), and how to decompress each: the one
 * place Reddit dumps, Kaggle CSV files and scoring inputs decide it. {@link #id} is the name written
 * in manifests ({@code zst}, {@code gz}, {@code bz2}, {@code xz}, {@code none}); {@link #format} the
 * one in messages ({@code zstd}, {@code gzip}, {@code bzip2}, {@code xz}, {@code text}).
 */
public enum Compression {
  NONE("", "none", "text"),
  ZSTD(".zst", "zst", "zstd"),
  GZIP(".gz", "gz", "gzip"),
  BZIP2(".bz2", "bz2", "bzip2"),
  XZ(".xz", "xz", "xz");

  private final String suffix;
  private final String id;
  private final String format;

  Compression(String suffix, String id, String format) {
    this.suffix = suffix;
    this.id = id;
    this.format = format;
  }

  /** The compression of a file by its name or path (case-insensitive). */
  public static Compression of(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Compression c : values()) {
      if (c != NONE && n.endsWith(c.suffix)) return c;
    }
    return NONE;
  }

  /** The compression a manifest {@link #id} names; an unknown id is {@link #NONE}. */
  public static Compression byId(String id) {
    for (Compression c : values()) if (c.id.equals(id)) return c;
    return NONE;
  }

  /** {@code name} without this compression's suffix (the name of the file inside). */
  public String strip(String name) {
    return name.substring(0, name.length() - suffix.length());
  }

  public String suffix() {
    return suffix;
  }

  public String id() {
    return id;
  }

  public String format() {
    return format;
  }

  /** Whether Hadoop can read a byte range of such a file on its own (plain text and bzip2). */
  public boolean splittable() {
    return this == NONE || this == BZIP2;
  }

  /** The Hadoop codec ({@link ZstdCodec} and {@link XzCodec} for zstd and xz), or null for none. */
  public CompressionCodec codec(Configuration conf) {
    return switch (this) {
      case NONE -> null;
      case ZSTD -> ReflectionUtils.newInstance(ZstdCodec.class, conf);
      case GZIP -> ReflectionUtils.newInstance(GzipCodec.class, conf);
      case BZIP2 -> ReflectionUtils.newInstance(BZip2Codec.class, conf);
      case XZ -> ReflectionUtils.newInstance(XzCodec.class, conf);
    };
  }

  /** {@code raw} decompressed. */
  public InputStream decompress(InputStream raw, Configuration conf) throws IOException {
    CompressionCodec codec = codec(conf);
    return codec == null ? raw : codec.createInputStream(raw);
  }
}
