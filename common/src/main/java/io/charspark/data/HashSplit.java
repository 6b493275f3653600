package io.charspark.data;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.charspark.config.CharsparkConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shard split ({@link Sharder#split}): stratified by label, ordered by {@code (sha256(salt + ":"
 * + id), id)}, cut at the configured fractions — exactly, and with no sort of the rows.
 *
 * <p>Within a label of {@code n} rows, the row of rank {@code r} (0-based in that order) goes to
 * train when {@code r / n < train}, to validation when {@code r / n < train + validation}, else to
 * test (double arithmetic, as {@code row_number()} over a window of the whole label would give). So
 * a label's first {@code r1} ranks are train and ranks from {@code r2} on are test, with {@code r1}
 * and {@code r2} known from {@code n} alone. The ranks themselves are only needed near those two
 * cuts:
 *
 * <ol>
 *   <li>one aggregation counts the rows per label and <em>bucket</em>, the first {@code d} hex
 *       digits of the hash (the hash order refines the bucket order); the driver adds the counts
 *       up, so each bucket knows the ranks it holds, {@code [c0, c1)};
 *   <li>a bucket wholly below {@code r1}, between the cuts or from {@code r2} on goes to one split
 *       by a column expression on its number; only the rows of the (at most two per label) buckets
 *       that hold a cut are collected — label, hash, id — and ranked on the driver (hash, then id
 *       by UTF-8 bytes, as Spark orders strings);
 *   <li>those rows' splits are joined back (a broadcast table), the rest take the expression.
 * </ol>
 *
 * {@code d} grows with the number of rows ({@link #digits}: 2 hex digits up to 65,536 rows, 3 up
 * to 16.7 million, 4 up to 4.3 billion), so the driver holds at most {@code 16^d} counts per label
 * and about {@code 4 n / 16^d} collected rows per label (a few hundred for a month of one
 * subreddit, about 65,000 for a billion rows). Whatever the file order, partitioning or cluster, the
 * result is the same as the window's ({@code SplitTest}).
 */
final class HashSplit {
  /** The rows with {@code split}, rows per split and label, and the sum of the flag column. */
  record Result(Dataset<Row> rows, Map<String, Map<String, Long>> labelCounts, long flagged) {}

  private HashSplit() {}

  /** Hex digits of the bucket for about {@code rows} rows: 2 to 6, {@code ceil(log256(rows))}. */
  static int digits(long rows) {
    int d = 2;
    while (d < 6 && Math.pow(256, d) < rows) d++;
    return d;
  }

  /** The smallest rank {@code r} of {@code [0, n]} with {@code !((double) r / n < f)}. */
  static long cut(double f, long n) {
    long r = Math.max(0, Math.min(n, (long) Math.ceil(f * n)));
    while (r > 0 && (double) (r - 1) / n >= f) r--;
    while (r < n && (double) r / n < f) r++;
    return r;
  }

  /**
   * Adds {@code split} to {@code df} (columns kept in order; {@code id} a unique string, {@code
   * label} any type, null a stratum of its own). {@code rowsHint}: about how many rows (≤ 0:
   * unknown, 3 hex digits); {@code flagColumn}: a boolean column summed into {@link
   * Result#flagged()} in the same pass, or null.
   */
  static Result split(Dataset<Row> df, CharsparkConfig.Split s, long rowsHint, String flagColumn) {
    int d = rowsHint > 0 ? digits(rowsHint) : 3;
    Column hash = sha2(concat(lit(s.salt()), lit(":"), col("id")), 256);
    Dataset<Row> hashed = df.withColumn("_h", hash)
        .withColumn("_b", conv(substring(col("_h"), 1, d), 16, 10).cast("long"));
    Column flag = flagColumn == null ? lit(0L) : sum(col(flagColumn).cast("long"));
    // 1. Rows per (label, bucket).
    Map<Object, TreeMap<Long, Long>> buckets = new LinkedHashMap<>();
    long flagged = 0;
    for (Row r : hashed.groupBy(col("label"), col("_b")).agg(count(lit(1)), flag).collectAsList()) {
      buckets.computeIfAbsent(r.get(0), k -> new TreeMap<>()).put(r.getLong(1), r.getLong(2));
      flagged += r.isNullAt(3) ? 0 : r.getLong(3);
    }
    // 2. Per label: the cuts, the bucket expression and the buckets that hold a cut.
    Map<String, Map<String, Long>> labelCounts = new TreeMap<>();
    Column byBucket = lit("test");
    Map<Object, Map<Long, Long>> boundary = new HashMap<>(); // label -> bucket -> its first rank
    Map<Object, long[]> cuts = new HashMap<>();
    Column boundaryRows = lit(false);
    for (Map.Entry<Object, TreeMap<Long, Long>> e : buckets.entrySet()) {
      long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      long r1 = cut(s.train(), n);
      long r2 = Math.max(r1, cut(s.train() + s.validation(), n));
      cuts.put(e.getKey(), new long[] {r1, r2});
      String label = String.valueOf(e.getKey());
      put(labelCounts, "train", label, r1);
      put(labelCounts, "validation", label, r2 - r1);
      put(labelCounts, "test", label, n - r2);
      long b1 = Long.MAX_VALUE;
      long b2 = Long.MAX_VALUE;
      long c0 = 0;
      List<Long> held = new ArrayList<>();
      for (Map.Entry<Long, Long> b : e.getValue().entrySet()) {
        long c1 = c0 + b.getValue();
        if (b1 == Long.MAX_VALUE && c1 > r1) b1 = b.getKey();
        if (b2 == Long.MAX_VALUE && c1 > r2) b2 = b.getKey();
        if (c0 < r1 && r1 < c1 || c0 < r2 && r2 < c1) {
          boundary.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(b.getKey(), c0);
          held.add(b.getKey());
        }
        c0 = c1;
      }
      Column isLabel = col("label").eqNullSafe(lit(e.getKey()));
      byBucket = when(isLabel, when(col("_b").lt(b1), lit("train"))
          .when(col("_b").lt(b2), lit("validation")).otherwise(lit("test"))).otherwise(byBucket);
      if (!held.isEmpty()) boundaryRows = boundaryRows.or(isLabel.and(col("_b").isin(held.toArray())));
    }
    // 3. The rows of the buckets that hold a cut, ranked here.
    Dataset<Row> out = hashed.withColumn("split", byBucket);
    if (!boundary.isEmpty()) {
      Map<Object, Map<Long, List<Row>>> rows = new HashMap<>();
      for (Row r : hashed.filter(boundaryRows).select("label", "_b", "_h", "id").collectAsList()) {
        rows.computeIfAbsent(r.get(0), k -> new TreeMap<>()).computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r);
      }
      List<Row> table = new ArrayList<>();
      for (Map.Entry<Object, Map<Long, List<Row>>> e : rows.entrySet()) {
        long[] c = cuts.get(e.getKey());
        for (Map.Entry<Long, List<Row>> b : e.getValue().entrySet()) {
          List<Row> in = b.getValue();
          in.sort(Comparator.<Row, byte[]>comparing(r -> utf8(r.getString(2)), Arrays::compareUnsigned)
              .thenComparing(r -> utf8(r.getString(3)), Arrays::compareUnsigned));
          long rank = boundary.get(e.getKey()).get(b.getKey());
          for (Row r : in) {
            String split = rank < c[0] ? "train" : rank < c[1] ? "validation" : "test";
            table.add(RowFactory.create(r.get(0), r.getString(3), split));
            rank++;
          }
        }
      }
      StructType schema = new StructType()
          .add("_bl", df.schema().apply("label").dataType())
          .add("_bid", DataTypes.StringType)
          .add("_bs", DataTypes.StringType);
      Dataset<Row> t = df.sparkSession().createDataFrame(table, schema);
      out = out.join(broadcast(t), col("label").eqNullSafe(col("_bl")).and(col("id").equalTo(col("_bid"))), "left_outer")
          .withColumn("split", coalesce(col("_bs"), col("split")));
    }
    List<Column> keep = new ArrayList<>();
    for (String c : df.columns()) keep.add(col(c));
    keep.add(col("split"));
    return new Result(out.select(keep.toArray(Column[]::new)), labelCounts, flagged);
  }

  private static void put(Map<String, Map<String, Long>> m, String split, String label, long n) {
    if (n > 0) m.computeIfAbsent(split, k -> new TreeMap<>()).merge(label, n, Long::sum);
  }

  private static byte[] utf8(String s) {
    return Objects.requireNonNull(s, "id").getBytes(StandardCharsets.UTF_8);
  }
}
