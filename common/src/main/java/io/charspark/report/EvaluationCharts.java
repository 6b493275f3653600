package io.charspark.report;

import io.charspark.metrics.BinaryMetrics;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
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
  /** A calibration bin of fewer rows is drawn hollow: its observed rate is too noisy to judge. */
  public static final int MIN_BIN_ROWS = 5;
  /** Axis ranges a multi-label panel may zoom to (each a divisor of {@link BinaryMetrics#BINS}). */
  static final double[] ZOOMS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};
  /** Share of a label's predictions a zoomed panel must keep in view. */
  static final double ZOOM_KEEP = 0.99;
  static final int PANEL_COLUMNS = 3;
  static final int PANEL_WIDTH = 420;
  static final int PANEL_HEIGHT = 360;

  private EvaluationCharts() {}

  public static List<Path> classifier(Path evalDir, String split, Map<String, BinaryMetrics> byLabel) {
    List<Charts.Series> roc = new ArrayList<>();
    Map<String, Object> curves = new LinkedHashMap<>();
    for (Map.Entry<String, BinaryMetrics> e : byLabel.entrySet()) {
      BinaryMetrics m = e.getValue();
      List<BinaryMetrics.RocPoint> pts = m.rocPoints(ROC_POINTS);
      List<BinaryMetrics.CalibrationBin> bins = m.calibration(CALIBRATION_BINS);
      roc.add(new Charts.Series(String.format(Locale.ROOT, "%s (AUC %.4f)", e.getKey(), m.auc()),
          pts.stream().mapToDouble(BinaryMetrics.RocPoint::fpr).toArray(),
          pts.stream().mapToDouble(BinaryMetrics.RocPoint::tpr).toArray()));
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
    Path rocFile = Charts.write(Charts.unitSquare(
        Charts.lines("ROC curve (" + split + ")", "false positive rate", "true positive rate", roc,
            List.of(), true)),
        evalDir.resolve(split + "-roc.png"));
    Path calFile = evalDir.resolve(split + "-calibration.png");
    if (byLabel.size() == 1) {
      Map.Entry<String, BinaryMetrics> only = byLabel.entrySet().iterator().next();
      Charts.write(calibration(only.getKey(), split, only.getValue(), 1.0), calFile);
    } else {
      // Rare labels put nearly every prediction in the first tenth: one panel per label, each
      // zoomed to where its predictions are, so no panel crowds its points into a corner.
      List<org.jfree.chart.JFreeChart> panels = new ArrayList<>();
      for (Map.Entry<String, BinaryMetrics> e : byLabel.entrySet()) {
        panels.add(calibration(e.getKey(), split, e.getValue(), zoom(e.getValue())));
      }
      OutputDir.writeAtomically(calFile, Charts.grid(panels, PANEL_COLUMNS, PANEL_WIDTH, PANEL_HEIGHT));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("split", split);
    doc.put("labels", curves);
    Path json = evalDir.resolve(split + "-curves.json");
    Json.write(json, doc);
    return List.of(rocFile, calFile, json);
  }

  /**
   * The smallest range {@code [0, u]} of {@link #ZOOMS} that holds at least {@link #ZOOM_KEEP} of
   * the predictions of {@code m} (1 when it has no rows).
   */
  static double zoom(BinaryMetrics m) {
    if (m.rows() == 0) return 1.0;
    List<BinaryMetrics.CalibrationBin> fine = m.calibration(100);
    for (double u : ZOOMS) {
      long in = 0;
      int upto = (int) Math.round(u * 100);
      for (int i = 0; i < upto; i++) in += fine.get(i).count();
      if (in >= ZOOM_KEEP * m.rows()) return u;
    }
    return 1.0;
  }

  /**
   * One reliability diagram over {@code [0, upper]}, in {@link #CALIBRATION_BINS} equal bins of
   * that range: filled markers for bins of at least {@link #MIN_BIN_ROWS} rows, hollow ones for
   * smaller bins, each point labelled with its row count ({@code n=73}) inside the plot; the
   * subtitle names the hollow and the empty (undrawn) bins and the rows beyond a zoomed range. The
   * y axis of a zoomed panel reaches the next range of {@link #ZOOMS} holding every observed rate.
   */
  static org.jfree.chart.JFreeChart calibration(String label, String split, BinaryMetrics m, double upper) {
    int all = (int) Math.round(CALIBRATION_BINS / upper);
    List<BinaryMetrics.CalibrationBin> bins = m.calibration(all).subList(0, CALIBRATION_BINS);
    List<BinaryMetrics.CalibrationBin> drawn = bins.stream().filter(b -> b.count() > 0).toList();
    List<String> empty = new ArrayList<>();
    List<String> sparse = new ArrayList<>();
    long inView = 0;
    for (BinaryMetrics.CalibrationBin b : bins) {
      inView += b.count();
      if (b.count() == 0) empty.add(range(b));
      else if (b.count() < MIN_BIN_ROWS) sparse.add(range(b));
    }
    double[] diag = {0, upper};
    List<Charts.Series> series = List.of(
        new Charts.Series(label, drawn.stream().mapToDouble(BinaryMetrics.CalibrationBin::meanPredicted).toArray(),
            drawn.stream().mapToDouble(BinaryMetrics.CalibrationBin::observedRate).toArray()),
        new Charts.Series("perfect calibration", diag, diag));
    String title = upper < 1
        ? String.format(Locale.ROOT, "%s: calibration (%s, %,d positives)", label, split, m.positives())
        : String.format(Locale.ROOT, "Calibration (%s, %d bins)", split, CALIBRATION_BINS);
    org.jfree.chart.JFreeChart chart = Charts.lines(title, "mean predicted probability",
        "observed positive rate", series, List.of(), true);
    org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
    plot.getDomainAxis().setRange(0, upper);
    // A zoomed panel's observed rates may exceed its prediction range (an under-confident label):
    // the y axis then reaches the next range that holds them all.
    double maxRate = drawn.stream().mapToDouble(BinaryMetrics.CalibrationBin::observedRate).max().orElse(0);
    double yUpper = upper;
    for (double z : ZOOMS) {
      if (z >= upper && z >= maxRate) {
        yUpper = z;
        break;
      }
    }
    plot.getRangeAxis().setRange(0, yUpper);
    java.util.Set<Integer> hollow = new java.util.HashSet<>();
    for (int i = 0; i < drawn.size(); i++) if (drawn.get(i).count() < MIN_BIN_ROWS) hollow.add(i);
    plot.setRenderer(new HollowItems((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer(), hollow));
    // Neighbouring labels alternate above and below their points, so they overlap less.
    for (int i = 0; i < drawn.size(); i++) plot.addAnnotation(countLabel(drawn.get(i), upper, yUpper, i % 2 == 1));
    List<String> notes = new ArrayList<>();
    if (upper < 1) {
      notes.add(String.format(Locale.ROOT, "axes zoomed to [0, %s]: %,d of %,d rows; %,d beyond, not drawn",
          ModelReport.num(upper), inView, m.rows(), m.rows() - inView));
    }
    if (!sparse.isEmpty()) notes.add("hollow: bins of < " + MIN_BIN_ROWS + " rows (" + String.join(", ", sparse) + ")");
    if (!empty.isEmpty()) {
      notes.add(upper < 1 ? empty.size() + " of " + CALIBRATION_BINS + " bins empty, not drawn"
          : "empty bins, not drawn: " + String.join(", ", empty));
    }
    if (!notes.isEmpty()) Charts.subtitle(chart, String.join("; ", notes));
    if (upper < 1) {
      // Small multiples: smaller type, so titles and notes fit a 420-pixel panel.
      chart.getTitle().setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
      ((org.jfree.chart.title.TextTitle) chart.getSubtitle(0)).setFont(
          new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
    }
    return chart;
  }

  private static String range(BinaryMetrics.CalibrationBin b) {
    return ModelReport.num(b.lo()) + "–" + ModelReport.num(b.hi());
  }

  /**
   * The {@code n=…} label of a bin, anchored so the whole text stays inside the plot: to the left
   * of points near the right edge, below points near the top. Its tool tip is the text, so a
   * rendering with {@link org.jfree.chart.ChartRenderingInfo} records where it was drawn.
   */
  static org.jfree.chart.annotations.XYTextAnnotation countLabel(BinaryMetrics.CalibrationBin b, double upper,
      double yUpper, boolean preferBelow) {
    String text = "n=" + b.count();
    boolean right = b.meanPredicted() > 0.7 * upper;
    boolean top = b.observedRate() > 0.85 * yUpper || (preferBelow && b.observedRate() > 0.1 * yUpper);
    double dy = 0.025 * yUpper;
    org.jfree.chart.annotations.XYTextAnnotation a = new org.jfree.chart.annotations.XYTextAnnotation(
        text, b.meanPredicted(), top ? b.observedRate() - dy : b.observedRate() + dy);
    a.setTextAnchor(top
        ? (right ? org.jfree.chart.ui.TextAnchor.TOP_RIGHT : org.jfree.chart.ui.TextAnchor.TOP_LEFT)
        : (right ? org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT : org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT));
    a.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
    a.setToolTipText(text);
    return a;
  }

  /** The line renderer it wraps, with the listed items of series 0 drawn as hollow shapes. */
  private static final class HollowItems extends org.jfree.chart.renderer.xy.XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    private final java.util.Set<Integer> hollow;

    HollowItems(org.jfree.chart.renderer.xy.XYLineAndShapeRenderer like, java.util.Set<Integer> hollow) {
      super(true, true);
      this.hollow = hollow;
      for (int i = 0; i < 2; i++) {
        setSeriesStroke(i, like.getSeriesStroke(i));
        if (like.getSeriesShapesVisible(i) != null) setSeriesShapesVisible(i, like.getSeriesShapesVisible(i));
        if (like.getSeriesPaint(i) != null) setSeriesPaint(i, like.getSeriesPaint(i));
      }
      setUseOutlinePaint(false);
      setDrawOutlines(true);
    }

    @Override
    public boolean getItemShapeFilled(int series, int item) {
      return !(series == 0 && hollow.contains(item));
    }
  }

  /** Bits per character of the model and its baselines, from {@code evaluate}'s output map. */
  public static Path languageModel(Path evalDir, String split, Map<String, Object> out) {
    @SuppressWarnings("unchecked")
    Map<String, Object> base = (Map<String, Object>) out.get("baselines");
    Map<String, Double> bars = new LinkedHashMap<>();
    bars.put("model", ((Number) out.get("bits_per_char")).doubleValue());
    bars.put("unigram", ((Number) base.get("unigram_bits_per_char")).doubleValue());
    bars.put(base.get("ngram_order") + "-gram", ((Number) base.get("ngram_bits_per_char")).doubleValue());
    return Charts.write(languageModelChart(split, bars), evalDir.resolve(split + "-bits_per_char.png"));
  }

  /**
   * The bars of {@link #languageModel}: the value axis starts near the smallest bar, not at 0 (bars
   * of 3.15 and 3.21 bits/char look equal from 0), and the subtitle states the model's lead over
   * each baseline in bits/char and per cent.
   */
  static org.jfree.chart.JFreeChart languageModelChart(String split, Map<String, Double> bars) {
    org.jfree.chart.JFreeChart chart = Charts.bars("Bits per character (" + split + ", lower is better)", "",
        "bits/char", Map.of("bits/char", bars), false);
    double model = bars.get("model");
    double lo = bars.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double hi = bars.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    org.jfree.chart.axis.ValueAxis axis = chart.getCategoryPlot().getRangeAxis();
    double pad = Math.max(0.05, (hi - lo) * 0.15);
    axis.setRange(Math.max(0, Math.floor((lo - 2 * pad) * 10) / 10), hi + pad);
    List<String> diffs = new ArrayList<>();
    for (Map.Entry<String, Double> e : bars.entrySet()) {
      if (e.getKey().equals("model")) continue;
      double d = e.getValue() - model;
      diffs.add(String.format(Locale.ROOT, "%s %s by %.3f bits/char (%.1f%%)",
          d >= 0 ? "model beats" : "model loses to", e.getKey(), Math.abs(d), 100 * Math.abs(d) / e.getValue()));
    }
    Charts.subtitle(chart, "value axis starts at " + ModelReport.num(axis.getLowerBound()) + ", not 0");
    return Charts.subtitle(chart, String.join("; ", diffs));
  }
}
