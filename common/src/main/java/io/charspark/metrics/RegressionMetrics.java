package io.charspark.metrics;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mergeable regression metrics: computed per partition on executors and merged on the driver, so
 * no prediction is collected. Memory is O(1). The baselines always predict {@code trainMean}.
 *
 * <p>R² is {@code 1 − SSE/SST} with SST taken around the evaluated rows' own mean. SST equals
 * {@code Σy² − (Σy)²/n}, but that difference cancels catastrophically when the mean is large
 * against the spread, so it is kept as a running mean and sum of squared deviations (Welford per
 * row, Chan et al. on merge) of {@code truth − trainMean}, which is exactly 0 for constant truth.
 */
public final class RegressionMetrics implements Serializable {
  private final double trainMean;
  private long rows;
  private double sse;
  private double sae;
  /** Mean of {@code truth − trainMean}: SST is shift-invariant, and the shift keeps values small. */
  private double shiftedMean;
  /** Σ(y − mean(y))², the total sum of squares. */
  private double sst;
  private double baselineSse;
  private double baselineSae;

  public RegressionMetrics(double trainMean) {
    if (!Double.isFinite(trainMean)) throw new IllegalArgumentException("trainMean must be finite: " + trainMean);
    this.trainMean = trainMean;
  }

  public void add(double prediction, double truth) {
    rows++;
    double e = prediction - truth;
    sse += e * e;
    sae += Math.abs(e);
    double b = truth - trainMean;
    baselineSse += b * b;
    baselineSae += Math.abs(b);
    double delta = b - shiftedMean;
    shiftedMean += delta / rows;
    sst += delta * (b - shiftedMean);
  }

  /** Adds {@code o} into this instance and returns it (as {@link BinaryMetrics#merge}). */
  public RegressionMetrics merge(RegressionMetrics o) {
    if (Double.compare(o.trainMean, trainMean) != 0) {
      throw new IllegalArgumentException("cannot merge metrics of different train means");
    }
    if (o.rows == 0) return this;
    if (rows == 0) {
      shiftedMean = o.shiftedMean;
      sst = o.sst;
    } else {
      long n = rows + o.rows;
      double delta = o.shiftedMean - shiftedMean;
      sst += o.sst + delta * delta * ((double) rows * o.rows / n);
      shiftedMean += delta * o.rows / n;
    }
    rows += o.rows;
    sse += o.sse;
    sae += o.sae;
    baselineSse += o.baselineSse;
    baselineSae += o.baselineSae;
    return this;
  }

  public long rows() {
    return rows;
  }

  public double trainMean() {
    return trainMean;
  }

  public double rmse() {
    return rows == 0 ? Double.NaN : Math.sqrt(sse / rows);
  }

  public double mae() {
    return rows == 0 ? Double.NaN : sae / rows;
  }

  /** {@code 1 − SSE/SST}, SST around the evaluated rows' mean; NaN when SST is 0 (constant truth). */
  public double r2() {
    return r2(sse);
  }

  /** RMSE of always predicting {@code trainMean}. */
  public double meanRmse() {
    return rows == 0 ? Double.NaN : Math.sqrt(baselineSse / rows);
  }

  /** MAE of always predicting {@code trainMean}. */
  public double meanMae() {
    return rows == 0 ? Double.NaN : baselineSae / rows;
  }

  /** R² of always predicting {@code trainMean}: ≤ 0, and 0 only when it equals the rows' mean. */
  public double meanR2() {
    return r2(baselineSse);
  }

  private double r2(double residual) {
    return rows == 0 || !(sst > 0) ? Double.NaN : 1 - residual / sst;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("rmse", rmse());
    m.put("mae", mae());
    m.put("r2", r2());
    return m;
  }

  public Map<String, Object> baselineMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train_mean", trainMean);
    m.put("mean_rmse", meanRmse());
    m.put("mean_mae", meanMae());
    m.put("mean_r2", meanR2());
    return m;
  }
}
