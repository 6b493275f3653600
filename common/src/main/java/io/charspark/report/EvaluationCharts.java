package io.charspark.report;

import io.charspark.eval.BinaryMetrics;
import io.charspark.io.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Charts of {@code evaluate}, next to its JSON in {@code MODEL/evaluation/}.
 *
 * <p>Classifier input: one {@link BinaryMetrics} per label (one for spoilers; a multi-label
 * workload passes one per label and gets one curve each). Output: {@code <split>-roc.png},
 * {@code <split>-calibration.png} (reliability diagram, 10 bins) and {@code <split>-curves.json},
 * the numbers behind both charts. Language-model input: the map {@code evaluate} writes; output:
 * {@code <split>-bits_per_char.png}, the model next to the unigram and n-gram baselines. Files are
 * replaced atomically; I/O and rendering failures propagate.
 */
public final class EvaluationCharts {
  /** Enough points for a smooth curve on an 800-pixel chart; keeps the JSON small. */
  public static final int ROC_POINTS = 400;
  public static final int CALIBRATION_BINS = 10;

  private EvaluationCharts() {}

  public static List<Path> classifier(Path evalDir, String split, Map<String, BinaryMetrics> byLabel) {
    List<Charts.Series> roc = new ArrayList<>();
    List<Charts.Series> cal = new ArrayList<>();
    Map<String, Object> curves = new LinkedHashMap<>();
    for (Map.Entry<String, BinaryMetrics> e : byLabel.entrySet()) {
      BinaryMetrics m = e.getValue();
      List<BinaryMetrics.RocPoint> pts = m.rocPoints(ROC_POINTS);
      List<BinaryMetrics.CalibrationBin> bins = m.calibration(CALIBRATION_BINS);
      roc.add(new Charts.Series(String.format(Locale.ROOT, "%s (AUC %.4f)", e.getKey(), m.auc()),
          pts.stream().mapToDouble(BinaryMetrics.RocPoint::fpr).toArray(),
          pts.stream().mapToDouble(BinaryMetrics.RocPoint::tpr).toArray()));
      List<BinaryMetrics.CalibrationBin> filled = bins.stream().filter(b -> b.count() > 0).toList();
      cal.add(new Charts.Series(e.getKey(),
          filled.stream().mapToDouble(BinaryMetrics.CalibrationBin::meanPredicted).toArray(),
          filled.stream().mapToDouble(BinaryMetrics.CalibrationBin::observedRate).toArray()));
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("rows", m.rows());
      c.put("positives", m.positives());
      c.put("auc", m.auc());
      c.put("roc", pts);
      c.put("calibration", bins);
      curves.put(e.getKey(), c);
    }
    double[] diag = {0, 1};
    roc.add(new Charts.Series("chance", diag, diag));
    cal.add(new Charts.Series("perfect calibration", diag, diag));
    Path rocFile = Charts.write(Charts.unitSquare(
        Charts.lines("ROC curve (" + split + ")", "false positive rate", "true positive rate", roc,
            List.of(), true)),
        evalDir.resolve(split + "-roc.png"));
    org.jfree.chart.JFreeChart calChart = Charts.unitSquare(
        Charts.lines("Calibration (" + split + ", " + CALIBRATION_BINS + " bins)",
            "mean predicted probability", "observed positive rate", cal, List.of(), true));
    if (byLabel.size() == 1) {
      // A bin of five predictions can sit far off the diagonal by chance: show how many each holds.
      for (BinaryMetrics.CalibrationBin b : byLabel.values().iterator().next().calibration(CALIBRATION_BINS)) {
        if (b.count() == 0) continue;
        org.jfree.chart.annotations.XYTextAnnotation n = new org.jfree.chart.annotations.XYTextAnnotation(
            "n=" + b.count(), b.meanPredicted(), Math.min(0.96, b.observedRate() + 0.04));
        n.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        calChart.getXYPlot().addAnnotation(n);
      }
    }
    Path calFile = Charts.write(calChart, evalDir.resolve(split + "-calibration.png"));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("split", split);
    doc.put("labels", curves);
    Path json = evalDir.resolve(split + "-curves.json");
    Json.write(json, doc);
    return List.of(rocFile, calFile, json);
  }

  /** Bits per character of the model and its baselines, from {@code evaluate}'s output map. */
  public static Path languageModel(Path evalDir, String split, Map<String, Object> out) {
    @SuppressWarnings("unchecked")
    Map<String, Object> base = (Map<String, Object>) out.get("baselines");
    Map<String, Double> bars = new LinkedHashMap<>();
    bars.put("model", ((Number) out.get("bits_per_char")).doubleValue());
    bars.put("unigram", ((Number) base.get("unigram_bits_per_char")).doubleValue());
    bars.put(base.get("ngram_order") + "-gram", ((Number) base.get("ngram_bits_per_char")).doubleValue());
    return Charts.write(
        Charts.bars("Bits per character (" + split + ", lower is better)", "", "bits/char",
            Map.of("bits/char", bars), false),
        evalDir.resolve(split + "-bits_per_char.png"));
  }
}
