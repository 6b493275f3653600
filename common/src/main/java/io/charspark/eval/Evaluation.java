package io.charspark.eval;

import io.charspark.data.ShardDirectory;
import io.charspark.io.Json;
import io.charspark.model.ModelDirectory;
import io.charspark.train.TrainingLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} job: a model on one split of a shard directory → {@code
 * MODEL/evaluation/<split>.json} with rows, auc, log_loss, accuracy and, as baselines, the
 * constant-prior log loss (always predicting the training positive rate) and majority accuracy.
 * Also writes the charts of {@link io.charspark.report.EvaluationCharts} (ROC and calibration for a
 * classifier, bits per character against the baselines for the language model) and rewrites the
 * model's {@code report.html}; a chart or report failure is one warning line, not a failed job.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Language model: bits per character and perplexity on the split's pairs (stride
   * {@code lm.eval_step}), next to the unigram and n-gram baselines estimated on every character of
   * the train split.
   */
  static Map<String, Object> languageModel(
      SparkSession spark, ModelDirectory model, ShardDirectory shards, String split, String data) {
    io.charspark.config.CharsparkConfig cfg = model.config();
    io.charspark.lm.LanguageModelTask task = new io.charspark.lm.LanguageModelTask(cfg, shards);
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> eval =
        task.evalPairs(spark, split).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> train =
        io.charspark.lm.LmEtl.pairs(shards.read(spark, "train"), cfg.lm.window(), 1, cfg.lm.keepNewline());
    io.charspark.lm.LmEvaluator.CrossEntropy ce =
        io.charspark.lm.LmEvaluator.model(spark, model.network(), eval, cfg.score.batchSize());
    int v = task.classes() - 1; // every character the model can emit, the pad slot excluded
    io.charspark.lm.LmEvaluator.CrossEntropy uni = io.charspark.lm.LmEvaluator.ngram(train, eval, 1, v);
    io.charspark.lm.LmEvaluator.CrossEntropy ng =
        io.charspark.lm.LmEvaluator.ngram(train, eval, cfg.lm.ngramOrder(), v);
    eval.unpersist();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", split);
    out.put("data", io.charspark.io.Fs.qualified(data));
    out.put("workload", model.info().workload);
    out.put("rows", ce.chars());
    out.put("bits_per_char", ce.bitsPerChar());
    out.put("perplexity", ce.perplexity());
    out.put("nats_per_char", ce.natsPerChar());
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("unigram_bits_per_char", uni.bitsPerChar());
    base.put("ngram_bits_per_char", ng.bitsPerChar());
    base.put("ngram_order", cfg.lm.ngramOrder());
    base.put("smoothing", "add-one over " + v + " characters");
    out.put("baselines", base);
    return out;
  }

  /**
   * Toxic: per-label ROC AUC, the mean column-wise ROC AUC (the Kaggle metric), per-label log loss,
   * positive rate, mean probability and recall/precision at the threshold (where a positive weight
   * shows), next to the constant-prior log loss and the Spark ML TF-IDF character n-gram logistic
   * regression trained on the train split. Rows without labels (Kaggle's -1) are never scored.
   */
  /** The toxic evaluation: what {@code evaluation/<split>.json} holds, and each label's metrics for the charts. */
  record MultiLabel(Map<String, Object> json, Map<String, BinaryMetrics> byLabel) {}

  static MultiLabel toxic(
      SparkSession spark, ModelDirectory model, ShardDirectory shards, String split, String data,
      Consumer<String> log) {
    io.charspark.config.CharsparkConfig cfg = model.config();
    List<String> labels = model.info().labels;
    if (ShardDirectory.UNSCORED.equals(split)) {
      throw new IllegalArgumentException("Split 'unscored' holds Kaggle test rows labelled -1 (not scored):"
          + " they have no labels to evaluate against; use `charspark score` to predict them");
    }
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = shards.read(spark, split);
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> predictions =
        Predictor.predictMulti(spark, model.model(),
                io.charspark.train.ToxicTask.encode(rows, labels, model.info().etlMaxLength,
                    "pre".equals(model.info().etlTruncate)),
                cfg.score.batchSize())
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    List<BinaryMetrics> m;
    long unlabelled;
    try {
      m = Predictor.multiMetrics(predictions, labels.size(), model.info().threshold);
      unlabelled = predictions.filter(org.apache.spark.sql.functions.col("labels").isNull()).count();
    } finally {
      predictions.unpersist();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", split);
    out.put("data", io.charspark.io.Fs.qualified(data));
    out.put("workload", model.info().workload);
    out.put("arch", model.info().arch);
    out.put("rows", m.get(0).rows());
    out.put("rows_without_labels_excluded", unlabelled);
    out.put("unscored_rows_in_data", shards.manifest().splits.getOrDefault(ShardDirectory.UNSCORED, 0L));
    out.put("labels", labels);
    out.put("threshold", model.info().threshold);
    out.put("positive_weights", model.info().positiveWeights == null ? "off" : model.info().positiveWeights);
    out.put("auc", perLabel(labels, m, BinaryMetrics::auc));
    out.put("mean_auc", io.charspark.train.ToxicTask.meanAuc(m));
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
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> evalRows =
          List.of(rows.columns()).contains("scored")
              ? rows.filter(org.apache.spark.sql.functions.col("scored")) : rows;
      for (Fitted f : tfidfBaselines(spark, shards, evalRows, labels, cfg, model.info().threshold, log)) {
        List<BinaryMetrics> bl = labels.stream().map(f.byLabel()::get).toList();
        Map<String, Object> tfidf = new LinkedHashMap<>();
        tfidf.put("what", f.analyzer().describe(cfg.toxic));
        tfidf.put("auc", perLabel(labels, bl, BinaryMetrics::auc));
        tfidf.put("mean_auc", io.charspark.train.ToxicTask.meanAuc(bl));
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
    return new MultiLabel(out, byLabel);
  }

  /** One fitted TF-IDF baseline: its metrics per label on the evaluated rows, and its fit + evaluation time. */
  public record Fitted(TfidfBaseline.Analyzer analyzer, Map<String, BinaryMetrics> byLabel, double seconds) {}

  /**
   * The TF-IDF + logistic regression baselines (character n-grams, then word n-grams; {@link
   * TfidfBaseline}) fitted on the train split of {@code shards} and evaluated on {@code evalRows}
   * (columns {@code text} and the int 0/1 {@code labels}); settings from {@code toxic.baseline_*}.
   */
  public static List<Fitted> tfidfBaselines(SparkSession spark, ShardDirectory shards,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> evalRows, List<String> labels,
      io.charspark.config.CharsparkConfig cfg, double threshold, Consumer<String> log) {
    List<Fitted> out = new java.util.ArrayList<>();
    for (TfidfBaseline.Analyzer a : TfidfBaseline.Analyzer.values()) {
      long b0 = System.nanoTime();
      log.accept("evaluate: fitting the " + a.title + " baseline on the train split");
      Map<String, BinaryMetrics> b = TfidfBaseline.fitAndEvaluate(spark, shards.read(spark, "train"), evalRows,
          labels, cfg.toxic, threshold, a, log);
      out.add(new Fitted(a, b, (System.nanoTime() - b0) / 1e9));
    }
    return out;
  }

  private static Map<String, Double> perLabel(
      List<String> labels, List<BinaryMetrics> m, java.util.function.ToDoubleFunction<BinaryMetrics> f) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k = 0; k < labels.size(); k++) out.put(labels.get(k), f.applyAsDouble(m.get(k)));
    return out;
  }

  /**
   * Everything {@link #run} checks before it reads data, with no Spark session (the {@code evaluate}
   * command calls it before starting Spark): a finished model directory, a shard directory of the
   * model's workload, and a non-empty split of it.
   */
  public static void preflight(String location, String data, String split) {
    io.charspark.model.ModelInfo info = ModelDirectory.check(location);
    ShardDirectory.open(data, info.workload).checkSplit(split);
  }

  public static Map<String, Object> run(
      SparkSession spark, Path modelDir, Path data, String split, Consumer<String> log) {
    return run(spark, modelDir.toString(), data.toString(), split, log);
  }

  /**
   * {@code location} and {@code data} may be local paths or Hadoop URIs; a remote model is
   * evaluated from a local copy and its new files are copied back.
   */
  public static Map<String, Object> run(
      SparkSession spark, String location, String data, String split, Consumer<String> log) {
    ModelDirectory model = ModelDirectory.open(location, null);
    try (io.charspark.spark.Progress p = io.charspark.spark.Progress.tasks(spark.sparkContext(),
        "evaluate " + split, model.config().train.progressSeconds(), log)) {
      return run(spark, model, location, data, split, log);
    }
  }

  private static Map<String, Object> run(SparkSession spark, ModelDirectory model, String location,
      String data, String split, Consumer<String> log) {
    Path modelDir = model.dir();
    ShardDirectory shards = ShardDirectory.open(data, model.info().workload);
    spark.sparkContext().setJobGroup("evaluate", "evaluate on " + split, false);
    long t0 = System.nanoTime();
    // Progress line only for a real split: a bad one fails below with its own message.
    if (io.charspark.data.Sharder.SPLITS.contains(split)) log.accept(String.format(java.util.Locale.ROOT, "evaluate: scoring %s split (%d rows) with %s model %s",
        split, shards.manifest().splits.getOrDefault(split, 0L), model.info().workload, location));
    Path evalDir = modelDir.resolve("evaluation");
    if (model.config().isLanguageModel()) {
      Map<String, Object> out = languageModel(spark, model, shards, split, data);
      Path file = evalDir.resolve(split + ".json");
      Json.write(file, out);
      @SuppressWarnings("unchecked")
      Map<String, Object> base = (Map<String, Object>) out.get("baselines");
      log.accept(String.format(java.util.Locale.ROOT,
          "evaluate: %s chars %d  bits/char %.4f  perplexity %.3f  (unigram %.4f, %d-gram %.4f bits/char) -> %s",
          split, out.get("rows"), out.get("bits_per_char"), out.get("perplexity"),
          base.get("unigram_bits_per_char"), base.get("ngram_order"), base.get("ngram_bits_per_char"), file));
      charts(modelDir, log, () -> List.of(io.charspark.report.EvaluationCharts.languageModel(evalDir, split, out)), t0);
      publish(model);
      spark.sparkContext().clearJobGroup();
      return out;
    }
    if (model.info().isSchema()) {
      SchemaEvaluation.Result result = SchemaEvaluation.evaluate(spark, model, shards, split, data);
      Path file = evalDir.resolve(split + ".json");
      Json.write(file, result.json());
      for (String line : SchemaEvaluation.summary(result.json())) log.accept("evaluate: " + split + " " + line);
      log.accept("evaluate: " + split + " rows " + result.json().get("rows") + " -> " + file);
      if (!result.binary().isEmpty()) {
        charts(modelDir, log, () -> io.charspark.report.EvaluationCharts.classifier(evalDir, split, result.binary()), t0);
      } else {
        io.charspark.report.ModelReport.update(modelDir, log);
      }
      publish(model);
      spark.sparkContext().clearJobGroup();
      return result.json();
    }
    if (model.config().isToxic()) {
      MultiLabel result = toxic(spark, model, shards, split, data, log);
      Map<String, Object> out = result.json();
      Map<String, BinaryMetrics> byLabel = result.byLabel();
      Path file = evalDir.resolve(split + ".json");
      Json.write(file, out);
      log.accept(String.format(java.util.Locale.ROOT,
          "evaluate: %s rows %d  mean_auc %.4f%s -> %s", split, out.get("rows"), out.get("mean_auc"),
          out.containsKey("baseline_mean_auc")
              ? String.format(java.util.Locale.ROOT, " (TF-IDF char n-gram LR %.4f)", out.get("baseline_mean_auc")) : "",
          file));
      charts(modelDir, log, () -> io.charspark.report.EvaluationCharts.classifier(evalDir, split, byLabel), t0);
      publish(model);
      spark.sparkContext().clearJobGroup();
      return out;
    }
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
    out.put("data", io.charspark.io.Fs.qualified(data));
    out.put("workload", model.info().workload);
    out.put("arch", model.info().arch);
    out.putAll(m.toMap(model.info().trainPositiveRate));
    if (model.config().toxic.baseline()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> base = (Map<String, Object>) out.get("baselines");
      for (Fitted f : tfidfBaselines(spark, shards, shards.read(spark, split), List.of("label"), model.config(),
          model.info().threshold, log)) {
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
    Path file = modelDir.resolve("evaluation").resolve(split + ".json");
    Json.write(file, out);
    log.accept(String.format(java.util.Locale.ROOT,
        "evaluate: %s rows %d  auc %.4f  log_loss %.4f (constant prior %.4f)  accuracy %.4f -> %s",
        split, m.rows(), m.auc(), m.logLoss(),
        m.constantPriorLogLoss(model.info().trainPositiveRate), m.accuracy(), file));
    String label = model.info().labelField == null ? "label" : model.info().labelField;
    charts(modelDir, log, () -> io.charspark.report.EvaluationCharts.classifier(evalDir, split, Map.of(label, m)), t0);
    publish(model);
    spark.sparkContext().clearJobGroup();
    return out;
  }

  /** A remote model gets its new evaluation files and report back. */
  private static void publish(ModelDirectory model) {
    model.publish("evaluation");
    model.publish("report.html");
  }

  /** Draws the charts, then rewrites report.html; either failing leaves the metrics in place. */
  private static void charts(Path modelDir, Consumer<String> log,
      java.util.function.Supplier<List<Path>> draw, long t0) {
    try {
      List<Path> files = draw.get();
      log.accept("evaluate: charts " + files.stream().map(f -> f.getFileName().toString()).toList()
          + " -> " + files.get(0).getParent());
    } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
      log.accept("evaluate: warning: charts not written: " + e);
    }
    io.charspark.report.ModelReport.update(modelDir, log);
    log.accept(String.format(java.util.Locale.ROOT, "evaluate: done in %.1fs", (System.nanoTime() - t0) / 1e9));
  }
}
