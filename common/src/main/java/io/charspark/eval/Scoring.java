package io.charspark.eval;

import static org.apache.spark.sql.functions.col;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.InputFiles;
import io.charspark.data.KaggleScoringInput;
import io.charspark.data.Manifest;
import io.charspark.data.Provenance;
import io.charspark.data.RedditIngest;
import io.charspark.data.Sharder;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import io.charspark.model.ModelDirectory;
import io.charspark.model.ModelInfo;
import io.charspark.spark.Progress;
import io.charspark.workload.LanguageModel;
import io.charspark.workload.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code score} job: new raw posts (same ingest and ETL code path as training) → one prediction
 * per valid post in {@code OUT/predictions/} (CSV with header: id, probability, label), plus
 * {@code OUT/manifest.json} and {@code OUT/rejected/} with the same accounting as {@code shard}.
 * Posts need no label; subreddit/date filters are not applied when scoring; duplicate ids are
 * scored once (latest {@code retrieved_on}). Posts are parsed by the same {@link RedditIngest}
 * code as {@code shard}, metadata columns included: missing or unreadable metadata is null, never a
 * rejection, so the rejection counts of {@code score} and {@code shard} agree for the same input.
 */
public final class Scoring {
  private Scoring() {}

  /** Name of the Kaggle submission file written when the input holds a Kaggle {@code test.csv}. */
  public static final String SUBMISSION = "submission.csv";

  /**
   * Toxic: comments from CSV files with {@code id,comment_text} (a Kaggle {@code test.csv}, or
   * {@code train.csv}) → {@code OUT/predictions/} (CSV: id + one probability per label, in the
   * input's order) and, when a Kaggle {@code test.csv} is among the inputs, {@code
   * OUT/submission.csv} in the exact format of {@code sample_submission.csv}: header {@code
   * id,<labels...>}, one row per test id, in test.csv's order. Unreadable rows go to {@code
   * rejected/} and the manifest like everywhere else.
   */
  static Manifest toxic(SparkSession spark, ModelDirectory model, Workload workload, String modelDir,
      List<String> inputs, String output, boolean overwrite, Consumer<String> log) {
    List<String> labels = model.config().toxic.labels();
    OutputDir out = OutputDir.create(output, overwrite);
    Dataset<Row> parsed = null;
    Dataset<Row> scored = null;
    try {
      spark.sparkContext().setJobGroup("score", "score comments", false);
      KaggleScoringInput in = KaggleScoringInput.read(spark, inputs);
      parsed = in.rows().persist(StorageLevel.MEMORY_AND_DISK());
      Manifest m = new Manifest();
      m.workload = model.info().workload;
      for (Row r : parsed.groupBy("reject_reason").count().collectAsList()) {
        m.inputRecords += r.getLong(1);
        if (!r.isNullAt(0)) m.rejected.merge(r.getString(0), r.getLong(1), Long::sum);
      }
      checkNotEmpty(inputs, m, log);
      Dataset<Row> ok = parsed.filter(col("reject_reason").isNull());
      Dataset<Row> p = workload.predict(spark, model, ok.select("id", "text"), m, log);
      List<Column> cols = new ArrayList<>();
      cols.add(col("p.id").as("id"));
      for (String l : labels) cols.add(col("p." + l).as(l));
      cols.add(col("o.source").as("_source"));
      cols.add(col("o.ordinal").as("_ordinal"));
      scored = p.as("p")
          .join(ok.select("id", "source", "ordinal").as("o"), col("p.id").equalTo(col("o.id")))
          .select(cols.toArray(Column[]::new))
          .persist(StorageLevel.MEMORY_AND_DISK());
      m.outputRows = scored.count();
      m.splits.put("predictions", m.outputRows);
      m.duplicates = m.inputRecords - Manifest.sum(m.rejected) - m.outputRows;
      Column[] outCols = new Column[labels.size() + 1];
      outCols[0] = col("id");
      for (int k = 0; k < labels.size(); k++) outCols[k + 1] = col(labels.get(k));
      scored.orderBy("_source", "_ordinal").select(outCols)
          .write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(out.dataUri("predictions"));
      String submission = null;
      if (in.kaggleTestFile() != null) {
        Dataset<Row> test = scored.filter(col("_source").equalTo(in.kaggleTestFile()));
        long n = test.count();
        String tmp = out.dataUri("_submission");
        // One file in test.csv's order: a single sorted partition, then renamed.
        test.orderBy("_ordinal").select(outCols).coalesce(1)
            .write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(tmp);
        String part = Fs.list(tmp).stream()
            .filter(f -> Fs.name(f).startsWith("part-")).findFirst()
            .orElseThrow(() -> new IllegalStateException("Spark wrote no part file under " + tmp));
        submission = out.dataUri(SUBMISSION);
        Fs.rename(part, submission);
        Fs.delete(tmp);
        m.splits.put("submission", n);
      }
      Sharder.writeRejected(parsed, out.dataUri("rejected"));
      m.createdBy.putAll(Provenance.versions(spark));
      m.createdBy.put("model", Fs.qualified(modelDir));
      Json.write(out.resolve("manifest.json"), m);
      out.commit();
      log.accept("score: " + m.outputRows + " predictions (" + labels.size() + " labels), rejected "
          + m.rejected + ", duplicates " + m.duplicates + " -> " + Fs.resolve(output, "predictions")
          + (submission == null ? "" : "; Kaggle submission (" + m.splits.get("submission") + " rows) -> "
              + Fs.resolve(output, SUBMISSION)));
      return m;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      if (scored != null) scored.unpersist();
      if (parsed != null) parsed.unpersist();
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * Empty scoring input: no record at all is an error (nothing is written, exit 1); records that
   * are all rejected give a warning with the counts, and the output (0 predictions, rejected/ with
   * the reasons) is still written.
   */
  static void checkNotEmpty(List<String> inputs, Manifest m, Consumer<String> log) {
    if (m.inputRecords == 0) {
      throw new IllegalArgumentException("Input " + String.join(", ", inputs) + " holds no records: nothing to score");
    }
    if (Manifest.sum(m.rejected) == m.inputRecords) {
      log.accept("score: warning: none of the " + m.inputRecords + " input records can be scored, all rejected "
          + m.rejected + " (see rejected/ in the output)");
    }
  }

  /**
   * Everything {@link #run} checks before it reads data, with no Spark session (the {@code score}
   * command calls it before starting Spark): a finished model directory of a classifier, inputs that
   * exist (and, for posts, have known formats), and a free output unless {@code overwrite}.
   */
  public static void preflight(String modelDir, List<String> inputs, String output, boolean overwrite) {
    ModelInfo info = ModelDirectory.check(modelDir);
    if (CharsparkConfig.LANGUAGE_MODEL.equals(info.workload)) {
      throw new IllegalArgumentException(LanguageModel.notScorable(modelDir, info.workload));
    }
    if (CharsparkConfig.TOXIC.equals(info.workload)) {
      InputFiles.list(inputs, Fs.conf());
    } else {
      InputFiles.expand(inputs, Fs.conf());
    }
    OutputDir.checkFree(output, overwrite);
  }

  public static Manifest run(
      SparkSession spark,
      String modelDir,
      List<String> inputs,
      String output,
      boolean overwrite,
      Consumer<String> log) {
    ModelDirectory model = ModelDirectory.open(modelDir, null);
    // A progress line every train.progress_seconds (the model's setting) on a large input.
    try (Progress p = Progress.tasks(spark.sparkContext(), "score",
        model.config().train.progressSeconds(), log)) {
      return run(spark, model, modelDir, inputs, output, overwrite, log);
    }
  }

  private static Manifest run(SparkSession spark, ModelDirectory model, String modelDir, List<String> inputs,
      String output, boolean overwrite, Consumer<String> log) {
    Workload workload = Workload.of(model);
    workload.checkScorable(model, modelDir);
    // The input format is the data set's (Kaggle CSV files for toxic, Reddit posts otherwise).
    if (model.config().isToxic()) return toxic(spark, model, workload, modelDir, inputs, output, overwrite, log);
    List<InputFiles.InputFile> files =
        InputFiles.expand(inputs, spark.sparkContext().hadoopConfiguration());
    OutputDir out = OutputDir.create(output, overwrite);
    Dataset<Row> parsed = null;
    try {
      spark.sparkContext().setJobGroup("score", "score new posts", false);
      parsed =
          RedditIngest.read(spark, files, model.info().labelField, false)
              .persist(StorageLevel.MEMORY_AND_DISK());
      Manifest m = new Manifest();
      m.workload = model.info().workload;
      m.labelField = model.info().labelField;
      for (Row r : parsed.groupBy("reject_reason").count().collectAsList()) {
        m.inputRecords += r.getLong(1);
        if (!r.isNullAt(0)) m.rejected.merge(r.getString(0), r.getLong(1), Long::sum);
      }
      checkNotEmpty(inputs, m, log);
      Dataset<Row> ok =
          Sharder.dedupe(parsed.filter(col("reject_reason").isNull()))
              .withColumn("text", Sharder.text(model.config().input.titleOnly()));
      Dataset<Row> scored = workload.predict(spark, model, ok, m, log).persist(StorageLevel.MEMORY_AND_DISK());
      m.outputRows = scored.count();
      m.splits.put("predictions", m.outputRows);
      m.duplicates = m.inputRecords - Manifest.sum(m.rejected) - m.outputRows;
      scored
          .orderBy("id")
          .write()
          .mode(SaveMode.ErrorIfExists)
          .option("header", "true")
          .csv(out.dataUri("predictions"));
      scored.unpersist();
      Sharder.writeRejected(parsed, out.dataUri("rejected"));
      m.createdBy.putAll(Provenance.versions(spark));
      m.createdBy.put("model", Fs.qualified(modelDir));
      Json.write(out.resolve("manifest.json"), m);
      out.commit();
      log.accept("score: " + m.outputRows + " predictions, rejected " + m.rejected
          + ", duplicates " + m.duplicates + " -> " + Fs.resolve(output, "predictions"));
      return m;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      if (parsed != null) parsed.unpersist();
      spark.sparkContext().clearJobGroup();
    }
  }
}
