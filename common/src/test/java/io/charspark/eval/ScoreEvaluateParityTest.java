package io.charspark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Sharder;
import io.charspark.demo.DemoCorpus;
import io.charspark.demo.KaggleCorpus;
import io.charspark.io.Json;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.report.EvaluationReports;
import io.charspark.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score} and {@code evaluate} see the same probabilities for the same rows: the test split's
 * posts are scored from the raw corpus (ingest, de-duplication and ETL of {@code score}), joined to
 * the split's labels, and the metrics recomputed from those probabilities must equal what {@code
 * evaluate} computed from the shards (log loss and the mean probability are sums over every row,
 * so one row scored differently moves them). For the classifier with both truncation sides (texts
 * are longer than {@code etl.max_length}, so {@code pre} and {@code post} keep different
 * characters), the toxic graph and a typed schema. Tiny models, one epoch: well under a minute.
 */
@Tag("integration")
class ScoreEvaluateParityTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path posts;
  static String spoilerShards;

  static final List<String> TINY = List.of("etl.max_length=48", "model.conv_filters=8", "model.dense_units=16",
      "model.embedding_dim=8", "train.epochs=1", "shard.files_per_split=1", "toxic.baseline=false");

  /** Same probabilities: the metrics differ only by the order of their sums. */
  static final double EXACT = 1e-9;
  /**
   * The typed graph scores minibatches of another composition in score (its input is not the
   * shards' partitioning), and its float32 arithmetic then rounds differently: measured 2.4e-9 in
   * the mean log loss. A different ETL or network moves the metrics by 1e-3 and more.
   */
  static final double FLOAT_ROUNDING = 1e-6;

  @BeforeAll
  static void spoilerCorpus() {
    posts = tmp.resolve("posts");
    DemoCorpus.write(posts, 600, 42, false);
    spoilerShards = tmp.resolve("shards").toString();
    Sharder.run(spark, config("../conf/demo.conf"), List.of(posts.toString()), spoilerShards, false, s -> {});
  }

  static CharsparkConfig config(String file, String... more) {
    List<String> set = new ArrayList<>(TINY);
    set.addAll(List.of(more));
    return CharsparkConfig.load(Path.of(file), set);
  }

  /** Trains, evaluates the test split, scores {@code inputs}; returns (evaluation, predictions with labels). */
  static JsonNode trainEvaluate(CharsparkConfig cfg, String shards, String name) {
    String model = tmp.resolve(name).toString();
    TrainingLoop.run(spark, cfg, shards, model, false, false, s -> {}, List.of());
    Evaluation.run(spark, model, shards, "test", s -> {}, List.of(new EvaluationReports(s -> {})));
    return Json.MAPPER.valueToTree(Json.read(Path.of(model, "evaluation", "test.json"), Map.class));
  }

  /** The scored probabilities of the test split's rows, with their labels: (id, probability columns..., labels...). */
  static Dataset<Row> scoredTestRows(String model, List<String> inputs, String shards, String name) {
    String out = tmp.resolve(name + "-scores").toString();
    Scoring.run(spark, model, inputs, out, false, s -> {});
    // score's own label column is its thresholded prediction: the split's true label is "y".
    Dataset<Row> p = spark.read().option("header", "true")
        .csv(Path.of(out, "predictions").toString()).withColumnRenamed("label", "predicted");
    Dataset<Row> test = spark.read().parquet(Path.of(shards, "test").toString()).select("id", "label");
    return p.join(test.withColumnRenamed("label", "y"), "id");
  }

  /** Metrics from score's probabilities must be evaluate's: rows, positives, AUC, log loss, accuracy. */
  static void assertSameMetrics(String what, JsonNode ev, Dataset<Row> rows, String probability, String label,
      double threshold, double tolerance) {
    BinaryMetrics m = new BinaryMetrics(threshold);
    double sum = 0;
    for (Row r : rows.select(probability, label).collectAsList()) {
      double p = Double.parseDouble(r.getString(0)); // as score wrote it
      m.add(p, ((Number) r.get(1)).intValue());
      sum += p;
    }
    assertEquals(ev.get("rows").asLong(), m.rows(), what + ": every test row scored once");
    assertTrue(m.rows() > 50, what + ": rows " + m.rows());
    assertEquals(ev.get("positives").asLong(), m.positives(), what);
    assertEquals(ev.get("log_loss").asDouble(), m.logLoss(), tolerance, what + " log loss");
    // AUC counts pairs in 1/20,000-wide bins: a rounding difference that crosses a bin edge moves it.
    assertEquals(ev.get("auc").asDouble(), m.auc(), tolerance == EXACT ? 1e-12 : 1e-3, what + " AUC");
    assertEquals(ev.get("accuracy").asDouble(), m.accuracy(), 1e-12, what + " accuracy");
    if (ev.has("mean_probability")) {
      assertEquals(ev.get("mean_probability").asDouble(), sum / m.rows(), tolerance, what + " mean probability");
    }
  }

  static double threshold(String model) {
    return Json.read(Path.of(model, "model.json"), Map.class).get("threshold") instanceof Number n
        ? n.doubleValue() : 0.5;
  }

  @Test
  void classifierKeepingTheHeadOrTheTail() {
    for (String side : List.of("post", "pre")) {
      String name = "classifier-" + side;
      JsonNode ev = trainEvaluate(config("../conf/demo.conf", "etl.truncate=" + side), spoilerShards, name);
      String model = tmp.resolve(name).toString();
      Dataset<Row> rows = scoredTestRows(model, List.of(posts.toString()), spoilerShards, name);
      assertSameMetrics(name, ev, rows, "probability", "y", threshold(model), EXACT);
    }
  }

  @Test
  void typedSchemaGraph() {
    String name = "typed";
    JsonNode ev = trainEvaluate(config("../conf/demo.conf", "schema.network=typed", "etl.truncate=pre"),
        spoilerShards, name);
    String model = tmp.resolve(name).toString();
    Dataset<Row> rows = scoredTestRows(model, List.of(posts.toString()), spoilerShards, name);
    assertSameMetrics(name, ev.get("outputs").get("label"), rows, "label_probability", "y", threshold(model),
        FLOAT_ROUNDING);
  }

  @Test
  void toxicGraphPerLabel() {
    Path kaggle = tmp.resolve("kaggle");
    KaggleCorpus.write(kaggle, 800, 400, 7, false);
    String shards = tmp.resolve("toxic-shards").toString();
    CharsparkConfig cfg = config("../conf/toxic-demo.conf", "model.bilstm_units=8", "etl.truncate=pre");
    Sharder.run(spark, cfg, List.of(kaggle.toString()), shards, false, s -> {});
    JsonNode ev = trainEvaluate(cfg, shards, "toxic");
    String model = tmp.resolve("toxic").toString();
    // Kaggle's test split is test.csv's rows that test_labels.csv scores; the predictions name each
    // label's probability by the label, so the split's label columns are renamed first.
    String out = tmp.resolve("toxic-scores").toString();
    Scoring.run(spark, model, List.of(kaggle.resolve("test.csv").toString()), out, false, s -> {});
    Dataset<Row> p = spark.read().option("header", "true")
        .csv(Path.of(out, "predictions").toString());
    Dataset<Row> test = spark.read().parquet(Path.of(shards, "test").toString());
    for (String l : KaggleCorpus.LABELS) test = test.withColumnRenamed(l, "y_" + l);
    Dataset<Row> rows = p.join(test, "id").cache();
    for (String l : KaggleCorpus.LABELS) {
      JsonNode one = Json.MAPPER.createObjectNode()
          .put("rows", ev.get("rows").asLong())
          .put("positives", Math.round(ev.get("positive_rate").get(l).asDouble() * ev.get("rows").asLong()))
          .put("log_loss", ev.get("log_loss").get(l).asDouble())
          .put("auc", ev.get("auc").get(l).asDouble())
          .put("accuracy", ev.get("accuracy").get(l).asDouble())
          .put("mean_probability", ev.get("mean_probability").get(l).asDouble());
      assertSameMetrics("toxic " + l, one, rows, l, "y_" + l, threshold(model), EXACT);
    }
    rows.unpersist();
  }
}
