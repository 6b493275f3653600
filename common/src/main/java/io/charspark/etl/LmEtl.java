package io.charspark.etl;

import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;

import io.charspark.etl.CharEtl;
import io.charspark.etl.SparkCharEtl;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Language-model training pairs as Spark SQL transforms (no collect, no UDF): each text is cleaned
 * and marked ({@code <} + text + {@code >}, SPEC.md §2 with the newline optionally kept), then every
 * {@code step}-th character from the second on becomes a target whose features are the
 * {@code window} characters before it, pre-padded with {@link CharEtl#PAD}.
 *
 * <p>Output: {@code (features array<int> of length window, label int)}; label is the target index.
 */
public final class LmEtl {
  private LmEtl() {}

  public static Dataset<Row> pairs(Dataset<Row> texts, int window, int step, boolean keepNewline) {
    Column seq = SparkCharEtl.indices(col("text"), keepNewline);
    Dataset<Row> s = texts.select(seq.as("seq"));
    // 0-based target positions 1, 1+step, ... , n-1 (so "<" is context, never a target).
    Dataset<Row> t =
        s.filter(size(col("seq")).gt(1))
            .select(col("seq"), explode(sequence(lit(1), size(col("seq")).minus(1), lit(step))).as("t"));
    Column before = least(col("t"), lit(window)); // characters of real context
    Column context =
        concat(
            array_repeat(lit(CharEtl.PAD), lit(window).minus(before)),
            slice(col("seq"), greatest(lit(1), col("t").minus(window).plus(1)), before));
    return t.select(context.as("features"), element_at(col("seq"), col("t").plus(1)).as("label"));
  }

  /** The same pairs for one string, in plain Java (the twin used by tests and the generator). */
  public static int[][] pairs(String text, int window, int step, boolean keepNewline) {
    int[] seq = CharEtl.indices(text, keepNewline);
    java.util.List<int[]> out = new java.util.ArrayList<>();
    for (int t = 1; t < seq.length; t += step) {
      int[] row = context(seq, t, window);
      int[] withLabel = java.util.Arrays.copyOf(row, window + 1);
      withLabel[window] = seq[t];
      out.add(withLabel);
    }
    return out.toArray(new int[0][]);
  }

  /** The {@code window} indices before position {@code t}, pre-padded. */
  public static int[] context(int[] seq, int t, int window) {
    int[] row = new int[window];
    int before = Math.min(t, window);
    java.util.Arrays.fill(row, 0, window - before, CharEtl.PAD);
    System.arraycopy(seq, t - before, row, window - before, before);
    return row;
  }

  /** Output classes of the model: the 98 characters, the pad slot, and the newline if kept. */
  public static int classes(boolean keepNewline) {
    return CharEtl.VOCAB_SIZE + (keepNewline ? 1 : 0);
  }
}
