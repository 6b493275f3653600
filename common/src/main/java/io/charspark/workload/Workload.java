package io.charspark.workload;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.ShardDirectory;
import io.charspark.model.ModelDirectory;
import io.charspark.model.ModelInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One of the four kinds of model charspark trains, evaluates and scores, and everything that differs
 * between them: the training task (network, ETL, minibatches, validation metric, the fields it adds
 * to {@code model.json}), the evaluation and the prediction columns of {@code score}. The jobs ask
 * {@link #of} which one applies and call it; none of them tests the kind itself.
 *
 * <ul>
 *   <li>{@link SpoilersClassifier}: one binary label, character ETL, one sigmoid output;
 *   <li>{@link ToxicMultiLabel}: one sigmoid head per {@code toxic.labels};
 *   <li>{@link LanguageModel}: window → next character (bits per character), never scored;
 *   <li>{@link TypedSchema}: the {@code schema} block's typed columns (any workload's data).
 * </ul>
 */
public sealed interface Workload permits SpoilersClassifier, ToxicMultiLabel, LanguageModel, TypedSchema {

  /** The workload a configuration trains. */
  static Workload of(CharsparkConfig cfg) {
    if (cfg.isLanguageModel()) return new LanguageModel();
    if (!cfg.isWorkloadSchema()) return new TypedSchema();
    if (cfg.isToxic()) return new ToxicMultiLabel();
    return new SpoilersClassifier();
  }

  /** The workload of a trained model: its {@code model.json} and the configuration it was trained with. */
  static Workload of(ModelInfo info, CharsparkConfig cfg) {
    if (cfg.isLanguageModel()) return new LanguageModel();
    if (info.isSchema()) return new TypedSchema();
    if (cfg.isToxic()) return new ToxicMultiLabel();
    return new SpoilersClassifier();
  }

  static Workload of(ModelDirectory model) {
    return of(model.info(), model.config());
  }

  /** What one training example is called in progress lines: {@code sequences} or {@code pairs}. */
  default String unit() {
    return "sequences";
  }

  /** The training task: network, training rows and minibatches, validation, model description. */
  TrainingTask task(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards, Consumer<String> log);

  /** Evaluates {@code model} on {@code split} of {@code shards} (read from {@code data}). */
  Evaluated evaluate(SparkSession spark, ModelDirectory model, ShardDirectory shards, String split, String data,
      Consumer<String> log);

  /**
   * Fails with a one-line message when {@code score} cannot use {@code model} (named {@code
   * location}); a classifier always can.
   */
  default void checkScorable(ModelDirectory model, String location) {}

  /**
   * The {@code score} job's prediction columns for accepted input rows {@code ok} (lazy): {@code id}
   * first, then the workload's own (a classifier: {@code probability, label}; toxic: one probability
   * column per label; a typed schema: {@link SchemaEvaluation#predictions}). May add input counts to
   * {@code manifest}.
   */
  Dataset<Row> predict(SparkSession spark, ModelDirectory model, Dataset<Row> ok, Manifest manifest,
      Consumer<String> log);

  /**
   * One evaluation: {@code json} is what {@code evaluation/<split>.json} holds (its keys are the
   * file format, documented in docs/jobs.md); {@code details} are log lines before the {@code
   * headline} (which the job ends with {@code -> file}); {@code charts} draws the evaluation's
   * charts, or is null when the workload has none for this model.
   */
  record Evaluated(Map<String, Object> json, List<String> details, String headline, Charts charts) {}

  /** Draws charts of one split into the model's {@code evaluation/} directory; returns the files. */
  @FunctionalInterface
  interface Charts {
    List<Path> draw(Path evalDir, String split);
  }
}
