package io.charspark.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Every file charspark writes or reads on a data path goes through here: a Hadoop
 * {@link FileSystem}, so {@code hdfs://}, {@code s3a://}/{@code s3://} (EMR), {@code file://} and plain
 * local paths all work. A path without a scheme means the default filesystem, as in Hadoop: the
 * local disk on a laptop, HDFS on EMR. The Hadoop configuration is the active Spark session's, so
 * {@code spark.hadoop.*} settings and cluster credentials apply.
 */
public final class Fs {
  private Fs() {}

  public static Configuration conf() {
    return SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
        : SparkSession.getDefaultSession().isDefined()
            ? SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()
            : beforeSpark();
  }

  /**
   * The Hadoop configuration before a session exists (the jobs check paths before they start
   * Spark): the classpath's {@code core-site.xml} plus every {@code spark.hadoop.*} system property
   * (what spark-submit's {@code --conf spark.hadoop.x=y} sets in the driver), as Spark would apply.
   */
  private static Configuration beforeSpark() {
    Configuration c = new Configuration();
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("spark.hadoop.")) c.set(k.substring("spark.hadoop.".length()), System.getProperty(k));
    }
    return c;
  }

  public static Path path(String p) {
    return new Path(p);
  }

  static FileSystem fs(Path p) {
    try {
      FileSystem fs = p.getFileSystem(conf());
      // Local files are also written with java.nio (charts, reports): no .crc side files that
      // would then disagree with the content.
      if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) return local.getRawFileSystem();
      return fs;
    } catch (IOException e) {
      throw new UncheckedIOException("No filesystem for " + p + ": " + e.getMessage(), e);
    }
  }

  /** The fully qualified form (scheme and authority), e.g. {@code file:/home/x/model}. */
  public static String qualified(String p) {
    Path path = path(p);
    return fs(path).makeQualified(path).toString();
  }

  public static String resolve(String dir, String child) {
    return new Path(path(dir), child).toString();
  }

  public static String parent(String p) {
    Path parent = path(p).getParent();
    return parent == null ? p : parent.toString();
  }

  public static String name(String p) {
    return path(p).getName();
  }

  public static boolean exists(String p) {
    Path path = path(p);
    try {
      return fs(path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p + ": " + e.getMessage(), e);
    }
  }

  public static boolean isDirectory(String p) {
    Path path = path(p);
    try {
      return fs(path).getFileStatus(path).isDirectory();
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p + ": " + e.getMessage(), e);
    }
  }

  public static void mkdirs(String p) {
    Path path = path(p);
    try {
      fs(path).mkdirs(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + p + ": " + e.getMessage(), e);
    }
  }

  public static void delete(String p) {
    Path path = path(p);
    try {
      fs(path).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + p + ": " + e.getMessage(), e);
    }
  }

  /** Renames; fails loudly if the filesystem says no (HDFS and local renames are atomic). */
  public static void rename(String from, String to) {
    Path f = path(from);
    Path t = path(to);
    try {
      if (!fs(f).rename(f, t)) throw new IOException("rename refused");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  public static void copy(String from, String to) {
    Path f = path(from);
    Path t = path(to);
    try {
      FileUtil.copy(fs(f), f, fs(t), t, false, true, conf());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  public static OutputStream create(String file) {
    Path path = path(file);
    try {
      return fs(path).create(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a whole file under a temporary sibling name, then renames it over the target. */
  public static void writeAtomically(String file, byte[] content) {
    String tmp = resolve(parent(file), "." + name(file) + ".tmp");
    try (OutputStream os = create(tmp)) {
      os.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    if (exists(file)) delete(file);
    rename(tmp, file);
  }

  public static void writeString(String file, String content) {
    writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] readBytes(String file) {
    Path path = path(file);
    try (InputStream in = fs(path).open(path)) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      in.transferTo(bos);
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static String readString(String file) {
    return new String(readBytes(file), StandardCharsets.UTF_8);
  }

  public static List<String> list(String dir) {
    Path path = path(dir);
    try {
      List<String> out = new ArrayList<>();
      for (FileStatus s : fs(path).listStatus(path)) out.add(s.getPath().toString());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
