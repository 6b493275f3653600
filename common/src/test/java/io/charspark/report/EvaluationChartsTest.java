package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.eval.BinaryMetrics;
import io.charspark.io.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate's charts: the curves' numbers on disk match the metrics, and the PNGs are real. */
class EvaluationChartsTest {
  @TempDir Path tmp;

  @Test
  void rocAndCalibrationChartsAndTheirNumbers() throws Exception {
    BinaryMetrics m = ReportFixtures.metrics(3000, 5);
    List<Path> files = EvaluationCharts.classifier(tmp, "test", Map.of("spoiler", m));
    assertEquals(List.of(tmp.resolve("test-roc.png"), tmp.resolve("test-calibration.png"),
        tmp.resolve("test-curves.json")), files);
    ReportFixtures.assertPng(files.get(0));
    ReportFixtures.assertPng(files.get(1));
    JsonNode c = Json.MAPPER.readTree(files.get(2).toFile()).get("labels").get("spoiler");
    assertEquals(m.auc(), c.get("auc").asDouble(), 1e-12);
    JsonNode roc = c.get("roc");
    assertTrue(roc.size() <= EvaluationCharts.ROC_POINTS && roc.size() > 100, "points: " + roc.size());
    assertEquals(0.0, roc.get(0).get("fpr").asDouble());
    assertEquals(1.0, roc.get(roc.size() - 1).get("tpr").asDouble());
    // Thinned to 400 points, the trapezoid area still matches the AUC closely.
    double area = 0;
    for (int i = 1; i < roc.size(); i++) {
      area += (roc.get(i).get("fpr").asDouble() - roc.get(i - 1).get("fpr").asDouble())
          * (roc.get(i).get("tpr").asDouble() + roc.get(i - 1).get("tpr").asDouble()) / 2;
    }
    assertEquals(m.auc(), area, 2e-3);
    long n = 0;
    for (JsonNode b : c.get("calibration")) n += b.get("count").asLong();
    assertEquals(m.rows(), n, "calibration bins hold every row");
  }

  @Test
  void languageModelBarChart() throws Exception {
    Map<String, Object> ev = Map.of("bits_per_char", 3.1,
        "baselines", Map.of("unigram_bits_per_char", 4.4, "ngram_bits_per_char", 3.4, "ngram_order", 3));
    ReportFixtures.assertPng(EvaluationCharts.languageModel(tmp, "validation", ev));
  }
}
