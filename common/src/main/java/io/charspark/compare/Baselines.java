package io.charspark.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.metrics.TfidfBaseline;
import io.charspark.report.Charts;
import io.charspark.report.EvaluationCharts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The classifier baselines of a comparison: the TF-IDF character and word n-gram logistic
 * regressions ({@link TfidfBaseline}) fitted once on the train split and
 * evaluated on the test split. Saved to {@code baselines.json} (table row and ROC points per label)
 * with what they were made from (data, labels, threshold, {@code toxic.baseline_*}); a rerun with
 * the same key reuses them.
 */
final class Baselines {
  /** One baseline: its table row and its ROC points per label ({@code [fpr, tpr]} pairs). */
  record Row(Map<String, Object> row, Map<String, List<double[]>> rocByLabel) {
    Charts.Series roc(String label) {
      List<double[]> pts = rocByLabel.getOrDefault(label, List.of());
      return new Charts.Series(String.format(Locale.ROOT, "%s (AUC %.4f)", row.get("model"),
          ((Number) row.getOrDefault(row.containsKey("test_auc") ? "test_auc" : "test_auc_" + label, Double.NaN))
              .doubleValue()),
          pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray());
    }
  }

  private Baselines() {}

  static List<Row> fitOrReuse(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards, String data,
      Path file, Consumer<String> log) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("data", Fs.qualified(data));
    key.put("split", Compare.SPLIT);
    key.put("labels", Compare.labels(cfg));
    key.put("threshold", cfg.score.threshold());
    key.put("settings", cfg.toxic.baselineNgramMax() + "/" + cfg.toxic.baselineFeatures() + "/"
        + cfg.toxic.baselineMaxIter() + "/" + cfg.toxic.baselineRegParam());
    if (Files.isRegularFile(file)) {
      JsonNode saved = Compare.tree(file);
      if (Json.MAPPER.valueToTree(key).equals(saved.path("key"))) {
        log.accept("compare: baselines fitted earlier (" + file + "), reused");
        return read(saved);
      }
    }
    List<Row> rows = new ArrayList<>();
    List<String> labels = Compare.labels(cfg);
    for (TfidfBaseline.Fitted f : TfidfBaseline.fitAll(spark, shards, Compare.testRows(spark, shards), labels,
        cfg, cfg.score.threshold(), log)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", f.analyzer().key);
      row.put("kind", "baseline");
      // Logistic regression weights and bias over the hashed features, per label.
      row.put("parameters", (long) (cfg.toxic.baselineFeatures() + 1) * labels.size());
      List<BinaryMetrics> m = labels.stream().map(f.byLabel()::get).toList();
      if (cfg.isToxic()) {
        row.put("test_mean_auc", BinaryMetrics.meanAuc(m));
        for (String l : labels) row.put("test_auc_" + l, f.byLabel().get(l).auc());
        row.put("test_mean_log_loss", m.stream().mapToDouble(BinaryMetrics::logLoss).average().orElse(Double.NaN));
        row.put("test_mean_accuracy", m.stream().mapToDouble(BinaryMetrics::accuracy).average().orElse(Double.NaN));
        for (String l : labels) row.put("test_accuracy_" + l, f.byLabel().get(l).accuracy());
      } else {
        BinaryMetrics b = m.get(0);
        row.put("test_auc", b.auc());
        row.put("test_log_loss", b.logLoss());
        row.put("test_accuracy", b.accuracy());
      }
      row.put("wall_seconds", f.seconds());
      Map<String, List<double[]>> roc = new LinkedHashMap<>();
      for (String l : labels) {
        roc.put(l, f.byLabel().get(l).rocPoints(EvaluationCharts.ROC_POINTS).stream()
            .map(p -> new double[] {p.fpr(), p.tpr()}).toList());
      }
      rows.add(new Row(row, roc));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("key", key);
    List<Map<String, Object>> saved = new ArrayList<>();
    for (Row r : rows) saved.add(Map.of("row", r.row(), "roc", r.rocByLabel()));
    doc.put("baselines", saved);
    Json.write(file, doc);
    return rows;
  }

  private static List<Row> read(JsonNode saved) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode b : saved.path("baselines")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> row = Json.MAPPER.convertValue(b.path("row"), LinkedHashMap.class);
      // JSON numbers come back as Integer/Double: keep metrics as doubles for the table's format.
      row.replaceAll((k, v) -> v instanceof Number n && !k.equals("parameters") ? (Object) n.doubleValue() : v);
      Map<String, List<double[]>> roc = new LinkedHashMap<>();
      b.path("roc").fields().forEachRemaining(e -> {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode p : e.getValue()) pts.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        roc.put(e.getKey(), pts);
      });
      rows.add(new Row(row, roc));
    }
    return rows;
  }
}
