package io.charspark.metrics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mergeable multi-class (single-label) metrics: computed per partition on executors and merged on
 * the driver, so no prediction is collected. Memory is O(classes²): the confusion matrix and one
 * log-loss sum. The prediction of a row is the argmax of its probabilities (ties go to the lowest
 * index). Baselines come from the train split's class frequencies ({@code trainPrior}): the
 * majority-class figures always predict its argmax class, the prior log loss always predicts the
 * prior itself.
 */
public final class CategoricalMetrics implements Serializable {
  private static final double EPS = 1e-15;

  private final int classes;
  private final double[] trainPrior;
  private final int majorityClass;
  private long rows;
  private double logLossSum;
  /** [truth][predicted]. */
  private final long[][] confusion;

  public CategoricalMetrics(int classes, double[] trainPrior) {
    if (classes < 1) throw new IllegalArgumentException("classes must be >= 1: " + classes);
    if (trainPrior == null || trainPrior.length != classes) {
      throw new IllegalArgumentException("trainPrior must have " + classes + " entries");
    }
    double sum = 0;
    for (double p : trainPrior) {
      if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bad prior: " + Arrays.toString(trainPrior));
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException("trainPrior must sum to 1, sums to " + sum);
    }
    this.classes = classes;
    this.trainPrior = trainPrior.clone();
    this.majorityClass = argmax(trainPrior);
    this.confusion = new long[classes][classes];
  }

  /** Index of the largest entry, the lowest index on ties (NaN never wins). */
  static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best] || Double.isNaN(p[best]) && !Double.isNaN(p[i])) best = i;
    }
    return best;
  }

  public void add(double[] probabilities, int truth) {
    if (probabilities.length != classes) {
      throw new IllegalArgumentException("expected " + classes + " probabilities, got " + probabilities.length);
    }
    if (truth < 0 || truth >= classes) {
      throw new IllegalArgumentException("truth out of [0, " + classes + "): " + truth);
    }
    rows++;
    confusion[truth][argmax(probabilities)]++;
    logLossSum -= Math.log(clip(probabilities[truth]));
  }

  private static double clip(double p) {
    return Math.min(1, Math.max(EPS, p));
  }

  /** Adds {@code o} into this instance and returns it (as {@link BinaryMetrics#merge}). */
  public CategoricalMetrics merge(CategoricalMetrics o) {
    if (o.classes != classes || !Arrays.equals(o.trainPrior, trainPrior)) {
      throw new IllegalArgumentException("cannot merge metrics of different classes or priors");
    }
    rows += o.rows;
    logLossSum += o.logLossSum;
    for (int t = 0; t < classes; t++) {
      for (int p = 0; p < classes; p++) confusion[t][p] += o.confusion[t][p];
    }
    return this;
  }

  public int classes() {
    return classes;
  }

  public long rows() {
    return rows;
  }

  /** The train prior's argmax class, which the majority-class baselines always predict. */
  public int majorityClass() {
    return majorityClass;
  }

  /** A copy of the confusion matrix, indexed [truth][predicted]. */
  public long[][] confusion() {
    long[][] c = new long[classes][];
    for (int t = 0; t < classes; t++) c[t] = confusion[t].clone();
    return c;
  }

  /** Rows of each true class. */
  public long[] truthCounts() {
    long[] n = new long[classes];
    for (int t = 0; t < classes; t++) {
      for (int p = 0; p < classes; p++) n[t] += confusion[t][p];
    }
    return n;
  }

  public double accuracy() {
    if (rows == 0) return Double.NaN;
    long correct = 0;
    for (int c = 0; c < classes; c++) correct += confusion[c][c];
    return (double) correct / rows;
  }

  /**
   * Mean F1 over the classes present in truth or prediction; F1 of a class is
   * {@code 2·tp / (2·tp + fp + fn)}. NaN without rows.
   */
  public double macroF1() {
    double sum = 0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      long tp = confusion[c][c];
      long truth = 0;
      long predicted = 0;
      for (int k = 0; k < classes; k++) {
        truth += confusion[c][k];
        predicted += confusion[k][c];
      }
      if (truth == 0 && predicted == 0) continue;
      present++;
      sum += 2.0 * tp / (truth + predicted); // 2tp + fp + fn = truth + predicted
    }
    return present == 0 ? Double.NaN : sum / present;
  }

  /** Mean of {@code −ln p[truth]}, p clipped to [1e-15, 1]. */
  public double logLoss() {
    return rows == 0 ? Double.NaN : logLossSum / rows;
  }

  /** Accuracy of always predicting {@link #majorityClass()}. */
  public double majorityAccuracy() {
    return rows == 0 ? Double.NaN : (double) truthCounts()[majorityClass] / rows;
  }

  /**
   * Macro-F1 of always predicting {@link #majorityClass()}: that class has tp = its count c,
   * fp = rows − c, fn = 0, so F1 = 2c / (rows + c); every other class present in truth scores 0.
   */
  public double majorityMacroF1() {
    if (rows == 0) return Double.NaN;
    long[] n = truthCounts();
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (n[c] > 0 || c == majorityClass) present++;
    }
    long m = n[majorityClass];
    return 2.0 * m / (rows + m) / present;
  }

  /** Log loss of always predicting {@code trainPrior} (clipped as {@link #logLoss()}). */
  public double priorLogLoss() {
    if (rows == 0) return Double.NaN;
    long[] n = truthCounts();
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      if (n[c] > 0) sum -= n[c] * Math.log(clip(trainPrior[c]));
    }
    return sum / rows;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("classes", classes);
    m.put("accuracy", accuracy());
    m.put("macro_f1", macroF1());
    m.put("log_loss", logLoss());
    return m;
  }

  public Map<String, Object> baselineMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("majority_class", majorityClass);
    m.put("majority_class_accuracy", majorityAccuracy());
    m.put("majority_class_macro_f1", majorityMacroF1());
    m.put("prior_log_loss", priorLogLoss());
    return m;
  }
}
