package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.metrics.BinaryMetrics;
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

  /** Every point's {@code n=…} label, as drawn: its text and its bounds in the rendered chart. */
  static Map<String, java.awt.geom.Rectangle2D> drawnLabels(org.jfree.chart.JFreeChart chart,
      java.awt.geom.Rectangle2D[] dataArea) {
    org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(Charts.WIDTH, Charts.HEIGHT,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, Charts.WIDTH, Charts.HEIGHT), info);
    g.dispose();
    dataArea[0] = info.getPlotInfo().getDataArea();
    Map<String, java.awt.geom.Rectangle2D> out = new java.util.LinkedHashMap<>();
    for (Object e : info.getEntityCollection().getEntities()) {
      if (e instanceof org.jfree.chart.entity.XYAnnotationEntity a) {
        out.put(a.getToolTipText(), a.getArea().getBounds2D());
      }
    }
    return out;
  }

  /** 73 rows predicted 0.95 (all positive), 3 rows at 0.65, 40 at 0.15, nothing in between. */
  static BinaryMetrics edgeCase() {
    BinaryMetrics m = new BinaryMetrics(0.5);
    for (int i = 0; i < 73; i++) m.add(0.95, 1);
    for (int i = 0; i < 3; i++) m.add(0.65, i % 2);
    for (int i = 0; i < 40; i++) m.add(0.15, i < 6 ? 1 : 0);
    return m;
  }

  @Test
  void calibrationCountLabelsAreWholeAndInsideThePlot() {
    org.jfree.chart.JFreeChart chart = EvaluationCharts.calibration("spoiler", "test", edgeCase(), 1.0);
    java.awt.geom.Rectangle2D[] area = new java.awt.geom.Rectangle2D[1];
    Map<String, java.awt.geom.Rectangle2D> labels = drawnLabels(chart, area);
    assertEquals(List.of("n=73", "n=3", "n=40"), List.copyOf(labels.keySet()).stream().sorted(
        java.util.Comparator.comparing(t -> -labels.get(t).getCenterX())).toList(),
        "one label per non-empty bin, the full count");
    for (Map.Entry<String, java.awt.geom.Rectangle2D> e : labels.entrySet()) {
      // The plot clips annotations to its data area: a label reaching past it loses characters
      // ("n=7" for 73 rows at the right edge).
      assertTrue(area[0].contains(e.getValue()), e.getKey() + " drawn at " + e.getValue() + " outside " + area[0]);
    }
  }

  @Test
  void calibrationNamesSparseAndEmptyBins() {
    org.jfree.chart.JFreeChart chart = EvaluationCharts.calibration("spoiler", "test", edgeCase(), 1.0);
    String sub = ((org.jfree.chart.title.TextTitle) chart.getSubtitle(0)).getText();
    assertTrue(sub.contains("hollow: bins of < 5 rows (0.6–0.7)"), sub);
    assertTrue(sub.contains("empty bins, not drawn: 0–0.1, 0.2–0.3, 0.3–0.4, 0.4–0.5, 0.5–0.6, 0.7–0.8, 0.8–0.9"), sub);
    org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r =
        (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    // Drawn points in x order: 0.15 (40 rows), 0.65 (3 rows), 0.95 (73 rows).
    assertTrue(r.getItemShapeFilled(0, 0));
    assertFalse(r.getItemShapeFilled(0, 1), "the 3-row bin is hollow");
    assertTrue(r.getItemShapeFilled(0, 2));
  }

  @Test
  void multiLabelCalibrationZoomsEachLabelToItsPredictions() throws Exception {
    // A rare label: every prediction below 0.2, a handful of positives.
    BinaryMetrics rare = new BinaryMetrics(0.5);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int i = 0; i < 1000; i++) {
      int y = rnd.nextDouble() < 0.03 ? 1 : 0;
      rare.add(Math.min(0.19, Math.abs(rnd.nextGaussian() * 0.03 + (y == 1 ? 0.1 : 0.02))), y);
    }
    assertEquals(0.2, EvaluationCharts.zoom(rare));
    assertEquals(1.0, EvaluationCharts.zoom(ReportFixtures.metrics(2000, 4)));
    org.jfree.chart.JFreeChart panel = EvaluationCharts.calibration("threat", "test", rare, 0.2);
    assertEquals(0.2, panel.getXYPlot().getDomainAxis().getUpperBound(), 1e-12);
    assertTrue(panel.getXYPlot().getRangeAxis().getUpperBound() >= 0.2, "y holds every observed rate");
    assertTrue(panel.getXYPlot().getDataset().getItemCount(0) >= 5,
        "10 bins of 0.02 spread the points over the panel: " + panel.getXYPlot().getDataset().getItemCount(0));
    assertTrue(((org.jfree.chart.title.TextTitle) panel.getSubtitle(0)).getText()
        .startsWith("axes zoomed to [0, 0.2]: 1,000 of 1,000 rows; 0 beyond"));

    Map<String, BinaryMetrics> six = new java.util.LinkedHashMap<>();
    for (String l : List.of("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")) {
      six.put(l, l.equals("toxic") ? ReportFixtures.metrics(1000, 9) : rare);
    }
    EvaluationCharts.classifier(tmp, "test", six);
    java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(tmp.resolve("test-calibration.png").toFile());
    assertEquals(3 * EvaluationCharts.PANEL_WIDTH, grid.getWidth(), "three panels a row");
    assertEquals(2 * EvaluationCharts.PANEL_HEIGHT, grid.getHeight(), "two rows for six labels");
  }

  @Test
  void bitsPerCharBarsDoNotStartAtZeroAndStateTheLead() {
    Map<String, Double> bars = new java.util.LinkedHashMap<>();
    bars.put("model", 3.1478);
    bars.put("unigram", 4.3);
    bars.put("3-gram", 3.2078);
    org.jfree.chart.JFreeChart c = EvaluationCharts.languageModelChart("test", bars);
    double lo = c.getCategoryPlot().getRangeAxis().getLowerBound();
    assertTrue(lo > 2 && lo < 3.1478, "axis from " + lo);
    String lead = ((org.jfree.chart.title.TextTitle) c.getSubtitle(0)).getText();
    assertTrue(lead.contains("model beats 3-gram by 0.060 bits/char (1.9%)"), lead);
    assertTrue(lead.contains("model beats unigram by 1.152 bits/char"), lead);
    assertTrue(((org.jfree.chart.title.TextTitle) c.getSubtitle(1)).getText().contains("not 0"));
  }
}
