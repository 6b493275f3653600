package io.charspark.data;

import io.charspark.io.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Expands the user's {@code --input} paths (files, directories, globs; any Hadoop filesystem) into
 * the list of files to read, and classifies each by format. Fails with a one-line message for a
 * path that matches nothing or a file of an unknown format.
 */
public final class InputFiles {
  /** JSON lines (one submission per line; dumps) or one JSON document per file (API pages). */
  public enum Layout {
    LINES,
    DOCUMENT
  }

  public record InputFile(String path, String compression, Layout layout) {}

  private static final List<String> UNSUPPORTED = List.of(".zip", ".7z", ".lz4", ".snappy");

  private InputFiles() {}

  public static List<InputFile> expand(List<String> inputs, Configuration hadoop) {
    List<InputFile> out = new ArrayList<>();
    for (String f : list(inputs, hadoop)) out.add(classify(f));
    return out;
  }

  /**
   * The files the user's {@code --input} paths name (files, directories recursively, globs; hidden
   * and {@code _}-prefixed files skipped), sorted; a path that matches nothing is an error.
   */
  public static List<String> list(List<String> inputs, Configuration hadoop) {
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("No --input given");
    }
    TreeSet<String> files = new TreeSet<>();
    for (String in : inputs) {
      try {
        Path p = new Path(in);
        FileSystem fs = p.getFileSystem(hadoop);
        FileStatus[] matches = fs.globStatus(p);
        if (matches == null || matches.length == 0) {
          throw new IllegalArgumentException("Input path not found: " + in);
        }
        for (FileStatus st : matches) collect(fs, st, files);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list input " + in + ": " + e.getMessage(), e);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No input files under " + String.join(", ", inputs));
    }
    return new ArrayList<>(files);
  }

  private static void collect(FileSystem fs, FileStatus st, TreeSet<String> files)
      throws IOException {
    String name = st.getPath().getName();
    if (name.startsWith(".") || name.startsWith("_")) return; // _SUCCESS, .crc, hidden files
    if (st.isDirectory()) {
      for (FileStatus child : fs.listStatus(st.getPath())) collect(fs, child, files);
    } else {
      files.add(st.getPath().toString());
    }
  }

  /** Decides how to read one file from its name; unknown formats are an error naming the file. */
  public static InputFile classify(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    Compression c = Compression.of(name);
    String compression = c.id();
    name = c.strip(name);
    for (String u : UNSUPPORTED) {
      if (name.endsWith(u)) {
        throw new IllegalArgumentException(
            "Unsupported compression " + u + " for " + path + " (supported: .zst, .gz, .bz2, .xz, none)");
      }
    }
    if (name.endsWith(".json")) return new InputFile(path, compression, Layout.DOCUMENT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".txt")
        || name.matches("rs_\\d{4}-\\d{2}") || !name.contains(".")) {
      return new InputFile(path, compression, Layout.LINES);
    }
    throw new IllegalArgumentException(
        "Unknown input format: " + path
            + " (expected Reddit JSON lines: RS_YYYY-MM[.zst|.gz|.bz2|.xz], *.jsonl, *.ndjson;"
            + " or Reddit API listing pages: *.json)");
  }
}
