package io.charspark.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.charspark.data.InputFiles;
import io.charspark.data.Manifest;
import io.charspark.data.Provenance;
import io.charspark.data.RedditIngest;
import io.charspark.data.Sharder;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import io.charspark.model.ModelDirectory;
import io.charspark.train.TrainingLoop;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
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
 * scored once (latest {@code retrieved_on}).
 */
public final class Scoring {
  private Scoring() {}

  public static Manifest run(
      SparkSession spark,
      String modelDir,
      List<String> inputs,
      String output,
      boolean overwrite,
      Consumer<String> log) {
    ModelDirectory model = ModelDirectory.open(modelDir, null);
    if (model.config().isLanguageModel()) {
      throw new IllegalArgumentException(
          "Model " + modelDir + " is a language model ('" + model.info().workload
              + "'); score needs a classifier. Use `charspark generate --model " + modelDir + "`");
    }
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
      Dataset<Row> ok =
          Sharder.dedupe(parsed.filter(col("reject_reason").isNull()))
              .withColumn("text", Sharder.text(model.config().input.titleOnly()));
      Dataset<Row> scored =
          Predictor.predict(
                  spark,
                  model.network(),
                  TrainingLoop.encode(
                      ok, model.info().etlMaxLength, "pre".equals(model.info().etlTruncate)),
                  model.config().score.batchSize())
              .select(
                  col("id"),
                  col("probability"),
                  when(col("probability").geq(model.info().threshold), lit(1))
                      .otherwise(lit(0))
                      .as("label"))
              .persist(StorageLevel.MEMORY_AND_DISK());
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
      m.createdBy.put("model", io.charspark.io.Fs.qualified(modelDir));
      Json.write(out.resolve("manifest.json"), m);
      out.commit();
      log.accept("score: " + m.outputRows + " predictions, rejected " + m.rejected
          + ", duplicates " + m.duplicates + " -> " + io.charspark.io.Fs.resolve(output, "predictions"));
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
