package io.charspark.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mergeable binary-classification metrics: computed per partition on executors and merged on the
 * driver, so no prediction is collected. Log loss and accuracy are exact; ROC AUC comes from
 * score histograms of {@link #BINS} bins with ties inside a bin counted as one half, which matches
 * the exact Mann–Whitney AUC to within the share of pairs whose probabilities differ by less than
 * 1/BINS. The same histograms give the ROC curve ({@link #rocPoints}) and the reliability
 * (calibration) bins ({@link #calibration}) that {@code evaluate} charts.
 */
public final class BinaryMetrics implements Serializable {
  public static final int BINS = 20_000;
  private static final double EPS = 1e-7;

  private final double threshold;
  private long rows;
  private long positives;
  private long correct;
  private double logLossSum;
  private double probabilitySum;
  private long truePositives;
  private long predictedPositives;
  private final long[] pos = new long[BINS];
  private final long[] neg = new long[BINS];

  public BinaryMetrics(double threshold) {
    this.threshold = threshold;
  }

  public void add(double probability, int label) {
    rows++;
    double p = Math.min(1 - EPS, Math.max(EPS, probability));
    int bin = (int) Math.min(BINS - 1, Math.floor(probability * BINS));
    probabilitySum += probability;
    if (probability >= threshold) predictedPositives++;
    if (probability >= threshold && label == 1) truePositives++;
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
    probabilitySum += o.probabilitySum;
    truePositives += o.truePositives;
    predictedPositives += o.predictedPositives;
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

  /** Mean predicted probability (compare with {@link #positiveRate()}: calibration in one number). */
  public double meanProbability() {
    return rows == 0 ? Double.NaN : probabilitySum / rows;
  }

  /** Share of rows predicted positive at the threshold. */
  public double predictedPositiveRate() {
    return rows == 0 ? Double.NaN : (double) predictedPositives / rows;
  }

  /** Share of positives predicted positive at the threshold (NaN without positives). */
  public double recall() {
    return positives == 0 ? Double.NaN : (double) truePositives / positives;
  }

  /** Share of predicted positives that are positive (NaN when nothing is predicted positive). */
  public double precision() {
    return predictedPositives == 0 ? Double.NaN : (double) truePositives / predictedPositives;
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

  /** One point of the ROC curve: false- and true-positive rates at a probability threshold. */
  public record RocPoint(double threshold, double fpr, double tpr) {}

  /**
   * The ROC curve from the top threshold down: starts at (0, 0), ends at (1, 1), one point per
   * histogram bin holding a prediction, thinned evenly to at most {@code maxPoints} (the first and
   * last points are always kept). Without thinning, the trapezoid area under these points is
   * exactly {@link #auc()} (a bin's ties are a straight segment, i.e. count one half). Empty when
   * either class is absent.
   */
  public List<RocPoint> rocPoints(int maxPoints) {
    if (maxPoints < 2) throw new IllegalArgumentException("maxPoints must be >= 2: " + maxPoints);
    long negatives = rows - positives;
    List<RocPoint> all = new ArrayList<>();
    if (positives == 0 || negatives == 0) return all;
    all.add(new RocPoint(1.0, 0, 0));
    long tp = 0;
    long fp = 0;
    for (int i = BINS - 1; i >= 0; i--) {
      if (pos[i] == 0 && neg[i] == 0) continue;
      tp += pos[i];
      fp += neg[i];
      all.add(new RocPoint((double) i / BINS, (double) fp / negatives, (double) tp / positives));
    }
    if (all.size() <= maxPoints) return all;
    List<RocPoint> thin = new ArrayList<>(maxPoints);
    double step = (all.size() - 1) / (double) (maxPoints - 1);
    for (int k = 0; k < maxPoints; k++) thin.add(all.get((int) Math.round(k * step)));
    return thin;
  }

  /**
   * One reliability bin: predictions in {@code [lo, hi)} ({@code hi} inclusive for the last bin),
   * their count, mean predicted probability and observed positive rate (NaN when empty).
   */
  public record CalibrationBin(double lo, double hi, long count, double meanPredicted, double observedRate) {}

  /**
   * Reliability diagram data in {@code bins} equal-width probability bins. The mean prediction of
   * a bin is computed from the histogram's bin midpoints, exact to within {@code 1/(2·BINS)}.
   */
  public List<CalibrationBin> calibration(int bins) {
    if (bins < 1 || BINS % bins != 0) {
      throw new IllegalArgumentException("bins must divide " + BINS + ": " + bins);
    }
    int per = BINS / bins;
    List<CalibrationBin> out = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      long n = 0;
      long p = 0;
      double sum = 0;
      for (int i = b * per; i < (b + 1) * per; i++) {
        long c = pos[i] + neg[i];
        n += c;
        p += pos[i];
        sum += c * (i + 0.5) / BINS;
      }
      out.add(new CalibrationBin((double) b / bins, (double) (b + 1) / bins, n,
          n == 0 ? Double.NaN : sum / n, n == 0 ? Double.NaN : (double) p / n));
    }
    return out;
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
  /** The competition metric: the unweighted mean of the per-label ROC AUCs. */
  public static double meanAuc(List<BinaryMetrics> m) {
    return m.stream().mapToDouble(BinaryMetrics::auc).average().orElse(Double.NaN);
  }
}
