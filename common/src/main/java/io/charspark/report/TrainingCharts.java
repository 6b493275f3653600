package io.charspark.report;

import io.charspark.model.History;
import io.charspark.model.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Training curves of a model directory, redrawn after every epoch so a user can watch a run.
 *
 * <p>Input: {@code DIR/history.csv}. Output: {@code DIR/charts/loss.png} (train and validation
 * loss per epoch, best epoch marked; the language model's in bits per character, its other units) and {@code DIR/charts/val_<metric>.png} (the validation
 * metric: AUC with accuracy for a classifier, bits per character for the language model). Both are
 * replaced atomically. {@link #write} fails loudly (used by tests and the report); {@link #update}
 * is what {@code train} calls: a chart must never stop a training run, so a failure there becomes
 * one warning line.
 */
public final class TrainingCharts {
  public static final String DIR = "charts";
  public static final String LOSS = "loss.png";

  private TrainingCharts() {}

  /** The metric columns charted, primary first: what a reader looks at to judge the model. */
  static List<String> metricColumns(History h) {
    if (h.has("val_auc")) {
      List<String> m = new ArrayList<>(List.of("val_auc"));
      if (h.has("val_accuracy")) m.add("val_accuracy");
      return m;
    }
    if (h.has("val_bits_per_char")) return List.of("val_bits_per_char");
    List<String> m = new ArrayList<>();
    for (String c : h.columns()) if (c.startsWith("val_") && !c.equals("val_loss")) m.add(c);
    return m;
  }

  /** The metric chart's file name for this history, e.g. {@code val_auc.png}. */
  public static String metricFile(History h) {
    List<String> m = metricColumns(h);
    return (m.isEmpty() ? "val_metric" : m.get(0)) + ".png";
  }

  /** Draws both charts; returns the files written (none when no epoch is finished yet). */
  public static List<Path> write(Path modelDir) {
    History h = RunFiles.readHistory(modelDir.resolve(RunFiles.HISTORY));
    List<Path> out = new ArrayList<>();
    if (h.epochs().isEmpty()) return out;
    double[] epoch = h.column("epoch");
    int best = h.bestEpoch();
    List<Charts.Marker> markers = best > 0 ? List.of(new Charts.Marker(best, "best " + best)) : List.of();
    Path dir = modelDir.resolve(DIR);
    out.add(Charts.write(lossChart(h, markers), dir.resolve(LOSS)));
    List<String> metrics = metricColumns(h);
    if (!metrics.isEmpty()) {
      List<Charts.Series> s = new ArrayList<>();
      for (String m : metrics) s.add(new Charts.Series(m, epoch, h.column(m)));
      boolean bpc = metrics.get(0).equals("val_bits_per_char");
      String title = bpc ? "Validation bits per character (lower is better)"
          : metrics.get(0).equals("val_mean_auc") ? "Validation ROC AUC per label and their mean"
          : "Validation " + String.join(" and ", metrics).replace("val_", "").replace("auc", "ROC AUC");
      out.add(Charts.write(Charts.zoomRange(Charts.integerDomain(
          Charts.lines(title, "epoch", bpc ? "bits per character" : "validation metric", s, markers, false))),
          dir.resolve(metricFile(h))));
    }
    return out;
  }

  /**
   * Train and validation loss per epoch. The language model's loss is cross-entropy per character
   * in nats: drawn in bits per character (÷ ln 2), the unit of its metric chart and of evaluate,
   * so the two compare.
   */
  static org.jfree.chart.JFreeChart lossChart(History h, List<Charts.Marker> markers) {
    double[] epoch = h.column("epoch");
    boolean lm = h.has("val_bits_per_char");
    double scale = lm ? 1 / Math.log(2) : 1;
    return Charts.zoomRange(Charts.integerDomain(
        Charts.lines(lm ? "Training and validation loss per epoch (bits per character)"
                : "Training and validation loss per epoch",
            "epoch", lm ? "cross-entropy (bits per character)" : "log loss (nats per prediction)",
            List.of(new Charts.Series(lm ? "train bits/char" : "train_loss", epoch, scaled(h.column("train_loss"), scale)),
                new Charts.Series(lm ? "validation bits/char" : "val_loss", epoch, scaled(h.column("val_loss"), scale))),
            markers, false)));
  }

  static double[] scaled(double[] v, double factor) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] * factor;
    return out;
  }

  /** {@link #write}, with any failure reduced to one warning line (training goes on). */
  public static void update(Path modelDir, Consumer<String> log) {
    if (!Files.exists(modelDir.resolve(RunFiles.HISTORY))) return;
    try {
      write(modelDir);
    } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
      log.accept("train: warning: training charts not updated: " + e);
    }
  }
}
