package io.charspark.workload;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.ShardDirectory;
import io.charspark.etl.CharTransform;
import io.charspark.inference.Predictor;
import io.charspark.io.Fs;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.metrics.TfidfBaseline;
import io.charspark.model.ModelDirectory;
import io.charspark.report.EvaluationCharts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The spoiler tagger (and any workload whose schema is one boolean {@code label}): binary
 * classifier over the character ETL, evaluated by ROC AUC, log loss and accuracy beside the constant
 * prior and, with {@code toxic.baseline}, the TF-IDF baselines.
 */
public record SpoilersClassifier() implements Workload {
  /** The demo: 4000 generated posts, scored from their Reddit API listing pages. */
  public static final Demo DEMO = new Demo("spoilers", "conf/demo.conf", 4000,
      "demo: corpus of {posts} posts ({spoilers} spoilers) in {corpus}", "api", false);

  @Override
  public TrainingTask task(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards, Consumer<String> log) {
    return new ClassifierTask(cfg, shards);
  }

  /** {@code (id, features, label)} rows from a shard split, through the fitted character ETL. */
  public static Dataset<Row> encode(Dataset<Row> split, CharTransform etl) {
    return etl.transform(split.select("id", "text", "label"), "text", "features")
        .select(col("id"), col("features"), col("label"));
  }

  @Override
  public Evaluated evaluate(SparkSession spark, ModelDirectory model, ShardDirectory shards, String split,
      String data, Consumer<String> log) {
    BinaryMetrics m = Predictor.metrics(spark, model.network(), encode(shards.read(spark, split), model.info().etl),
        model.config().score.batchSize(), model.info().threshold);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", split);
    out.put("data", Fs.qualified(data));
    out.put("workload", model.info().workload);
    out.put("arch", model.info().arch);
    out.putAll(m.toMap(model.info().trainPositiveRate));
    if (model.config().toxic.baseline()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> base = (Map<String, Object>) out.get("baselines");
      for (TfidfBaseline.Fitted f : TfidfBaseline.fitAll(spark, shards, shards.read(spark, split), List.of("label"),
          model.config(), model.info().threshold, log)) {
        BinaryMetrics b = f.byLabel().get("label");
        Map<String, Object> tfidf = new LinkedHashMap<>();
        tfidf.put("what", f.analyzer().describe(model.config().toxic));
        tfidf.put("auc", b.auc());
        tfidf.put("log_loss", b.logLoss());
        tfidf.put("accuracy", b.accuracy());
        tfidf.put("seconds", f.seconds());
        base.put(f.analyzer().key, tfidf);
      }
    }
    String headline = String.format(Locale.ROOT,
        "%s rows %d  auc %.4f  log_loss %.4f (constant prior %.4f)  accuracy %.4f",
        split, m.rows(), m.auc(), m.logLoss(), m.constantPriorLogLoss(model.info().trainPositiveRate), m.accuracy());
    String label = model.info().labelField == null ? "label" : model.info().labelField;
    return new Evaluated(out, List.of(), headline,
        (evalDir, s) -> EvaluationCharts.classifier(evalDir, s, Map.of(label, m)));
  }

  /** {@code id, probability, label}: the label is 1 at or above the model's threshold. */
  @Override
  public Dataset<Row> predict(SparkSession spark, ModelDirectory model, Dataset<Row> ok, Manifest manifest,
      Consumer<String> log) {
    return Predictor.predict(spark, model.network(), encode(ok, model.info().etl), model.config().score.batchSize())
        .select(col("id"), col("probability"),
            when(col("probability").geq(model.info().threshold), lit(1)).otherwise(lit(0)).as("label"));
  }
}
