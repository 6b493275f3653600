package io.charspark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.KaggleIngest.Ingest;
import io.charspark.data.KaggleFiles.KaggleFile;
import io.charspark.data.KaggleIngest.LabelStats;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code shard} pipeline of workload {@code toxic}: Kaggle Jigsaw files ({@link KaggleIngest})
 * → de-duplicated, stratified, deterministic splits → Parquet shards + manifest, the same layout
 * and guarantees as {@link Sharder}.
 *
 * <h2>Splits</h2>
 *
 * <ul>
 *   <li>Rows of {@code train*.csv} are split by the salted id hash of {@link Sharder#split},
 *       stratified on {@code toxic.stratify_on}. With a {@code test.csv} among the inputs they go
 *       to {@code train}/{@code validation} only, the configured {@code split.train :
 *       split.validation} renormalised to sum to 1; without one, to
 *       {@code train}/{@code validation}/{@code test} with the configured fractions.
 *   <li>Scored rows of {@code test.csv} (labels 0/1 in test_labels) → {@code test}; unscored ones
 *       (-1, or no test_labels row) → {@code unscored}, kept for prediction and never in metrics.
 * </ul>
 *
 * <h2>Output</h2>
 *
 * {@code DIR/{train,validation,test,unscored}/part-*.parquet} with columns {@code id, text,
 * <labels...> (int; null in unscored), label (int: the stratify_on label, so code that reads
 * "label" works), scored (boolean)}; {@code DIR/manifest.json}; {@code DIR/config.conf};
 * {@code DIR/rejected/} (JSON lines: source, reason, raw). Manifest, toxic flavour:
 *
 * <ul>
 *   <li>{@code input_records}: records of train*.csv and test.csv, rejected ones and blank lines
 *       included (test_labels rows are not input records: they are joined onto test rows);
 *       {@code input_records == output_rows + sum(rejected)}: duplicates are rejected with reason
 *       {@code duplicate_id}, so {@code duplicates} is 0, and nothing is {@code filtered}.
 *   <li>{@code splits}: rows of train, validation, test, unscored.
 *   <li>{@code label_counts}: split → {label name → positive rows, {@code "rows"} → rows}
 *       ({@code unscored}: {@code rows} only).
 *   <li>{@code label_field}: the stratify_on label.
 *   <li>{@code inputs}: one entry per file: {@code path, compression, layout=csv, kaggle}
 *       (train/test/test_labels/ignored) and counts as strings: train and test files
 *       {@code records, rejected}, train {@code rows} (usable), test {@code scored, unscored,
 *       without_labels_row} (the last one: over all test files); test_labels files (totals over all
 *       test_labels files): {@code records, rejected, duplicate_ids, matched_test_rows,
 *       orphans} (orphans: test_labels ids with no test.csv row).
 * </ul>
 */
public final class ToxicSharder {
  public static final String UNSCORED = ShardDirectory.UNSCORED;
  /** The splits a toxic shard directory holds, in order. */
  public static final List<String> SPLITS = List.of("train", "validation", "test", UNSCORED);

  private ToxicSharder() {}

  public static Manifest run(
      SparkSession spark, CharsparkConfig cfg, List<String> inputs, Path output, boolean overwrite,
      Consumer<String> log) {
    return run(spark, cfg, inputs, output.toString(), overwrite, log);
  }

  /** The Kaggle files of {@code inputs}; fails on an unknown file or a missing {@code train*.csv}. */
  static List<KaggleFile> expandInputs(List<String> inputs, org.apache.hadoop.conf.Configuration hadoop) {
    List<KaggleFile> expanded = KaggleFiles.expand(inputs, hadoop);
    if (expanded.stream().noneMatch(f -> f.kind().equals(KaggleFiles.TRAIN))) {
      throw new IllegalArgumentException(
          "shard for workload toxic needs a train*.csv among the inputs " + String.join(", ", inputs));
    }
    return expanded;
  }

  /** {@code output}: a local path or any Hadoop filesystem URI. */
  public static Manifest run(
      SparkSession spark, CharsparkConfig cfg, List<String> inputs, String output, boolean overwrite,
      Consumer<String> log) {
    if (!cfg.isToxic()) throw new IllegalArgumentException("ToxicSharder needs workload toxic, got " + cfg.workload);
    List<String> labels = cfg.toxic.labels();
    String strat = cfg.toxic.stratifyOn();
    // Fail on unknown files and a missing train.csv before creating the output.
    expandInputs(inputs, spark.sparkContext().hadoopConfiguration());
    OutputDir out = OutputDir.create(output, overwrite);
    Ingest in = null;
    Dataset<Row> kept = null;
    try {
      spark.sparkContext().setJobGroup("shard-ingest", "parse Kaggle CSV files", false);
      in = KaggleIngest.read(spark, labels, inputs);
      log.accept("shard: " + in.files().size() + " input file(s): " + describeKinds(in.files()));
      Dataset<Row> records = in.records();
      Manifest m = new Manifest();
      m.workload = cfg.workload;
      m.labelField = strat;
      Map<String, Map<String, Long>> perFile = new HashMap<>();
      long usableTrain = 0;
      for (Row r : records.groupBy("source", "kaggle", "reject_reason", "scored").count().collectAsList()) {
        String source = r.getString(0);
        long n = r.getLong(4);
        Map<String, Long> f = perFile.computeIfAbsent(source, k -> new TreeMap<>());
        f.merge("records", n, Long::sum);
        m.inputRecords += n;
        if (!r.isNullAt(2)) {
          m.rejected.merge(r.getString(2), n, Long::sum);
          f.merge("rejected", n, Long::sum);
        } else if (r.getString(1).equals(KaggleFiles.TRAIN)) {
          f.merge("rows", n, Long::sum);
          usableTrain += n;
        } else {
          f.merge(r.getBoolean(3) ? "scored" : "unscored", n, Long::sum);
        }
      }
      LabelStats ls = in.labelStats();
      m.inputs = describe(in.files(), perFile, ls);
      log.accept("shard: " + m.inputRecords + " input records, rejected " + m.rejected);
      if (in.files().stream().anyMatch(f -> f.kind().equals(KaggleFiles.TEST_LABELS))) {
        log.accept("shard: test_labels: " + ls.records() + " rows, rejected " + ls.rejected() + ", duplicate ids "
            + ls.duplicates() + ", matched " + ls.matched() + " test rows, " + ls.orphans()
            + " ids without a test.csv row; " + ls.testWithoutLabels() + " test rows without a test_labels row");
      }
      if (usableTrain == 0) {
        List<String> trainFiles = in.files().stream()
            .filter(f -> f.kind().equals(KaggleFiles.TRAIN)).map(KaggleFile::path).toList();
        long trainRecords = trainFiles.stream()
            .mapToLong(f -> perFile.getOrDefault(f, Map.of()).getOrDefault("records", 0L)).sum();
        throw new IllegalStateException(trainRecords == 0
            ? "Input " + String.join(", ", trainFiles) + " holds no records (a CSV header only)"
            : "No usable rows in " + String.join(", ", trainFiles) + ": " + trainRecords
                + " records, all rejected " + m.rejected);
      }

      spark.sparkContext().setJobGroup("shard-split", "split", false);
      boolean hasTest = in.hasTestFile();
      CharsparkConfig.Split s = cfg.split;
      CharsparkConfig.Split eff = s;
      if (hasTest) {
        double tr = s.train() / (s.train() + s.validation());
        eff = new CharsparkConfig.Split(tr, 1.0 - tr, 0.0, s.salt());
      }
      Dataset<Row> ok = records.filter(col("reject_reason").isNull()).withColumn("label", col(strat));
      Dataset<Row> train = Sharder.split(ok.filter(col("kaggle").equalTo(KaggleFiles.TRAIN)), eff);
      // Rounding can leave the last row of a stratum past train + validation: keep it in validation.
      if (hasTest) train = train.withColumn("split", when(col("split").equalTo("test"), lit("validation")).otherwise(col("split")));
      Dataset<Row> test = ok.filter(col("kaggle").equalTo(KaggleFiles.TEST))
          .withColumn("split", when(col("scored"), lit("test")).otherwise(lit(UNSCORED)));
      kept = train.unionByName(test).select(outputColumns(labels, true))
          .persist(StorageLevel.MEMORY_AND_DISK());

      List<Column> aggs = new ArrayList<>();
      for (String l : labels) aggs.add(sum(col(l)).as(l));
      for (Row r : kept.groupBy("split").agg(count(lit(1)).as("rows"), aggs.toArray(Column[]::new)).collectAsList()) {
        String split = r.getString(0);
        long n = r.getLong(1);
        m.splits.put(split, n);
        m.outputRows += n;
        Map<String, Long> c = m.labelCounts.computeIfAbsent(split, k -> new TreeMap<>());
        c.put("rows", n);
        if (!split.equals(UNSCORED)) {
          for (int k = 0; k < labels.size(); k++) c.put(labels.get(k), r.isNullAt(2 + k) ? 0L : r.getLong(2 + k));
        }
      }
      for (String split : SPLITS) m.splits.putIfAbsent(split, 0L);
      m.duplicates = 0;

      spark.sparkContext().setJobGroup("shard-write", "write Parquet shards", false);
      for (String split : SPLITS) {
        kept.filter(col("split").equalTo(split))
            .select(outputColumns(labels, false))
            .repartition(cfg.filesPerSplit, col("id"))
            .sortWithinPartitions("id")
            .write()
            .mode(SaveMode.ErrorIfExists)
            .parquet(out.dataUri(split));
      }
      Sharder.writeRejected(records, out.dataUri("rejected"));
      if (!m.balanced()) {
        throw new IllegalStateException("Internal error: manifest does not balance: " + m.inputRecords
            + " input records, " + m.outputRows + " rows, rejected " + m.rejected);
      }
      m.createdBy.putAll(Provenance.versions(spark));
      Json.write(out.resolve("manifest.json"), m);
      cfg.saveTo(out.resolve("config.conf"));
      out.commit();
      StringBuilder pos = new StringBuilder();
      for (String l : labels) {
        pos.append(pos.length() == 0 ? "" : ", ").append(l).append('=')
            .append(m.labelCounts.getOrDefault("train", Map.of()).getOrDefault(l, 0L));
      }
      log.accept("shard: wrote " + m.outputRows + " rows " + m.splits + " to " + output
          + " (train positives: " + pos + ")");
      return m;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      if (kept != null) kept.unpersist();
      if (in != null) in.close();
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The Parquet columns, in order: id, text, labels..., label, scored (+ split while splitting). */
  static Column[] outputColumns(List<String> labels, boolean withSplit) {
    List<Column> c = new ArrayList<>();
    c.add(col("id"));
    c.add(col("text"));
    for (String l : labels) c.add(col(l));
    c.add(col("label"));
    c.add(col("scored"));
    if (withSplit) c.add(col("split"));
    return c.toArray(Column[]::new);
  }

  private static String describeKinds(List<KaggleFile> files) {
    StringBuilder sb = new StringBuilder();
    for (KaggleFile f : files) sb.append(sb.length() == 0 ? "" : ", ").append(f.name()).append(" (").append(f.kind()).append(')');
    return sb.toString();
  }

  static List<Map<String, String>> describe(
      List<KaggleFile> files, Map<String, Map<String, Long>> perFile, LabelStats ls) {
    List<Map<String, String>> out = new ArrayList<>();
    for (KaggleFile f : files) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("compression", f.compression());
      m.put("layout", "csv");
      m.put("kaggle", f.kind());
      Map<String, Long> c = perFile.getOrDefault(f.path(), Map.of());
      switch (f.kind()) {
        case KaggleFiles.TRAIN -> {
          m.put("records", String.valueOf(c.getOrDefault("records", 0L)));
          m.put("rejected", String.valueOf(c.getOrDefault("rejected", 0L)));
          m.put("rows", String.valueOf(c.getOrDefault("rows", 0L)));
        }
        case KaggleFiles.TEST -> {
          m.put("records", String.valueOf(c.getOrDefault("records", 0L)));
          m.put("rejected", String.valueOf(c.getOrDefault("rejected", 0L)));
          m.put("scored", String.valueOf(c.getOrDefault("scored", 0L)));
          m.put("unscored", String.valueOf(c.getOrDefault("unscored", 0L)));
          m.put("without_labels_row", String.valueOf(ls.testWithoutLabels()));
        }
        case KaggleFiles.TEST_LABELS -> {
          m.put("records", String.valueOf(ls.records()));
          m.put("rejected", String.valueOf(ls.rejected().values().stream().mapToLong(Long::longValue).sum()));
          m.put("duplicate_ids", String.valueOf(ls.duplicates()));
          m.put("matched_test_rows", String.valueOf(ls.matched()));
          m.put("orphans", String.valueOf(ls.orphans()));
        }
        default -> { }
      }
      out.add(m);
    }
    return out;
  }
}
