package io.charspark.eval;

import io.charspark.data.ShardDirectory;
import io.charspark.io.Json;
import io.charspark.model.ModelDirectory;
import io.charspark.train.TrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} job: a model on one split of a shard directory → {@code
 * MODEL/evaluation/<split>.json} with rows, auc, log_loss, accuracy and, as baselines, the
 * constant-prior log loss (always predicting the training positive rate) and majority accuracy.
 */
public final class Evaluation {
  private Evaluation() {}

  public static Map<String, Object> run(
      SparkSession spark, Path modelDir, Path data, String split, Consumer<String> log) {
    ModelDirectory model = ModelDirectory.open(modelDir, null);
    ShardDirectory shards = ShardDirectory.open(data, model.info().workload);
    spark.sparkContext().setJobGroup("evaluate", "evaluate on " + split, false);
    BinaryMetrics m =
        Predictor.metrics(
            spark,
            model.network(),
            TrainingLoop.encode(
                shards.read(spark, split),
                model.info().etlMaxLength,
                "pre".equals(model.info().etlTruncate)),
            model.config().score.batchSize(),
            model.info().threshold);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", split);
    out.put("data", data.toAbsolutePath().toString());
    out.put("workload", model.info().workload);
    out.put("arch", model.info().arch);
    out.putAll(m.toMap(model.info().trainPositiveRate));
    Path file = modelDir.resolve("evaluation").resolve(split + ".json");
    Json.write(file, out);
    log.accept(String.format(java.util.Locale.ROOT,
        "evaluate: %s rows %d  auc %.4f  log_loss %.4f (constant prior %.4f)  accuracy %.4f -> %s",
        split, m.rows(), m.auc(), m.logLoss(),
        m.constantPriorLogLoss(model.info().trainPositiveRate), m.accuracy(), file));
    spark.sparkContext().clearJobGroup();
    return out;
  }
}
