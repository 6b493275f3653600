package io.charspark.workload;

import static org.apache.spark.sql.functions.array;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The toxic-comments multi-label model: one sigmoid head per {@code toxic.labels} over the character
 * ETL, evaluated by per-label ROC AUC and their mean (the Kaggle metric), beside the constant prior
 * and the TF-IDF baselines; scored from Kaggle CSV files.
 */
public record ToxicMultiLabel() implements Workload {
  /** The demo: 3000 generated Kaggle train comments; test.csv scored into a Kaggle submission. */
  public static final Demo DEMO = new Demo("toxic", "conf/toxic-demo.conf", 3000,
      "demo: Kaggle-format train.csv/test.csv/test_labels.csv ({requested} train comments) in {corpus}",
      "test.csv", true);

  @Override
  public TrainingTask task(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards, Consumer<String> log) {
    return new ToxicTask(cfg, shards);
  }

  /**
   * {@code (id, features, labels array<int>)} through the fitted character ETL; {@code labels} is
   * null for rows that are not scored (Kaggle's -1) and for inputs that carry no labels at all.
   */
  public static Dataset<Row> encode(Dataset<Row> rows, List<String> labels, CharTransform etl) {
    List<String> cols = List.of(rows.columns());
    boolean labelled = cols.containsAll(labels);
    Column y;
    if (labelled) {
      Column[] ls = labels.stream().map(l -> col(l).cast("int")).toArray(Column[]::new);
      y = cols.contains("scored") ? when(col("scored"), array(ls)) : array(ls);
    } else {
      y = lit(null).cast(DataTypes.createArrayType(DataTypes.IntegerType));
    }
    return etl.transform(rows.select(col("id"), col("text"), y.as("labels")), "text", "features")
        .select(col("id"), col("features"), col("labels"));
  }

  /**
   * Per-label ROC AUC, the mean column-wise ROC AUC (the Kaggle metric), per-label log loss,
   * positive rate, mean probability and recall/precision at the threshold (where a positive weight
   * shows), next to the constant-prior log loss and the Spark ML TF-IDF character n-gram logistic
   * regression trained on the train split. Rows without labels (Kaggle's -1) are never scored.
   */
  @Override
  public Evaluated evaluate(SparkSession spark, ModelDirectory model, ShardDirectory shards, String split,
      String data, Consumer<String> log) {
    CharsparkConfig cfg = model.config();
    List<String> labels = model.info().labels;
    if (ShardDirectory.UNSCORED.equals(split)) {
      throw new IllegalArgumentException("Split 'unscored' holds Kaggle test rows labelled -1 (not scored):"
          + " they have no labels to evaluate against; use `charspark score` to predict them");
    }
    Dataset<Row> rows = shards.read(spark, split);
    Dataset<Row> predictions =
        Predictor.predictMulti(spark, model.network(), encode(rows, labels, model.info().etl), cfg.score.batchSize())
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<BinaryMetrics> m;
    long unlabelled;
    try {
      m = Predictor.multiMetrics(predictions, labels.size(), model.info().threshold);
      unlabelled = predictions.filter(col("labels").isNull()).count();
    } finally {
      predictions.unpersist();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", split);
    out.put("data", Fs.qualified(data));
    out.put("workload", model.info().workload);
    out.put("arch", model.info().arch);
    out.put("rows", m.get(0).rows());
    out.put("rows_without_labels_excluded", unlabelled);
    out.put("unscored_rows_in_data", shards.manifest().splits.getOrDefault(ShardDirectory.UNSCORED, 0L));
    out.put("labels", labels);
    out.put("threshold", model.info().threshold);
    out.put("positive_weights", model.info().positiveWeights == null ? "off" : model.info().positiveWeights);
    out.put("auc", perLabel(labels, m, BinaryMetrics::auc));
    out.put("mean_auc", BinaryMetrics.meanAuc(m));
    out.put("log_loss", perLabel(labels, m, BinaryMetrics::logLoss));
    out.put("mean_log_loss", m.stream().mapToDouble(BinaryMetrics::logLoss).average().orElse(Double.NaN));
    out.put("accuracy", perLabel(labels, m, BinaryMetrics::accuracy));
    out.put("mean_accuracy", m.stream().mapToDouble(BinaryMetrics::accuracy).average().orElse(Double.NaN));
    out.put("positive_rate", perLabel(labels, m, BinaryMetrics::positiveRate));
    out.put("mean_probability", perLabel(labels, m, BinaryMetrics::meanProbability));
    out.put("predicted_positive_rate", perLabel(labels, m, BinaryMetrics::predictedPositiveRate));
    out.put("recall", perLabel(labels, m, BinaryMetrics::recall));
    out.put("precision", perLabel(labels, m, BinaryMetrics::precision));
    Map<String, Object> base = new LinkedHashMap<>();
    Map<String, Double> prior = model.info().trainPositiveRates;
    Map<String, Double> priorLoss = new LinkedHashMap<>();
    for (int k = 0; k < labels.size(); k++) {
      priorLoss.put(labels.get(k), m.get(k).constantPriorLogLoss(prior.getOrDefault(labels.get(k), 0.5)));
    }
    base.put("constant_prior", prior);
    base.put("constant_prior_log_loss", priorLoss);
    if (cfg.toxic.baseline()) {
      Dataset<Row> evalRows = List.of(rows.columns()).contains("scored") ? rows.filter(col("scored")) : rows;
      for (TfidfBaseline.Fitted f : TfidfBaseline.fitAll(spark, shards, evalRows, labels, cfg,
          model.info().threshold, log)) {
        List<BinaryMetrics> bl = labels.stream().map(f.byLabel()::get).toList();
        Map<String, Object> tfidf = new LinkedHashMap<>();
        tfidf.put("what", f.analyzer().describe(cfg.toxic));
        tfidf.put("auc", perLabel(labels, bl, BinaryMetrics::auc));
        tfidf.put("mean_auc", BinaryMetrics.meanAuc(bl));
        tfidf.put("log_loss", perLabel(labels, bl, BinaryMetrics::logLoss));
        tfidf.put("accuracy", perLabel(labels, bl, BinaryMetrics::accuracy));
        tfidf.put("seconds", f.seconds());
        base.put(f.analyzer().key, tfidf);
        if (f.analyzer() == TfidfBaseline.Analyzer.CHAR) out.put("baseline_mean_auc", tfidf.get("mean_auc"));
      }
    }
    out.put("baselines", base);
    Map<String, BinaryMetrics> byLabel = new LinkedHashMap<>();
    for (int k = 0; k < labels.size(); k++) byLabel.put(labels.get(k), m.get(k));
    String headline = String.format(Locale.ROOT, "%s rows %d  mean_auc %.4f%s", split, m.get(0).rows(),
        BinaryMetrics.meanAuc(m), out.containsKey("baseline_mean_auc")
            ? String.format(Locale.ROOT, " (TF-IDF char n-gram LR %.4f)", out.get("baseline_mean_auc")) : "");
    return new Evaluated(out, List.of(), headline, (evalDir, s) -> EvaluationCharts.classifier(evalDir, s, byLabel));
  }

  private static Map<String, Double> perLabel(List<String> labels, List<BinaryMetrics> m,
      ToDoubleFunction<BinaryMetrics> f) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k = 0; k < labels.size(); k++) out.put(labels.get(k), f.applyAsDouble(m.get(k)));
    return out;
  }

  /** {@code id}, then one probability column per label, named by the label, in label order. */
  @Override
  public Dataset<Row> predict(SparkSession spark, ModelDirectory model, Dataset<Row> ok, Manifest manifest,
      Consumer<String> log) {
    List<String> labels = model.info().labels;
    List<Column> cols = new ArrayList<>(List.of(col("id")));
    for (int k = 0; k < labels.size(); k++) cols.add(col("probabilities").getItem(k).as(labels.get(k)));
    return Predictor.predictMulti(spark, model.network(), encode(ok.select("id", "text"), labels, model.info().etl),
            model.config().score.batchSize())
        .select(cols.toArray(Column[]::new));
  }
}
