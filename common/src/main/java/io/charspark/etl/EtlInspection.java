package io.charspark.etl;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What a model sees of given texts (the {@code etl} command): each text through the Spark
 * expression ({@link SparkCharEtl}, code-generated: the rows pass an exchange first, so no
 * optimizer rule folds the projection into a local relation) and through the Java twin
 * ({@link CharEtl}), side by side.
 *
 * <p>A classifier sees {@code maxLength} indices, truncated or pre-padded ({@link Settings#maxLength}
 * > 0); a language model sees the unfitted indices of the cleaned, wrapped text with {@code \n}
 * kept or not, and cuts its windows from them.
 */
public final class EtlInspection {
  private EtlInspection() {}

  /** The ETL settings of a model: {@code maxLength} 0 = not fitted (language model). */
  public record Settings(int maxLength, boolean keepTail, boolean keepNewline) {
    public Settings {
      if (maxLength < 0) throw new IllegalArgumentException("maxLength must be >= 0: " + maxLength);
      if (maxLength > 0 && keepNewline) {
        throw new IllegalArgumentException("a fitted (classifier) ETL never keeps newlines");
      }
    }
  }

  /** One text's result on both sides; the indices are what the model's input layer gets. */
  public record Shown(String text, String sparkClean, String javaClean, int[] sparkIndices, int[] javaIndices) {
    public boolean agree() {
      return sparkClean.equals(javaClean) && Arrays.equals(sparkIndices, javaIndices);
    }
  }

  /** Runs the texts through both sides, in input order. */
  public static List<Shown> run(SparkSession spark, List<String> texts, Settings s) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) rows.add(RowFactory.create(i, texts.get(i)));
    Dataset<Row> df = spark.createDataFrame(rows, new StructType().add("i", "int").add("text", "string"))
        .repartition(1);
    Column indices = s.maxLength() > 0
        ? SparkCharEtl.encodeIndices(col("text"), s.maxLength(), s.keepTail())
        : SparkCharEtl.indices(col("text"), s.keepNewline());
    List<Row> out = new ArrayList<>(df.select(col("i"), SparkCharEtl.clean(col("text"), s.keepNewline()), indices)
        .collectAsList());
    out.sort((a, b) -> Integer.compare(a.getInt(0), b.getInt(0)));
    List<Shown> shown = new ArrayList<>();
    CharEtl twin = s.maxLength() > 0 ? new CharEtl(s.maxLength(), s.keepTail()) : null;
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      List<Integer> si = out.get(i).getList(2);
      int[] sparkIdx = si.stream().mapToInt(Integer::intValue).toArray();
      int[] javaIdx = twin == null
          ? CharEtl.indices(t, s.keepNewline())
          : CharEtl.fit(CharEtl.indices(t, s.keepNewline()), s.maxLength(), s.keepTail());
      shown.add(new Shown(t, out.get(i).getString(1), CharEtl.clean(t, s.keepNewline()), sparkIdx, javaIdx));
    }
    return shown;
  }

  /**
   * Lines for one text: the input, the cleaned text, the indices (a run of pads written as
   * {@code 98×N}), and, when the sides differ, both sides' values.
   */
  public static List<String> format(int number, Shown r, Settings s) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "text %d (%d chars): %s", number, r.text().length(), quote(r.text())));
    lines.add(String.format(Locale.ROOT, "  cleaned (%d chars)%s: %s", r.javaClean().length(),
        fitNote(r.javaClean().length(), s), quote(r.javaClean())));
    lines.add(String.format(Locale.ROOT, "  indices (%d): %s", r.javaIndices().length, indices(r.javaIndices())));
    if (r.agree()) {
      lines.add("  spark expression = java twin");
    } else {
      lines.add("  MISMATCH: spark cleaned " + quote(r.sparkClean()));
      lines.add("  MISMATCH: spark indices (" + r.sparkIndices().length + "): " + indices(r.sparkIndices()));
    }
    return lines;
  }

  private static String fitNote(int len, Settings s) {
    if (s.maxLength() == 0) return ", language model: not fitted";
    if (len > s.maxLength()) {
      return String.format(Locale.ROOT, ", truncated to %d keeping the %s", s.maxLength(), s.keepTail() ? "tail" : "head");
    }
    return String.format(Locale.ROOT, ", pre-padded with %d pads to %d", s.maxLength() - len, s.maxLength());
  }

  static String indices(int[] idx) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < idx.length; ) {
      int j = i;
      while (j < idx.length && idx[j] == idx[i]) j++;
      if (b.length() > 0) b.append(' ');
      if (idx[i] == CharEtl.PAD && j - i > 1) {
        b.append(CharEtl.PAD).append('×').append(j - i);
        i = j;
      } else {
        b.append(idx[i]);
        i++;
      }
    }
    return "[" + b + "]";
  }

  /** Java-style quoting: printable ASCII as is, everything else as {@code \}uXXXX or \t \n \r. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c == '\n') b.append("\\n");
      else if (c == '\t') b.append("\\t");
      else if (c == '\r') b.append("\\r");
      else if (c >= 0x20 && c < 0x7F) b.append(c);
      else b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
    }
    return b.append('"').toString();
  }
}
