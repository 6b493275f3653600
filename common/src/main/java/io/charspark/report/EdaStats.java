package io.charspark.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.regexp_extract_all;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.charspark.data.Sharder;
import io.charspark.data.ShardDirectory;
import io.charspark.etl.CharEtl;
import io.charspark.etl.SparkCharEtl;
import io.charspark.io.Fs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark SQL behind {@code eda}: built-in expressions only (no UDF), aggregated on the executors,
 * so only small tables (one row per split × label, per histogram bin, per replaced character) reach
 * the driver.
 *
 * <p>Input: every non-empty split of a shard directory, {@code etl.max_length}, and whether the
 * workload keeps newlines. Per text it derives the cleaned length ({@link SparkCharEtl#clean}, the
 * exact sequence the ETL truncates), the unique-token ratio (distinct lower-cased whitespace tokens
 * ÷ tokens; undefined for a text without tokens) and the characters the ETL replaces (matches of
 * {@link CharEtl#OUT_OF_VOCAB_REGEX} in the lower-cased text, one per code point). Length bins
 * are 1, 2 or 5 × 10^k characters wide, chosen so that 39 bins reach the 99th percentile (and
 * {@code maxLength} when asked); the 40th is open-ended. Output: an
 * {@link EdaResult}. Failure modes: a shard directory without rows is an {@link
 * IllegalArgumentException}; Spark errors propagate.
 */
public final class EdaStats {
  public static final int LENGTH_BINS = 40;
  public static final int RATIO_BINS = 20;
  public static final int TOP_CHARS = 20;

  private EdaStats() {}

  /**
   * {@code coverMaxLength}: let the length bins reach {@code maxLength} even when nearly every text
   * is shorter (a classifier, whose sequences it cuts); off for the language model, which reads
   * windows and for which {@code etl.max_length} would squeeze the histogram into a few bins.
   */
  public static EdaResult compute(SparkSession spark, ShardDirectory shards, int maxLength,
      boolean keepNewline, boolean coverMaxLength, Consumer<String> log) {
    return compute(spark, shards, maxLength, keepNewline, coverMaxLength, null, log);
  }

  /**
   * {@code labels}: the label columns of a multi-label workload (toxic), each its own group (a
   * text with several labels counts in each; texts with none form the group {@link #CLEAN}); null:
   * the shards' one {@code label} column (0/1) is the group.
   */
  public static EdaResult compute(SparkSession spark, ShardDirectory shards, int maxLength,
      boolean keepNewline, boolean coverMaxLength, List<String> labels, Consumer<String> log) {
    Dataset<Row> texts = perText(spark, shards, keepNewline, labels).persist(StorageLevel.MEMORY_AND_DISK());
    // One row per (text, group): the per-group figures; totals come from texts.
    Dataset<Row> grouped = texts.withColumn("label", explode(col("labels")));
    try {
      long t0 = System.nanoTime();
      Row range = texts.agg(count(lit(1)), percentile_approx(col("chars"), lit(0.99), lit(10_000)),
          sum(when(col("chars").gt(maxLength), 1L).otherwise(0L))).first();
      long rows = range.getLong(0);
      if (rows == 0) throw new IllegalArgumentException(shards.dir() + " has no rows to describe");
      int width = binWidth(coverMaxLength ? Math.max(maxLength, range.getInt(1)) : range.getInt(1));
      log.accept(String.format(java.util.Locale.ROOT,
          "eda: %,d texts read and cleaned (%.1fs); length bins of %d characters", rows, secs(t0), width));

      List<Row> stats = grouped.groupBy("split", "label").agg(
              count(lit(1)).as("rows"),
              sum(when(col("chars").gt(maxLength), 1).otherwise(0)).as("truncated"),
              min("chars"), avg("chars"), max("chars"),
              percentile_approx(col("chars"), array(lit(0.5), lit(0.9), lit(0.99)), lit(10_000)),
              count("ratio"), avg("ratio"), percentile_approx(col("ratio"), lit(0.5), lit(10_000)),
              sum("n_replaced"), sum(when(col("n_replaced").gt(0), 1).otherwise(0)))
          .collectAsList();
      Map<String, long[]> lengthHist = histogram(grouped,
          least(floor(col("chars").divide(width)), lit(LENGTH_BINS - 1)), LENGTH_BINS);
      Map<String, long[]> ratioHist = histogram(grouped.where(col("ratio").isNotNull()),
          least(floor(col("ratio").multiply(RATIO_BINS)), lit(RATIO_BINS - 1)), RATIO_BINS);
      log.accept(String.format(java.util.Locale.ROOT, "eda: counts, lengths and token ratios per split and label (%.1fs)", secs(t0)));

      Dataset<Row> chars = texts.select(col("split"), col("labels"), explode(col("oov")).as("ch"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, List<EdaResult.CharCount>> topByGroup = new HashMap<>();
      for (Row r : chars.withColumn("label", explode(col("labels"))).groupBy("split", "label", "ch").count()
          .withColumn("rank", row_number().over(
              Window.partitionBy("split", "label").orderBy(desc("count"), col("ch"))))
          .where(col("rank").leq(TOP_CHARS)).orderBy("split", "label", "rank").collectAsList()) {
        topByGroup.computeIfAbsent(key(r.getString(0), r.getString(1)), k -> new ArrayList<>())
            .add(EdaResult.CharCount.of(r.getString(2), r.getLong(3)));
      }
      List<EdaResult.CharCount> top = new ArrayList<>();
      for (Row r : chars.groupBy("ch").count().orderBy(desc("count"), col("ch")).limit(TOP_CHARS).collectAsList()) {
        top.add(EdaResult.CharCount.of(r.getString(0), r.getLong(1)));
      }
      long distinct = chars.agg(countDistinct("ch")).first().getLong(0);
      chars.unpersist();
      log.accept(String.format(java.util.Locale.ROOT, "eda: replaced characters counted, %d distinct (%.1fs)", distinct, secs(t0)));

      Map<String, Long> splitRows = new java.util.TreeMap<>();
      for (Row r : texts.groupBy("split").count().collectAsList()) splitRows.put(r.getString(0), r.getLong(1));
      List<EdaResult.Group> groups = new ArrayList<>();
      for (Row r : stats) {
        String split = r.getString(0);
        String label = r.getString(1);
        String k = key(split, label);
        long n = r.getLong(2);
        long trunc = r.getLong(3);
        List<Integer> pct = r.getList(7);
        long withTokens = r.getLong(8);
        groups.add(new EdaResult.Group(split, label, n, (double) n / splitRows.get(split),
            new EdaResult.Lengths(r.getInt(4), r.getDouble(5), pct.get(0), pct.get(1), pct.get(2), r.getInt(6)),
            trunc, (double) trunc / n, withTokens,
            withTokens == 0 ? Double.NaN : r.getDouble(9), withTokens == 0 ? Double.NaN : r.getDouble(10),
            r.getLong(11), r.getLong(12),
            lengthHist.getOrDefault(k, new long[LENGTH_BINS]), ratioHist.getOrDefault(k, new long[RATIO_BINS]),
            topByGroup.getOrDefault(k, List.of())));
      }
      groups.sort((a, b) -> a.split().equals(b.split())
          ? Integer.compare(labelOrder(a.label(), labels), labelOrder(b.label(), labels)) != 0
              ? Integer.compare(labelOrder(a.label(), labels), labelOrder(b.label(), labels))
              : a.label().compareTo(b.label())
          : Integer.compare(Sharder.SPLITS.indexOf(a.split()), Sharder.SPLITS.indexOf(b.split())));
      return new EdaResult(shards.manifest().workload, Fs.qualified(shards.dir()), maxLength,
          keepNewline, rows, width, LENGTH_BINS, RATIO_BINS, groups, top, distinct, splitRows, range.getLong(2));
    } finally {
      texts.unpersist();
    }
  }

  /** Position of a group in the output: label order for a multi-label workload, {@link #CLEAN} last. */
  private static int labelOrder(String label, List<String> labels) {
    if (labels == null) return 0;
    int i = labels.indexOf(label);
    return i < 0 ? labels.size() : i;
  }

  /** The group of texts with none of a multi-label workload's labels. */
  public static final String CLEAN = "clean";

  public static Dataset<Row> perText(SparkSession spark, ShardDirectory shards, boolean keepNewline) {
    return perText(spark, shards, keepNewline, null);
  }

  /**
   * One row per text: {@code split, labels, chars, ratio, oov, n_replaced}; {@code labels} is the
   * array of the text's groups as strings: {@code ["0"]} or {@code ["1"]} from the {@code label}
   * column, or, given multi-label {@code labels}, the names of those set to 1 ({@code ["clean"]}
   * when none is). Public so tests can check the per-text columns against the plain-Java ETL.
   */
  public static Dataset<Row> perText(SparkSession spark, ShardDirectory shards, boolean keepNewline,
      List<String> labels) {
    Column groups;
    if (labels == null) {
      groups = array(col("label").cast("string"));
    } else {
      Column[] named = new Column[labels.size()];
      for (int i = 0; i < named.length; i++) {
        named[i] = when(col(labels.get(i)).equalTo(1), lit(labels.get(i)));
      }
      Column set = filter(array(named), x -> x.isNotNull());
      groups = when(size(set).gt(0), set).otherwise(array(lit(CLEAN)));
    }
    Dataset<Row> all = null;
    for (String s : Sharder.SPLITS) {
      if (shards.manifest().splits.getOrDefault(s, 0L) == 0) continue;
      Dataset<Row> d = shards.read(spark, s).select(lit(s).as("split"), groups.as("labels"), col("text"));
      all = all == null ? d : all.unionByName(d);
    }
    if (all == null) throw new IllegalArgumentException(shards.dir() + " has no rows in any split");
    Column lowered = lower(coalesce(col("text"), lit("")));
    String oov = keepNewline ? CharEtl.OUT_OF_VOCAB_REGEX_NL : CharEtl.OUT_OF_VOCAB_REGEX;
    Column tokens = col("tokens");
    return all
        .withColumn("tokens", filter(split(lowered, "\\s+"), t -> length(t).gt(0)))
        .select(
            col("split"),
            col("labels"),
            length(SparkCharEtl.clean(col("text"), keepNewline)).as("chars"),
            when(size(tokens).gt(0), size(array_distinct(tokens)).divide(size(tokens))).as("ratio"),
            // Group 0 of a one-character class: each match is one replaced code point.
            regexp_extract_all(lowered, lit(oov), lit(0)).as("oov"))
        .withColumn("n_replaced", size(col("oov")));
  }

  /** Counts per (split, label, bin) for a bin column, as split/label → counts array. */
  private static Map<String, long[]> histogram(Dataset<Row> texts, Column bin, int bins) {
    Map<String, long[]> out = new TreeMap<>();
    for (Row r : texts.select(col("split"), col("label"), bin.cast("int").as("bin"))
        .groupBy("split", "label", "bin").count().collectAsList()) {
      out.computeIfAbsent(key(r.getString(0), r.getString(1)), k -> new long[bins])[r.getInt(2)] = r.getLong(3);
    }
    return out;
  }

  /**
   * A readable bin width: the smallest 1, 2 or 5 × 10^k such that {@code LENGTH_BINS − 1} bins
   * reach {@code upper} (so only rare outliers fall into the last, open-ended bin).
   */
  static int binWidth(int upper) {
    double raw = Math.max(1.0, upper / (double) (LENGTH_BINS - 1));
    for (long p = 1; ; p *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        if (m * p >= raw) return (int) (m * p);
      }
    }
  }

  private static String key(String split, String label) {
    return split + "/" + label;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
