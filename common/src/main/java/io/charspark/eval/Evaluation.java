package io.charspark.eval;

import io.charspark.data.ShardDirectory;
import io.charspark.data.Sharder;
import io.charspark.io.Json;
import io.charspark.model.EvaluationListener;
import io.charspark.model.ModelDirectory;
import io.charspark.model.ModelInfo;
import io.charspark.spark.Progress;
import io.charspark.workload.Workload;
import java.awt.AWTError;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} job: a model on one split of a shard directory → {@code
 * MODEL/evaluation/<split>.json} with the metrics of the model's {@link Workload} beside their
 * baselines (a classifier: rows, auc, log_loss, accuracy, the constant-prior log loss and majority
 * accuracy). Also draws the workload's charts ({@code Workload.Evaluated#charts}: ROC and
 * calibration for a classifier, bits per character against the baselines for the language model),
 * then tells the {@link EvaluationListener}s (the jobs pass {@code
 * io.charspark.report.EvaluationReports}, which rewrites the model's {@code report.html}); a chart
 * failure is one warning line, not a failed job.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Everything {@link #run} checks before it reads data, with no Spark session (the {@code evaluate}
   * command calls it before starting Spark): a finished model directory, a shard directory of the
   * model's workload, and a non-empty split of it.
   */
  public static void preflight(String location, String data, String split) {
    ModelInfo info = ModelDirectory.check(location);
    ShardDirectory.open(data, info.workload).checkSplit(split);
  }

  public static Map<String, Object> run(SparkSession spark, Path modelDir, Path data, String split,
      Consumer<String> log, List<EvaluationListener> listeners) {
    return run(spark, modelDir.toString(), data.toString(), split, log, listeners);
  }

  /**
   * {@code location} and {@code data} may be local paths or Hadoop URIs; a remote model is
   * evaluated from a local copy and its new files (including what {@code listeners} write) are
   * copied back.
   */
  public static Map<String, Object> run(SparkSession spark, String location, String data, String split,
      Consumer<String> log, List<EvaluationListener> listeners) {
    ModelDirectory model = ModelDirectory.open(location, null);
    try (Progress p = Progress.tasks(spark.sparkContext(),
        "evaluate " + split, model.config().train.progressSeconds(), log)) {
      return run(spark, model, location, data, split, log, List.copyOf(listeners));
    }
  }

  private static Map<String, Object> run(SparkSession spark, ModelDirectory model, String location,
      String data, String split, Consumer<String> log, List<EvaluationListener> listeners) {
    Path modelDir = model.dir();
    ShardDirectory shards = ShardDirectory.open(data, model.info().workload);
    spark.sparkContext().setJobGroup("evaluate", "evaluate on " + split, false);
    long t0 = System.nanoTime();
    // Progress line only for a real split: a bad one fails below with its own message.
    if (Sharder.SPLITS.contains(split)) log.accept(String.format(Locale.ROOT, "evaluate: scoring %s split (%d rows) with %s model %s",
        split, shards.manifest().splits.getOrDefault(split, 0L), model.info().workload, location));
    Path evalDir = modelDir.resolve("evaluation");
    Workload.Evaluated result = Workload.of(model).evaluate(spark, model, shards, split, data, log);
    Path file = evalDir.resolve(split + ".json");
    Json.write(file, result.json());
    for (String line : result.details()) log.accept("evaluate: " + line);
    log.accept("evaluate: " + result.headline() + " -> " + file);
    if (result.charts() != null) {
      charts(log, () -> result.charts().draw(evalDir, split));
      evaluated(modelDir, split, listeners);
      log.accept(String.format(Locale.ROOT, "evaluate: done in %.1fs", (System.nanoTime() - t0) / 1e9));
    } else {
      evaluated(modelDir, split, listeners);
    }
    publish(model);
    spark.sparkContext().clearJobGroup();
    return result.json();
  }

  /** A remote model gets its new evaluation files and report back. */
  private static void publish(ModelDirectory model) {
    model.publish("evaluation");
    model.publish("report.html");
  }

  /** Draws the charts; failing leaves the metrics in place (one warning line). */
  private static void charts(Consumer<String> log, Supplier<List<Path>> draw) {
    try {
      List<Path> files = draw.get();
      log.accept("evaluate: charts " + files.stream().map(f -> f.getFileName().toString()).toList()
          + " -> " + files.get(0).getParent());
    } catch (RuntimeException | LinkageError | AWTError e) {
      log.accept("evaluate: warning: charts not written: " + e);
    }
  }

  /** The listeners, once the split's metrics and charts are in {@code modelDir}. */
  private static void evaluated(Path modelDir, String split, List<EvaluationListener> listeners) {
    for (EvaluationListener l : listeners) l.onEvaluated(modelDir, split);
  }
}
