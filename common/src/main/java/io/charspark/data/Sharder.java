package io.charspark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.InputFiles.InputFile;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code shard} pipeline: ingest → filter → de-duplicate → split → Parquet shards + manifest.
 *
 * <p>Output layout: {@code DIR/{train,validation,test}/part-*.parquet} (columns {@link #COLUMNS}; the
 * metadata columns {@code over_18} boolean, {@code score}/{@code num_comments} long and {@code
 * domain} string are nullable: missing or unreadable values are null, never a rejection),
 * {@code DIR/manifest.json}, {@code DIR/config.conf}, {@code DIR/rejected/} (JSON lines: source,
 * reason, raw). The directory is built under a hidden in-progress name and renamed when complete.
 *
 * <p>The split is deterministic and stratified: within each label, records are ordered by
 * {@code sha256(salt + ":" + id)} and cut at the configured fractions, so the same records always
 * land in the same split, whatever the file order, clock or cluster size. The ranks are exact and
 * computed in parallel ({@link #split}): no task sorts a whole label.
 */
public final class Sharder {
  public static final List<String> SPLITS = List.of("train", "validation", "test");
  public static final String[] COLUMNS = {
    "id", "created_utc", "subreddit", "title", "selftext", "text", "label", "retrieved_on",
    "over_18", "score", "num_comments", "domain"
  };

  private Sharder() {}

  public static Manifest run(
      SparkSession spark,
      CharsparkConfig cfg,
      List<String> inputs,
      Path output,
      boolean overwrite,
      Consumer<String> log) {
    return run(spark, cfg, inputs, output.toString(), overwrite, log);
  }

  /**
   * Everything {@link #run} checks before it reads data, with no Spark session (the {@code shard}
   * command calls it before starting Spark): the inputs exist and have known formats (toxic: a
   * {@code train*.csv} among them), and the output is free unless {@code overwrite}.
   *
   * @throws IllegalArgumentException for a missing input or an unknown format
   * @throws IllegalStateException when the output exists and {@code overwrite} is false
   */
  public static void preflight(CharsparkConfig cfg, List<String> inputs, String output, boolean overwrite) {
    if (cfg.isToxic()) ToxicSharder.expandInputs(inputs, Fs.conf());
    else InputFiles.expand(inputs, Fs.conf());
    OutputDir.checkFree(output, overwrite);
  }

  /**
   * The message for a run that kept no record: the input was empty, or every record was rejected
   * or filtered; the filter settings are named only when a filter removed something.
   */
  static String nothingLeft(List<String> inputs, Manifest m) {
    String in = String.join(", ", inputs);
    if (m.inputRecords == 0) return "Input " + in + " holds no records";
    if (m.filtered.isEmpty()) {
      return "No usable records in " + in + ": all " + m.inputRecords + " input records were rejected " + m.rejected;
    }
    return "No rows left after filtering " + in + ": " + m.inputRecords + " input records, rejected " + m.rejected
        + ", filtered " + m.filtered + " (check input.subreddits, input.from, input.until)";
  }

  /** {@code output}: a local path or any Hadoop filesystem URI. */
  public static Manifest run(
      SparkSession spark,
      CharsparkConfig cfg,
      List<String> inputs,
      String output,
      boolean overwrite,
      Consumer<String> log) {
    if (cfg.isToxic()) return ToxicSharder.run(spark, cfg, inputs, output, overwrite, log);
    List<InputFile> files =
        InputFiles.expand(inputs, spark.sparkContext().hadoopConfiguration());
    log.accept("shard: " + files.size() + " input file(s)");
    OutputDir out = OutputDir.create(output, overwrite);
    RedditIngest.Ingest ingest = null;
    Dataset<Row> parsed = null;
    Dataset<Row> deduped = null;
    try {
      spark.sparkContext().setJobGroup("shard-ingest", "parse raw submissions", false);
      SubredditPrefilter prefilter = SubredditPrefilter.of(cfg.input.subreddits());
      // The ingested rows are cached; these two columns are cheap to recompute from them. The
      // manifest's counts come from the pass that reads the files.
      UnaryOperator<Dataset<Row>> annotate = rows -> rows
          .withColumn("text", text(cfg.input.titleOnly()))
          .withColumn("filter_reason", filterReason(cfg));
      ingest = RedditIngest.ingest(spark, files, cfg.input.labelField(), cfg.input.labelled(),
          RedditIngest.OnCorruptFile.parse(cfg.input.onCorruptFile()), prefilter, annotate,
          List.of("filter_reason", "repaired"));
      log.accept("shard: read by " + ingest.tasks() + " task(s): " + ingest.splits() + " split(s) of "
          + files.size() + " file(s) (.zst, .gz, .xz and *.json whole; plain and .bz2 JSON lines in"
          + " ranges of at most spark.sql.files.maxPartitionBytes)"
          + (prefilter == null ? "" : "; subreddit pre-check on the raw lines before parsing"));
      parsed = annotate.apply(ingest.rows());
      Manifest m = new Manifest();
      m.workload = cfg.workload;
      m.labelField = cfg.input.labelField();
      m.inputs = describe(files);
      m.skippedFiles.addAll(ingest.skippedFiles());
      for (Map<String, String> f : m.skippedFiles) log.accept("shard: skipped " + f.get("reason"));
      List<Row> counts = ingest.counts() != null ? ingest.counts()
          : parsed.groupBy("reject_reason", "filter_reason", "repaired").agg(sum(col("records"))).collectAsList();
      for (Row r : counts) {
        long n = r.getLong(3);
        m.inputRecords += n;
        if (RedditIngest.PREFILTERED.equals(r.getString(0))) m.filtered.merge("subreddit", n, Long::sum);
        else if (!r.isNullAt(0)) m.rejected.merge(r.getString(0), n, Long::sum);
        else if (!r.isNullAt(1)) m.filtered.merge(r.getString(1), n, Long::sum);
        if (!r.isNullAt(2)) {
          for (String kind : r.getString(2).split(",")) m.repaired.merge(kind, n, Long::sum);
        }
      }
      log.accept(
          "shard: " + m.inputRecords + " input records, rejected " + m.rejected + ", filtered "
              + m.filtered + (m.repaired.isEmpty() ? "" : ", repaired " + m.repaired));

      Dataset<Row> ok =
          parsed.filter(col("reject_reason").isNull().and(col("filter_reason").isNull()));
      long okRows = m.inputRecords - Manifest.sum(m.rejected) - Manifest.sum(m.filtered);
      if (okRows == 0) {
        throw new IllegalStateException(nothingLeft(inputs, m));
      }
      spark.sparkContext().setJobGroup("shard-split", "de-duplicate and split", false);
      // An unlabelled workload (language model) gets label 0 everywhere: one stratum.
      Dataset<Row> labelled = cfg.input.labelled() ? ok : ok.withColumn("label", lit(0));
      deduped = dedupe(labelled, true).persist(StorageLevel.MEMORY_AND_DISK());
      HashSplit.Result split = HashSplit.split(deduped, cfg.split, okRows, NO_RETRIEVAL_TIE);
      m.duplicatesWithoutRetrievalTime += split.flagged();
      for (Map.Entry<String, Map<String, Long>> e : split.labelCounts().entrySet()) {
        for (Map.Entry<String, Long> c : e.getValue().entrySet()) {
          m.splits.merge(e.getKey(), c.getValue(), Long::sum);
          m.labelCounts.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).merge(c.getKey(), c.getValue(), Long::sum);
          m.outputRows += c.getValue();
        }
      }
      for (String s : SPLITS) m.splits.putIfAbsent(s, 0L);
      m.duplicates = okRows - m.outputRows;

      spark.sparkContext().setJobGroup("shard-write", "write Parquet shards", false);
      writeSplits(split.rows(), columns(), cfg.filesPerSplit, m.splits, out);
      // No rejected record (the manifest knows): the same empty output without scanning the rows.
      writeRejected(m.rejected.isEmpty() ? parsed.limit(0) : parsed, out.dataUri("rejected"));
      if (!m.balanced()) {
        throw new IllegalStateException("Internal error: manifest does not balance: " + m.inputRecords);
      }
      m.createdBy.putAll(Provenance.versions(spark));
      Json.write(out.resolve("manifest.json"), m);
      cfg.saveTo(out.resolve("config.conf"));
      out.commit();
      log.accept(
          "shard: wrote " + m.outputRows + " rows " + m.splits + " (duplicates " + m.duplicates
              + ") to " + output);
      return m;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      if (deduped != null) deduped.unpersist();
      if (ingest != null) ingest.close();
      spark.sparkContext().clearJobGroup();
    }
  }

  static Column[] columns() {
    Column[] c = new Column[COLUMNS.length];
    for (int i = 0; i < c.length; i++) c[i] = col(COLUMNS[i]);
    return c;
  }

  /** Why a parsed submission is filtered out (null = kept). */
  static Column filterReason(CharsparkConfig cfg) {
    Column reason = lit(null).cast("string");
    // Later "when"s take precedence, so list them from least to most specific.
    reason = when(trim(col("text")).equalTo(""), lit("empty_text")).otherwise(reason);
    if (cfg.input.until() != null) {
      long until = cfg.input.until().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
      reason = when(col("created_utc").geq(until), lit("after_until")).otherwise(reason);
    }
    if (cfg.input.from() != null) {
      long from = cfg.input.from().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
      reason = when(col("created_utc").lt(from), lit("before_from")).otherwise(reason);
    }
    if (!cfg.input.subreddits().isEmpty()) {
      reason =
          when(org.apache.spark.sql.functions.not(lower(col("subreddit")).isin(cfg.input.subreddits().toArray())),
                  lit("subreddit"))
              .otherwise(reason);
    }
    return when(col("reject_reason").isNull(), reason);
  }

  /** {@link #dedupe(Dataset, boolean)} without the tie column. */
  public static Dataset<Row> dedupe(Dataset<Row> ok) {
    return dedupe(ok, false);
  }

  /** Column added by {@link #dedupe(Dataset, boolean)}: the id had copies, none with a retrieval time. */
  public static final String NO_RETRIEVAL_TIE = "_no_retrieval_tie";

  /**
   * Keeps one row per id: the latest {@code retrieved_on} (0 = no retrieval time); among copies
   * with the same one, the latest {@code created_utc}; then the copy with the smallest
   * {@link #contentHash} (deterministic whatever the file order; not text order, which would favour
   * one kind of edit). With {@code flagTies}, adds boolean {@link #NO_RETRIEVAL_TIE}: true on the
   * kept row of an id with two or more copies none of which has a retrieval time.
   */
  public static Dataset<Row> dedupe(Dataset<Row> ok, boolean flagTies) {
    WindowSpec all = Window.partitionBy("id");
    // The content hash only breaks ties between copies of one id: computed for ids with copies
    // (a CASE evaluates its branch only when the condition holds), null elsewhere.
    Dataset<Row> d = ok.withColumn("_copies", count(lit(1)).over(all))
        .withColumn("_ch", when(col("_copies").gt(1), contentHash()));
    WindowSpec w = Window.partitionBy("id")
        .orderBy(col("retrieved_on").desc(), col("created_utc").desc(), col("_ch").asc());
    d = d.withColumn("_rn", row_number().over(w));
    if (flagTies) {
      d = d.withColumn(NO_RETRIEVAL_TIE,
          col("_copies").gt(1).and(org.apache.spark.sql.functions.max(col("retrieved_on")).over(all).equalTo(0)));
    }
    return d.filter(col("_rn").equalTo(1)).drop("_rn", "_copies", "_ch");
  }

  /**
   * SHA-256 (hex) of the JSON of a submission's content fields (title, selftext, subreddit,
   * created_utc, label, over_18, score, num_comments, domain): the de-duplication tie-break.
   */
  public static Column contentHash() {
    return sha2(org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
        col("title"), col("selftext"), col("subreddit"), col("created_utc"), col("label"),
        col("over_18"), col("score"), col("num_comments"), col("domain"))), 256);
  }

  /** The text a model reads: {@code title + " " + selftext}, or the title alone. */
  public static Column text(boolean titleOnly) {
    return titleOnly ? col("title") : concat(col("title"), lit(" "), col("selftext"));
  }

  /**
   * Adds {@code split}: stratified by label, ordered by a salted hash of the id, cut at the
   * configured fractions. Within each label, rows are ranked by {@code (sha256(salt + ":" + id),
   * id)}; a row of rank {@code r} (0-based) among {@code n} rows of its label goes to train when
   * {@code r / n < train}, to validation when {@code r / n < train + validation}, else to test. The
   * ids must be unique (de-duplicate first). The result equals {@code row_number()} over {@code
   * Window.partitionBy("label").orderBy(hash, id)}, whatever the file order, partitioning or
   * cluster, and is computed with no sort of the rows: see {@link HashSplit}.
   */
  public static Dataset<Row> split(Dataset<Row> df, CharsparkConfig.Split s) {
    return HashSplit.split(df, s, 0, null).rows();
  }

  /**
   * Writes {@code DIR/{train,validation,test}/} (Parquet, {@code columns}, {@code files} files per
   * split, rows hashed to files by id and sorted by id within a file) in one Spark job: one
   * repartition by id, sorted by (split, id), written partitioned by split, then each
   * {@code split=NAME} directory renamed to {@code NAME} with its own {@code _SUCCESS}. A split with
   * no rows ({@code rowsPerSplit}) gets an empty Parquet file of the schema, as a write of no rows does.
   */
  static void writeSplits(Dataset<Row> rows, Column[] columns, int files, Map<String, Long> rowsPerSplit,
      OutputDir out) {
    Column[] withSplit = Arrays.copyOf(columns, columns.length + 1);
    withSplit[columns.length] = col("split");
    String all = out.dataUri("_splits");
    rows.select(withSplit)
        .repartition(files, col("id"))
        .sortWithinPartitions("split", "id")
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy("split")
        .parquet(all);
    for (String s : SPLITS) {
      String dir = out.dataUri(s);
      if (rowsPerSplit.getOrDefault(s, 0L) > 0) {
        Fs.rename(Fs.resolve(all, "split=" + s), dir);
        Fs.writeString(Fs.resolve(dir, OutputDir.SUCCESS), "");
      } else {
        rows.sparkSession().createDataFrame(List.of(), rows.select(columns).schema())
            .write().mode(SaveMode.ErrorIfExists).parquet(dir);
      }
    }
    Fs.delete(all);
  }

  /** Writes the records with a {@code reject_reason} as JSON lines (source, reason, raw). */
  public static void writeRejected(Dataset<Row> parsed, String uri) {
    // repartition, not coalesce: the filter still runs in parallel, only the few rejects meet in one file.
    parsed.filter(col("reject_reason").isNotNull().and(col("reject_reason").notEqual(RedditIngest.PREFILTERED)))
        .select(col("source"), col("reject_reason").as("reason"), col("raw"))
        .repartition(1)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .json(uri);
  }

  static List<Map<String, String>> describe(List<InputFile> files) {
    List<Map<String, String>> out = new ArrayList<>();
    for (InputFile f : files) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("compression", f.compression());
      m.put("layout", f.layout().name().toLowerCase(java.util.Locale.ROOT));
      out.add(m);
    }
    return out;
  }
}
