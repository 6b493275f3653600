package io.charspark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The parallel split ({@link Sharder#split}): exactly the split of a {@code row_number()} window
 * over each whole label (the reference below, the implementation before issue #19), whatever the
 * row order and partitioning of the input and the number of shuffle partitions.
 */
class SplitTest extends SparkTestBase {
  static final CharsparkConfig.Split SPLIT = new CharsparkConfig.Split(0.8, 0.1, 0.1, "salt-19");
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType).add("label", DataTypes.IntegerType).add("text", DataTypes.StringType);

  /** 3,001 ids: label 0 (70%), 1 (29%), 2 (the rest) and a few null labels, one stratum each. */
  static List<Row> rows() {
    SplittableRandom r = new SplittableRandom(19);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < 3001; i++) {
      double u = r.nextDouble();
      Integer label = u < 0.7 ? Integer.valueOf(0) : u < 0.99 ? Integer.valueOf(1) : u < 0.995 ? Integer.valueOf(2) : null;
      out.add(RowFactory.create(Long.toString(r.nextLong() & Long.MAX_VALUE, 36), label, "t" + i));
    }
    return out;
  }

  /** The old single-task split: row_number over the whole label. */
  static Dataset<Row> reference(Dataset<Row> df, CharsparkConfig.Split s) {
    Column h = sha2(concat(lit(s.salt()), lit(":"), col("id")), 256);
    WindowSpec byLabel = Window.partitionBy("label").orderBy(col("_h"), col("id"));
    Column pos = row_number().over(byLabel).minus(1).cast("double")
        .divide(count(lit(1)).over(Window.partitionBy("label")));
    return df.withColumn("_h", h).withColumn("_pos", pos)
        .withColumn("split", when(col("_pos").lt(s.train()), lit("train"))
            .when(col("_pos").lt(s.train() + s.validation()), lit("validation")).otherwise(lit("test")))
        .drop("_h", "_pos");
  }

  static Map<String, String> splitOf(Dataset<Row> df) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : df.select("id", "split").collectAsList()) m.put(r.getString(0), r.getString(1));
    return m;
  }

  @Test
  void sameSplitAsTheWholeLabelWindowForAnyOrderAndPartitioning() {
    List<Row> rows = rows();
    Map<String, String> expected = splitOf(reference(spark.createDataFrame(rows, SCHEMA), SPLIT));
    assertEquals(rows.size(), expected.size());
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    try {
      int[][] cases = {{1, 1}, {7, 3}, {3, 8}, {11, 200}}; // input partitions, shuffle partitions
      for (int[] c : cases) {
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new java.util.Random(c[0] * 31L + c[1]));
        spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(c[1]));
        Dataset<Row> df = spark.createDataFrame(shuffled, SCHEMA).repartition(c[0]);
        Dataset<Row> out = Sharder.split(df, SPLIT);
        assertEquals(List.of("id", "label", "text", "split"), List.of(out.columns()));
        assertEquals(expected, splitOf(out), "input partitions " + c[0] + ", shuffle partitions " + c[1]);
      }
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
    // Exact fractions per label: label 0 has 2,1xx rows; train is floor-exact (rank / n < 0.8).
    Map<Integer, long[]> perLabel = new TreeMap<>();
    for (Row r : rows) {
      if (r.isNullAt(1)) continue;
      long[] c = perLabel.computeIfAbsent(r.getInt(1), k -> new long[4]);
      c[0]++;
      String s = expected.get(r.getString(0));
      c[s.equals("train") ? 1 : s.equals("validation") ? 2 : 3]++;
    }
    for (Map.Entry<Integer, long[]> e : perLabel.entrySet()) {
      long n = e.getValue()[0];
      assertEquals((long) Math.ceil(0.8 * n), e.getValue()[1], "train rows of label " + e.getKey());
      assertTrue(Math.abs(e.getValue()[2] - 0.1 * n) <= 1, "validation rows of label " + e.getKey());
    }
  }

  /**
   * The buckets' width does not change the split: with 2 hex digits (256 buckets, about ten rows
   * each, so the buckets that hold a cut have several rows to rank on the driver) up to 6; and the
   * counts per split and label come out exact.
   */
  @Test
  void sameSplitWhateverTheBucketWidthAndExactCounts() {
    List<Row> rows = rows();
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    Map<String, String> expected = splitOf(reference(df, SPLIT));
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (Row r : rows) {
      counts.computeIfAbsent(expected.get(r.getString(0)), k -> new TreeMap<>())
          .merge(String.valueOf(r.isNullAt(1) ? null : r.getInt(1)), 1L, Long::sum);
    }
    for (long hint : new long[] {1, 100_000, 1L << 41}) {
      HashSplit.Result res = HashSplit.split(df, SPLIT, hint, null);
      assertEquals(expected, splitOf(res.rows()), "rows hint " + hint + " (" + HashSplit.digits(hint) + " hex digits)");
      assertEquals(counts, res.labelCounts(), "counts, rows hint " + hint);
    }
    assertEquals(List.of(2, 3, 6), List.of(HashSplit.digits(1), HashSplit.digits(100_000), HashSplit.digits(1L << 41)));
  }

  /** The cut is the first rank r with !(r / n < f) in double arithmetic, as the window's test. */
  @Test
  void cutIsTheFirstRankNotBelowTheFraction() {
    double[] fs = {0.0, 0.1, 0.8, 0.9, 0.8 + 0.1, 1.0, 1.0 / 3, 0.7};
    for (long n = 1; n <= 400; n++) {
      for (double f : fs) {
        long r = 0;
        while (r < n && (double) r / n < f) r++;
        assertEquals(r, HashSplit.cut(f, n), "f " + f + ", n " + n);
      }
    }
  }
}
