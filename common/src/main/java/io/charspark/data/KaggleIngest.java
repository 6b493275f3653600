package io.charspark.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.charspark.io.XzCodec;
import io.charspark.io.ZstdCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads the Kaggle Jigsaw files (SPEC.md §3) into one DataFrame in which every input record is
 * accounted for, parsed with {@link KaggleCsv} (strict RFC 4180 with resynchronisation).
 *
 * <h2>Inputs</h2>
 *
 * {@code --input} is the folder holding the Kaggle files under their Kaggle names, or the files
 * themselves (globs and any Hadoop filesystem work), each optionally compressed ({@code .gz},
 * {@code .bz2}, {@code .zst}, {@code .xz}; decompressed on the executor through Hadoop's
 * {@link CompressionCodecFactory}, {@code .zst} through {@link ZstdCodec}, {@code .xz} through
 * {@link XzCodec}). UTF-8: a byte-order mark is dropped; a UTF-16 file, or a
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
  public static final String TRAIN = "train";
  public static final String TEST = "test";
  public static final String TEST_LABELS = "test_labels";
  public static final String IGNORED = "ignored";
  private static final List<String> COMPRESSIONS = List.of(".zst", ".gz", ".bz2", ".xz");
  private static final Set<String> RESERVED =
      Set.of("id", "text", "kaggle", "scored", "reject_reason", "raw", "source", "ordinal", "line",
          "label", "split", "comment_text");

  /** One input file: its path as Spark reports it, compression, and kind (train/test/test_labels/ignored). */
  public record KaggleFile(String path, String compression, String kind) implements Serializable {
    public String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

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

  /**
   * Scoring input: {@link #rows()} has {@link #SCORING_SCHEMA}; {@link #kaggleTestFile()} is the
   * {@code source} of the input file named {@code test.csv} (any compression), or null.
   */
  public record Scoring(Dataset<Row> rows, List<KaggleFile> files, String kaggleTestFile) {}

  /**
   * {@code id string, text string, reject_reason string, raw string, source string, ordinal long,
   * line long}: one row per record of the scoring CSVs. Reasons: the {@link KaggleCsv} ones,
   * {@code bad_id}, {@code duplicate_id} (the first row of an id wins, by path then ordinal). Unlike
   * {@code shard}, a blank comment is kept (a submission needs a prediction for every id).
   */
  public static final StructType SCORING_SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("text", DataTypes.StringType)
          .add("reject_reason", DataTypes.StringType)
          .add("raw", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("ordinal", DataTypes.LongType)
          .add("line", DataTypes.LongType);

  private KaggleIngest() {}

  /** The schema of {@link Ingest#records()} for these label columns. */
  public static StructType schema(List<String> labels) {
    StructType s = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    for (String l : labels) s = s.add(l, DataTypes.IntegerType);
    return s.add("kaggle", DataTypes.StringType)
        .add("scored", DataTypes.BooleanType)
        .add("reject_reason", DataTypes.StringType)
        .add("raw", DataTypes.StringType)
        .add("source", DataTypes.StringType)
        .add("ordinal", DataTypes.LongType)
        .add("line", DataTypes.LongType);
  }

  // ---------------------------------------------------------------------------------------------
  // Input files
  // ---------------------------------------------------------------------------------------------

  /** Which Kaggle file a name is: train, test, test_labels, ignored; anything else is an error. */
  public static KaggleFile classify(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String compression = "none";
    for (String c : COMPRESSIONS) {
      if (name.endsWith(c)) {
        compression = c.substring(1);
        name = name.substring(0, name.length() - c.length());
        break;
      }
    }
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
    return new KaggleFile(path, compression, kind);
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

  // ---------------------------------------------------------------------------------------------
  // Training/evaluation input
  // ---------------------------------------------------------------------------------------------

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
    List<KaggleFile> all = expand(inputs, spark.sparkContext().hadoopConfiguration());
    List<KaggleFile> files = all.stream().filter(f -> !f.kind().equals(IGNORED)).toList();
    checkHeaders(spark, files, labels);

    JavaRDD<Row> rows = parse(spark, files, new ParseFile(files, labels, recordStart, false, conf(spark)));
    Dataset<Row> parsed = spark.createDataFrame(rows, parsedSchema(labels))
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
    test = test.select(columns(parsedSchema(labels)));
    Dataset<Row> train = parsed.filter(col("kaggle").equalTo(TRAIN)).select(columns(parsedSchema(labels)));

    Dataset<Row> records = dedupe(train.unionByName(test), true);
    records = records.withColumn("scored", col("reject_reason").isNull().and(col("scored")));
    for (String l : labels) records = records.withColumn(l, when(col("scored"), col(l)));
    records = records.select(columns(schema(labels))).persist(StorageLevel.MEMORY_AND_DISK());
    return new Ingest(parsed, records, all, labels);
  }

  // ---------------------------------------------------------------------------------------------
  // Scoring input
  // ---------------------------------------------------------------------------------------------

  /** {@link #readForScoring(SparkSession, List, String)} with the Kaggle record-start pattern. */
  public static Scoring readForScoring(SparkSession spark, List<String> inputs) {
    return readForScoring(spark, inputs, KaggleCsv.KAGGLE_RECORD_START);
  }

  /**
   * Any CSV files with at least {@code id,comment_text} (e.g. Kaggle's test.csv; other columns are
   * ignored) → {@link #SCORING_SCHEMA}. In folders, {@code test_labels*} and
   * {@code sample_submission*} files (no comments) are skipped; other files must be {@code .csv}
   * (optionally compressed). {@code recordStart}: the resynchronisation pattern of
   * {@link KaggleCsv} (pass null for files whose ids are not Kaggle's 16 hex digits).
   */
  public static Scoring readForScoring(SparkSession spark, List<String> inputs, String recordStart) {
    List<KaggleFile> files = new ArrayList<>();
    String kaggleTest = null;
    for (String f : InputFiles.list(inputs, spark.sparkContext().hadoopConfiguration())) {
      String name = f.substring(f.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      String base = name;
      String compression = "none";
      for (String c : COMPRESSIONS) {
        if (base.endsWith(c)) {
          compression = c.substring(1);
          base = base.substring(0, base.length() - c.length());
          break;
        }
      }
      if (!base.endsWith(".csv")) {
        throw new IllegalArgumentException(
            "Unknown input file for toxic scoring: " + f + " (expected CSV files with id,comment_text:"
                + " *.csv, optionally .gz, .bz2, .zst or .xz)");
      }
      if (base.startsWith("test_labels") || base.startsWith("sample_submission")) continue;
      if (base.equals("test.csv") && kaggleTest == null) kaggleTest = f;
      files.add(new KaggleFile(f, compression, TEST));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No CSV file with comments among " + String.join(", ", inputs));
    }
    checkHeaders(spark, files, List.of());
    JavaRDD<Row> rows = parse(spark, files, new ParseFile(files, List.of(), recordStart, true, conf(spark)));
    Dataset<Row> parsed = spark.createDataFrame(rows, parsedSchema(List.of()));
    failOnCorruptFile(parsed);
    Dataset<Row> out = dedupe(parsed, false)
        .select(col("id"), col("text"), col("reject_reason"), col("raw"), col("source"), col("ordinal"),
            col("line"));
    return new Scoring(out, files, kaggleTest);
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  /** Throws the one-line description of the first file that could not be read to its end. */
  private static void failOnCorruptFile(Dataset<Row> parsed) {
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
  private static Dataset<Row> dedupe(Dataset<Row> rows, boolean trainFirst) {
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

  /**
   * What the executors emit: {@link #schema} plus {@code raw_if_rejected} (the record's text, kept
   * for usable rows too, so a later duplicate_id can still show it).
   */
  static StructType parsedSchema(List<String> labels) {
    return schema(labels).add("raw_if_rejected", DataTypes.StringType);
  }

  private static SerializableConfiguration conf(SparkSession spark) {
    return new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * One task per file. The RDD holds file indices, not {@link KaggleFile}s: partitions of a
   * parallelized collection go through the configured serializer (Kryo), which cannot write Java
   * records; the function (and its file list) travels with Java serialization.
   */
  private static JavaRDD<Row> parse(SparkSession spark, List<KaggleFile> files, ParseFile fn) {
    return indices(spark, files.size()).flatMap(fn);
  }

  private static JavaRDD<Integer> indices(SparkSession spark, int n) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) idx.add(i);
    return jsc.parallelize(idx, Math.max(1, n));
  }

  /** Reads each file's header on the executors; fails on the driver naming file and column. */
  private static void checkHeaders(SparkSession spark, List<KaggleFile> files, List<String> labels) {
    SerializableConfiguration conf = conf(spark);
    List<KaggleFile> fs = new ArrayList<>(files);
    List<ArrayList<String>> headers =
        indices(spark, files.size())
            .map(i -> {
              ArrayList<String> out = new ArrayList<>();
              try (KaggleCsv csv = open(fs.get(i), conf.value(), null)) {
                if (csv.header() == null) out.add("\u0000empty");
                else out.addAll(csv.header());
              } catch (RedditIngest.CorruptInputException e) {
                out.add("\u0000\u0000" + e.getMessage());
              } catch (IllegalArgumentException e) {
                out.add("\u0000" + e.getMessage());
              } catch (IOException | UncheckedIOException e) {
                KaggleFile f = fs.get(i);
                out.add("\u0000\u0000" + RedditIngest.describeFailure(f.path(), f.compression(),
                    fileSize(f, conf.value()), e));
              }
              return out;
            })
            .collect();
    for (int i = 0; i < files.size(); i++) {
      KaggleFile f = files.get(i);
      List<String> h = headers.get(i);
      if (h.size() == 1 && h.get(0).startsWith("\u0000\u0000")) {
        throw new RedditIngest.CorruptInputException(h.get(0).substring(2));
      }
      if (h.size() == 1 && h.get(0).startsWith("\u0000")) {
        String why = h.get(0).substring(1);
        throw new IllegalArgumentException(
            f.path() + (why.equals("empty") ? " is empty (no CSV header)" : ": " + why));
      }
      List<String> need = new ArrayList<>();
      need.add("id");
      if (!f.kind().equals(TEST_LABELS)) need.add("comment_text");
      if (!f.kind().equals(TEST)) need.addAll(labels);
      for (String c : need) {
        if (!h.contains(c)) {
          throw new IllegalArgumentException(
              f.name() + " has no column '" + c + "' (" + f.path() + "; header: " + String.join(",", h) + ")");
        }
      }
    }
  }

  /** Opens a (possibly compressed) file through the Hadoop filesystem, as UTF-8 CSV. */
  static KaggleCsv open(KaggleFile f, Configuration conf, String recordStart) throws IOException {
    Path p = new Path(f.path());
    FileSystem fs = p.getFileSystem(conf);
    InputStream in = fs.open(p);
    try {
      CompressionCodec codec = switch (f.compression()) {
        case "zst" -> new ZstdCodec();
        case "xz" -> new XzCodec();
        default -> new CompressionCodecFactory(conf).getCodec(p);
      };
      if (codec instanceof org.apache.hadoop.conf.Configurable c) c.setConf(conf);
      if (codec != null) in = codec.createInputStream(in);
      java.io.BufferedInputStream b = new java.io.BufferedInputStream(in);
      in = b;
      b.mark(8);
      byte[] head = b.readNBytes(5);
      b.reset();
      int off = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
      String enc = RedditIngest.notUtf8(head, off, head.length - off);
      if (enc != null) throw new RedditIngest.CorruptInputException(RedditIngest.encodingMessage(f.path(), enc));
      return new KaggleCsv(new InputStreamReader(in, StandardCharsets.UTF_8), recordStart);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  static long fileSize(KaggleFile f, Configuration conf) {
    try {
      Path p = new Path(f.path());
      return p.getFileSystem(conf).getFileStatus(p).getLen();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void closeQuietly(KaggleCsv csv) {
    try {
      csv.close();
    } catch (UncheckedIOException ignored) {
      // The stream already failed; its error is reported.
    }
  }

  /** Executor side: one file → its records as {@link #parsedSchema} rows. */
  static final class ParseFile implements FlatMapFunction<Integer, Row> {
    private final List<KaggleFile> files;
    private final List<String> labels;
    private final String recordStart;
    private final boolean scoring;
    private final SerializableConfiguration conf;

    ParseFile(List<KaggleFile> files, List<String> labels, String recordStart, boolean scoring,
        SerializableConfiguration conf) {
      this.files = new ArrayList<>(files);
      this.labels = new ArrayList<>(labels);
      this.recordStart = recordStart;
      this.scoring = scoring;
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Integer index) throws IOException {
      KaggleFile f = files.get(index);
      KaggleCsv csv = open(f, conf.value(), recordStart);
      TaskContext tc = TaskContext.get();
      if (tc != null) tc.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> csv.close());
      List<String> header = csv.requireHeader(f.path());
      int idCol = header.indexOf("id");
      int textCol = header.indexOf("comment_text");
      int[] labelCol = new int[labels.size()];
      boolean labelled = !scoring && !f.kind().equals(TEST);
      for (int k = 0; k < labelCol.length; k++) labelCol[k] = labelled ? header.indexOf(labels.get(k)) : -1;
      return new Iterator<>() {
        private Row failed;
        private boolean done;

        @Override
        public boolean hasNext() {
          if (failed != null) return true;
          if (done) return false;
          boolean more;
          try {
            more = csv.hasNext();
          } catch (UncheckedIOException e) {
            // A truncated or damaged compressed file: one marker row, failed on the driver.
            failed = corruptRow(f, RedditIngest.describeFailure(f.path(), f.compression(),
                fileSize(f, conf.value()), e));
            more = true;
          }
          if (!more || failed != null) {
            done = true;
            closeQuietly(csv);
          }
          return more;
        }

        @Override
        public Row next() {
          if (!hasNext()) throw new java.util.NoSuchElementException();
          if (failed != null) {
            Row r = failed;
            failed = null;
            return r;
          }
          return toRow(f, csv.next(), idCol, textCol, labelCol);
        }
      };
    }

    private Row corruptRow(KaggleFile f, String message) {
      Object[] v = new Object[2 + labels.size() + 8];
      v[2 + labels.size()] = f.kind();
      v[2 + labels.size() + 2] = RedditIngest.FILE_CORRUPT;
      v[2 + labels.size() + 3] = message;
      v[2 + labels.size() + 4] = f.path();
      return RowFactory.create(v);
    }

    private Row toRow(KaggleFile f, KaggleCsv.Record r, int idCol, int textCol, int[] labelCol) {
      int n = labels.size();
      Object[] v = new Object[2 + n + 8];
      String reason = r.reason();
      String id = null;
      String text = null;
      Integer[] ls = new Integer[n];
      Boolean scored = null;
      if (reason == null) {
        id = r.fields().get(idCol);
        if (textCol >= 0) text = r.fields().get(textCol);
        if (id.isEmpty() || !id.chars().noneMatch(Character::isWhitespace)) {
          reason = "bad_id";
        } else if (f.kind().equals(TRAIN)) {
          for (int k = 0; k < n && reason == null; k++) {
            String s = r.fields().get(labelCol[k]);
            if (s.equals("0") || s.equals("1")) ls[k] = Integer.parseInt(s);
            else reason = "bad_label";
          }
          scored = reason == null;
        } else if (f.kind().equals(TEST_LABELS)) {
          int unscored = 0;
          for (int k = 0; k < n && reason == null; k++) {
            String s = r.fields().get(labelCol[k]);
            if (s.equals("0") || s.equals("1")) ls[k] = Integer.parseInt(s);
            else if (s.equals("-1")) unscored++;
            else reason = "bad_label";
          }
          if (reason == null && unscored > 0 && unscored < n) reason = "bad_label"; // mixed -1 and 0/1
          scored = reason == null && unscored == 0;
          if (!scored) java.util.Arrays.fill(ls, null);
        }
        if (reason == null && !scoring && !f.kind().equals(TEST_LABELS) && text.isBlank()) {
          reason = "empty_text";
        }
      }
      if (reason != null) {
        // Rejected rows carry no labels (a test_labels bad_label row keeps its id: its test row is rejected).
        java.util.Arrays.fill(ls, null);
        scored = false;
      }
      int i = 0;
      v[i++] = id;
      v[i++] = text;
      for (int k = 0; k < n; k++) v[i++] = ls[k];
      v[i++] = f.kind();
      v[i++] = scored;
      v[i++] = reason;
      v[i++] = reason == null ? null : r.raw();
      v[i++] = f.path();
      v[i++] = r.ordinal();
      v[i++] = r.line();
      v[i] = r.raw();
      return RowFactory.create(v);
    }
  }
}
