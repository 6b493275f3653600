package io.charspark.eval;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mergeable binary-classification metrics: computed per partition on executors and merged on the
 * driver, so no prediction is collected. Log loss and accuracy are exact; ROC AUC comes from
 * score histograms of {@link #BINS} bins with ties inside a bin counted as one half, which matches
 * the exact Mann–Whitney AUC to within the share of pairs whose probabilities differ by less than
 * 1/BINS.
 */
public final class BinaryMetrics implements Serializable {
  public static final int BINS = 20_000;
  private static final double EPS = 1e-7;

  private final double threshold;
  private long rows;
  private long positives;
  private long correct;
  private double logLossSum;
  private final long[] pos = new long[BINS];
  private final long[] neg = new long[BINS];

  public BinaryMetrics(double threshold) {
    this.threshold = threshold;
  }

  public void add(double probability, int label) {
    rows++;
    double p = Math.min(1 - EPS, Math.max(EPS, probability));
    int bin = (int) Math.min(BINS - 1, Math.floor(probability * BINS));
    if (label == 1) {
      positives++;
      logLossSum -= Math.log(p);
      pos[bin]++;
      if (probability >= threshold) correct++;
    } else {
      logLossSum -= Math.log(1 - p);
      neg[bin]++;
      if (probability < threshold) correct++;
    }
  }

  public BinaryMetrics merge(BinaryMetrics o) {
    rows += o.rows;
    positives += o.positives;
    correct += o.correct;
    logLossSum += o.logLossSum;
    for (int i = 0; i < BINS; i++) {
      pos[i] += o.pos[i];
      neg[i] += o.neg[i];
    }
    return this;
  }

  public long rows() {
    return rows;
  }

  public long positives() {
    return positives;
  }

  public double logLoss() {
    return rows == 0 ? Double.NaN : logLossSum / rows;
  }

  public double accuracy() {
    return rows == 0 ? Double.NaN : (double) correct / rows;
  }

  public double positiveRate() {
    return rows == 0 ? Double.NaN : (double) positives / rows;
  }

  /** Probability that a random positive scores above a random negative (ties count half). */
  public double auc() {
    long negatives = rows - positives;
    if (positives == 0 || negatives == 0) return Double.NaN;
    double wins = 0;
    long negBelow = 0;
    for (int i = 0; i < BINS; i++) {
      wins += pos[i] * (negBelow + 0.5 * neg[i]);
      negBelow += neg[i];
    }
    return wins / ((double) positives * negatives);
  }

  /** Log loss of always predicting {@code prior} on these rows: the floor a model must beat. */
  public double constantPriorLogLoss(double prior) {
    double p = Math.min(1 - EPS, Math.max(EPS, prior));
    double r = positiveRate();
    return -(r * Math.log(p) + (1 - r) * Math.log(1 - p));
  }

  public Map<String, Object> toMap(double prior) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("positives", positives);
    m.put("positive_rate", positiveRate());
    m.put("auc", auc());
    m.put("log_loss", logLoss());
    m.put("accuracy", accuracy());
    m.put("threshold", threshold);
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("constant_prior", prior);
    base.put("constant_prior_log_loss", constantPriorLogLoss(prior));
    base.put("majority_class_accuracy", Math.max(positiveRate(), 1 - positiveRate()));
    m.put("baselines", base);
    return m;
  }
}
