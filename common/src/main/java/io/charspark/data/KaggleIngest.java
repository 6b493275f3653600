package io.charspark.data;

import static io.charspark.data.KaggleFiles.IGNORED;
import static io.charspark.data.KaggleFiles.TEST;
import static io.charspark.data.KaggleFiles.TEST_LABELS;
import static io.charspark.data.KaggleFiles.TRAIN;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.charspark.data.KaggleFiles.KaggleFile;
import io.charspark.data.KaggleRecords.ParseFile;
import io.charspark.data.KaggleRecords.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads the Kaggle Jigsaw files (SPEC.md §3) for training and evaluation: {@code train*.csv}, and
 * {@code test.csv} joined with {@code test_labels*.csv}, into one DataFrame in which every input
 * record is accounted for, parsed with {@link KaggleCsv} (strict RFC 4180 with resynchronisation).
 * Files are told apart by {@link KaggleFiles}, read on the executors by {@link KaggleRecords}; the
 * input of {@code score} is {@link KaggleScoringInput}.
 *
 * <h2>Inputs</h2>
 *
 * {@code --input} is the folder holding the Kaggle files under their Kaggle names, or the files
 * themselves (globs and any Hadoop filesystem work), each optionally compressed ({@code .gz},
 * {@code .bz2}, {@code .zst}, {@code .xz}; decompressed on the executor, see
 * {@link io.charspark.io.Compression}). UTF-8: a byte-order mark is dropped; a UTF-16 file, or a
 * compressed file that cannot be read to its end (truncated download, damaged data), stops the job
 * with one line naming the file (docs/ingest.md), before anything is written. Files are recognised by
 * name: {@code train*.csv} (labelled comments), {@code test.csv} (comments), {@code test_labels*.csv}
 * (labels of the test comments; {@code -1} = not scored), {@code sample_submission*.csv} (ignored:
 * it holds no input). Any other name is an error naming the file; hidden files and {@code _*} are
 * skipped in folders. The header must hold {@code id}, {@code comment_text} (not test_labels) and
 * every configured label column; a missing column is an error naming the column and the file
 * (headers are checked in a small Spark job before anything else, so the error is clean).
 *
 * <p>Each file is parsed in one Spark task (a multi-line CSV cannot be split): a parallelized list
 * of file paths, flat-mapped on the executors, which open the file through the Hadoop filesystem.
 * The driver never reads file contents.
 *
 * <h2>Output: {@link #schema(List)}</h2>
 *
 * <pre>
 * id string, text string, &lt;one int column per label&gt;, kaggle string, scored boolean,
 * reject_reason string, raw string, source string, ordinal long, line long
 * </pre>
 *
 * One row per record of {@code train*.csv} and {@code test.csv} (test_labels rows are not input
 * records: they are joined onto the test rows and accounted in {@link LabelStats}).
 *
 * <ul>
 *   <li>{@code kaggle}: {@code "train"} or {@code "test"} (which file kind the row came from);
 *       {@code source}: the file's path; {@code ordinal}/{@code line}: record number (0-based,
 *       after the header) and 1-based first line in that file.
 *   <li>Labels are 0/1 for usable train rows and scored test rows, null otherwise (unscored,
 *       rejected); {@code scored} is true exactly when the row is kept and its labels are known.
 *   <li>{@code reject_reason} null = usable row; otherwise {@code raw} holds the record's text and
 *       the reason is one of the {@link KaggleCsv} reasons ({@code unclosed_quote},
 *       {@code bad_quote}, {@code field_count}, {@code record_too_long}, {@code blank_line}) or:
 *       {@code bad_id} (empty or contains whitespace), {@code bad_label} (a train label not 0/1; or
 *       the test row's test_labels row has a value outside {-1,0,1}, or mixes -1 with 0/1),
 *       {@code empty_text} (comment blank after trimming), {@code duplicate_id} (the id was seen
 *       before: the first usable row wins, train files before test.csv, then by path and ordinal).
 *       Checks run in that order; the first failing one is the reason. {@code raw} is null for
 *       usable rows.
 *   <li>Test rows: all labels 0/1 in test_labels → scored; all {@code -1} → not scored, labels
 *       null; no test_labels row (or no test_labels file) → not scored (counted in
 *       {@link LabelStats#testWithoutLabels}).
 * </ul>
 */
public final class KaggleIngest {
  private static final Set<String> RESERVED =
      Set.of("id", "text", "kaggle", "scored", "reject_reason", "raw", "source", "ordinal", "line",
          "label", "split", "comment_text");

  /**
   * Accounting of the test_labels rows. {@code records}: rows read (blank lines included);
   * {@code rejected}: by reason (CSV reasons, {@code bad_id}, {@code bad_label});
   * {@code duplicates}: rows whose id an earlier row already had (the first counts);
   * {@code matched}: test rows that found their test_labels row; {@code orphans}: ids of test_labels
   * with no row in test.csv; {@code testWithoutLabels}: test rows that found no test_labels row.
   * Test rows here are those that passed parsing and the id/text checks (duplicates included).
   */
  public record LabelStats(
      long records, Map<String, Long> rejected, long duplicates, long matched, long orphans,
      long testWithoutLabels) {}

  /**
   * The ingested records ({@link #records()}, schema {@link #schema(List)}), persisted until
   * {@link #close()}.
   */
  public static final class Ingest implements AutoCloseable {
    private final Dataset<Row> parsed;
    private final Dataset<Row> records;
    private final List<KaggleFile> files;
    private final List<String> labels;

    private Ingest(Dataset<Row> parsed, Dataset<Row> records, List<KaggleFile> files, List<String> labels) {
      this.parsed = parsed;
      this.records = records;
      this.files = files;
      this.labels = labels;
    }

    /** Every train/test record, usable or rejected (see the class comment). */
    public Dataset<Row> records() {
      return records;
    }

    public List<KaggleFile> files() {
      return files;
    }

    public boolean hasTestFile() {
      return files.stream().anyMatch(f -> f.kind().equals(TEST));
    }

    /** The test_labels accounting (runs a few small Spark jobs). */
    public LabelStats labelStats() {
      Dataset<Row> lab = parsed.filter(col("kaggle").equalTo(TEST_LABELS));
      long records = 0;
      Map<String, Long> rejected = new TreeMap<>();
      for (Row r : lab.groupBy("reject_reason").count().collectAsList()) {
        records += r.getLong(1);
        if (!r.isNullAt(0)) rejected.put(r.getString(0), r.getLong(1));
      }
      // One pass: per id, how many test_labels rows (with an id) and how many usable test rows.
      Dataset<Row> l = labelRowsWithId(parsed).groupBy("id").agg(count(lit(1)).as("nl"));
      Dataset<Row> t = parsed.filter(col("kaggle").equalTo(TEST).and(col("reject_reason").isNull()))
          .groupBy("id").agg(count(lit(1)).as("nt"));
      Row a = l.join(t, l.col("id").equalTo(t.col("id")), "full_outer")
          .agg(
              sum(when(col("nl").isNotNull(), col("nl").minus(1))).as("duplicates"),
              sum(when(col("nl").isNotNull(), col("nt"))).as("matched"),
              count(when(col("nt").isNull(), lit(1))).as("orphans"),
              sum(when(col("nl").isNull(), col("nt"))).as("without"))
          .first();
      long duplicates = a.isNullAt(0) ? 0 : a.getLong(0);
      long matched = a.isNullAt(1) ? 0 : a.getLong(1);
      long orphans = a.getLong(2);
      long without = a.isNullAt(3) ? 0 : a.getLong(3);
      return new LabelStats(records, rejected, duplicates, matched, orphans, without);
    }

    @Override
    public void close() {
      records.unpersist();
      parsed.unpersist();
    }

    List<String> labels() {
      return labels;
    }
  }

  private KaggleIngest() {}

  /** The schema of {@link Ingest#records()} for these label columns. */
  public static StructType schema(List<String> labels) {
    return KaggleRecords.schema(labels);
  }

  /** {@link #read(SparkSession, List, List, String)} with the Kaggle record-start pattern. */
  public static Ingest read(SparkSession spark, List<String> labels, List<String> inputs) {
    return read(spark, labels, inputs, KaggleCsv.KAGGLE_RECORD_START);
  }

  /**
   * Reads train/test/test_labels into {@link Ingest#records()} (persisted; close the result).
   * {@code recordStart}: see {@link KaggleCsv}.
   */
  public static Ingest read(
      SparkSession spark, List<String> labels, List<String> inputs, String recordStart) {
    for (String l : labels) {
      if (RESERVED.contains(l)) {
        throw new IllegalArgumentException("Label column '" + l + "' clashes with a column of the ingested data " + RESERVED);
      }
    }
    List<KaggleFile> all = KaggleFiles.expand(inputs, spark.sparkContext().hadoopConfiguration());
    List<KaggleFile> files = all.stream().filter(f -> !f.kind().equals(IGNORED)).toList();
    List<Rules> rules = files.stream().map(f -> Rules.of(f.kind())).toList();
    KaggleRecords.checkHeaders(spark, files, rules, labels);

    JavaRDD<Row> rows = KaggleRecords.parse(spark, files,
        new ParseFile(files, rules, labels, recordStart, KaggleRecords.conf(spark)));
    Dataset<Row> parsed = spark.createDataFrame(rows, KaggleRecords.parsedSchema(labels))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      failOnCorruptFile(parsed);
    } catch (RuntimeException e) {
      parsed.unpersist();
      throw e;
    }

    // test_labels: the first row of each id, with its labels, scored flag and bad_label.
    Dataset<Row> lab = labelRowsWithId(parsed)
        .withColumn("_rn", row_number().over(Window.partitionBy("id").orderBy(col("source"), col("ordinal"))))
        .filter(col("_rn").equalTo(1));
    List<Column> labCols = new ArrayList<>();
    labCols.add(col("id").as("_lid"));
    for (String l : labels) labCols.add(col(l).as("_l_" + l));
    labCols.add(col("scored").as("_lscored"));
    labCols.add(col("reject_reason").as("_lreason"));
    lab = lab.select(labCols.toArray(Column[]::new));

    Dataset<Row> test = parsed.filter(col("kaggle").equalTo(TEST));
    test = test.join(lab, test.col("id").equalTo(lab.col("_lid")), "left_outer")
        .withColumn("reject_reason",
            coalesce(col("reject_reason"), when(col("_lreason").equalTo("bad_label"), lit("bad_label"))))
        .withColumn("scored", col("reject_reason").isNull().and(coalesce(col("_lscored"), lit(false))));
    for (String l : labels) test = test.withColumn(l, col("_l_" + l));
    test = test.select(columns(KaggleRecords.parsedSchema(labels)));
    Dataset<Row> train = parsed.filter(col("kaggle").equalTo(TRAIN)).select(columns(KaggleRecords.parsedSchema(labels)));

    Dataset<Row> records = dedupe(train.unionByName(test), true);
    records = records.withColumn("scored", col("reject_reason").isNull().and(col("scored")));
    for (String l : labels) records = records.withColumn(l, when(col("scored"), col(l)));
    records = records.select(columns(schema(labels))).persist(StorageLevel.MEMORY_AND_DISK());
    return new Ingest(parsed, records, all, labels);
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  /** Throws the one-line description of the first file that could not be read to its end. */
  static void failOnCorruptFile(Dataset<Row> parsed) {
    List<Row> bad = parsed.filter(col("reject_reason").equalTo(RedditIngest.FILE_CORRUPT))
        .select("source", "raw").orderBy("source").collectAsList();
    if (bad.isEmpty()) return;
    String more = bad.size() == 1 ? "" : "; " + (bad.size() - 1) + " more: " + String.join(", ",
        bad.subList(1, bad.size()).stream().map(r -> RedditIngest.display(r.getString(0))).toList());
    throw new RedditIngest.CorruptInputException(bad.get(0).getString(1) + more);
  }

  /** test_labels rows whose id was read (usable or bad_label). */
  static Dataset<Row> labelRowsWithId(Dataset<Row> parsed) {
    return parsed.filter(col("kaggle").equalTo(TEST_LABELS)
        .and(col("reject_reason").isNull().or(col("reject_reason").equalTo("bad_label"))));
  }

  /** Usable rows whose id an earlier usable row had → duplicate_id (train before test, path, ordinal). */
  static Dataset<Row> dedupe(Dataset<Row> rows, boolean trainFirst) {
    Column ok = col("reject_reason").isNull();
    Column kindOrder = trainFirst ? when(col("kaggle").equalTo(TRAIN), lit(0)).otherwise(lit(1)) : lit(0);
    Column rn = row_number().over(
        Window.partitionBy(col("id"), ok).orderBy(kindOrder, col("source"), col("ordinal")));
    return rows.withColumn("_rn", rn)
        .withColumn("reject_reason", when(ok.and(col("_rn").gt(1)), lit("duplicate_id")).otherwise(col("reject_reason")))
        .withColumn("raw", when(col("reject_reason").equalTo("duplicate_id"), col("raw_if_rejected")).otherwise(col("raw")))
        .drop("_rn");
  }

  private static Column[] columns(StructType schema) {
    List<Column> c = new ArrayList<>();
    for (String f : schema.fieldNames()) c.add(col(f));
    return c.toArray(Column[]::new);
  }
}
