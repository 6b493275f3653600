package io.charspark.data;

import io.charspark.io.Compression;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Which Kaggle Jigsaw file a path is, by name: {@code train*.csv} (labelled comments), {@code
 * test.csv} (comments), {@code test_labels*.csv} (labels of the test comments), {@code
 * sample_submission*.csv} (ignored), each optionally compressed ({@link Compression}); and the CSV
 * files {@code score} reads. Any other name is a one-line error naming the file.
 */
public final class KaggleFiles {
  public static final String TRAIN = "train";
  public static final String TEST = "test";
  public static final String TEST_LABELS = "test_labels";
  public static final String IGNORED = "ignored";

  /** One input file: its path as Spark reports it, compression id, and kind (train/test/test_labels/ignored). */
  public record KaggleFile(String path, String compression, String kind) implements Serializable {
    public String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  private KaggleFiles() {}

  /** The file's lower-case name without its compression suffix, e.g. {@code train.csv}. */
  private static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return Compression.of(name).strip(name);
  }

  /** Which Kaggle file a name is: train, test, test_labels, ignored; anything else is an error. */
  public static KaggleFile classify(String path) {
    String name = baseName(path);
    String kind = null;
    if (name.endsWith(".csv")) {
      String base = name.substring(0, name.length() - 4);
      if (base.startsWith("test_labels")) kind = TEST_LABELS;
      else if (base.startsWith("sample_submission")) kind = IGNORED;
      else if (base.equals("test")) kind = TEST;
      else if (base.startsWith("train")) kind = TRAIN;
    }
    if (kind == null) {
      throw new IllegalArgumentException(
          "Unknown input file for workload toxic: " + path + " (expected the Kaggle Jigsaw files:"
              + " train*.csv, test.csv, test_labels*.csv, sample_submission*.csv; optionally .gz, .bz2,"
              + " .zst or .xz)");
    }
    return new KaggleFile(path, Compression.of(path).id(), kind);
  }

  /** Expands files, folders and globs (any Hadoop filesystem) into classified Kaggle files. */
  public static List<KaggleFile> expand(List<String> inputs, Configuration hadoop) {
    List<KaggleFile> out = new ArrayList<>();
    for (String f : InputFiles.list(inputs, hadoop)) out.add(classify(f));
    if (out.stream().noneMatch(f -> f.kind().equals(TRAIN) || f.kind().equals(TEST))) {
      throw new IllegalArgumentException(
          "No train*.csv or test.csv among the inputs " + String.join(", ", inputs));
    }
    return out;
  }

  /**
   * The CSV files {@code score} reads among {@code inputs}: any {@code *.csv} (optionally
   * compressed), except {@code test_labels*} and {@code sample_submission*} (no comments); they
   * are read as comments ({@link #TEST}). Another name is a one-line error.
   */
  static List<KaggleFile> scoringFiles(List<String> inputs, Configuration hadoop) {
    List<KaggleFile> files = new ArrayList<>();
    for (String f : InputFiles.list(inputs, hadoop)) {
      String base = baseName(f);
      if (!base.endsWith(".csv")) {
        throw new IllegalArgumentException(
            "Unknown input file for toxic scoring: " + f + " (expected CSV files with id,comment_text:"
                + " *.csv, optionally .gz, .bz2, .zst or .xz)");
      }
      if (base.startsWith("test_labels") || base.startsWith("sample_submission")) continue;
      files.add(new KaggleFile(f, Compression.of(f).id(), TEST));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No CSV file with comments among " + String.join(", ", inputs));
    }
    return files;
  }

  /** Whether {@code f} is Kaggle's {@code test.csv} (any compression): its rows make the submission. */
  static boolean isKaggleTest(KaggleFile f) {
    return baseName(f.path()).equals("test.csv");
  }
}
