package io.charspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.metrics.RegressionMetrics;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
  private static final double TOL = 1e-12;
  private static final double[] PRED = {1, 2, 5, 3};
  private static final double[] TRUTH = {1, 3, 2, 6};
  private static final double TRAIN_MEAN = 2;

  private static RegressionMetrics rows(double offset, int from, int to) {
    RegressionMetrics m = new RegressionMetrics(TRAIN_MEAN + offset);
    for (int i = from; i < to; i++) m.add(PRED[i] + offset, TRUTH[i] + offset);
    return m;
  }

  @Test
  void handComputedExample() {
    RegressionMetrics m = rows(0, 0, 4);
    assertEquals(4, m.rows());
    // errors pred - truth: 1-1 = 0, 2-3 = -1, 5-2 = 3, 3-6 = -3
    // SSE = 0 + 1 + 9 + 9 = 19; SAE = 0 + 1 + 3 + 3 = 7
    assertEquals(Math.sqrt(19.0 / 4), m.rmse(), TOL);
    assertEquals(7.0 / 4, m.mae(), TOL);
    // truth mean = 12/4 = 3; SST = Σy² - (Σy)²/n = (1 + 9 + 4 + 36) - 144/4 = 50 - 36 = 14
    // r2 = 1 - 19/14 = -5/14
    assertEquals(-5.0 / 14, m.r2(), TOL);
  }

  @Test
  void handComputedBaselines() {
    RegressionMetrics m = rows(0, 0, 4);
    // truth - trainMean(2) = -1, 1, 0, 4: Σ² = 1 + 1 + 0 + 16 = 18; Σ|.| = 6
    assertEquals(Math.sqrt(18.0 / 4), m.meanRmse(), TOL);
    assertEquals(6.0 / 4, m.meanMae(), TOL);
    // mean r2 = 1 - 18/14 = -2/7
    assertEquals(-2.0 / 7, m.meanR2(), TOL);
  }

  @Test
  void goodModelBeatsBaseline() {
    RegressionMetrics m = new RegressionMetrics(0);
    // truth 0, 2, 4 (mean 2, SST = 4 + 0 + 4 = 8); predictions 1, 2, 3: SSE = 1 + 0 + 1 = 2
    m.add(1, 0);
    m.add(2, 2);
    m.add(3, 4);
    assertEquals(1 - 2.0 / 8, m.r2(), TOL); // 0.75
    assertEquals(Math.sqrt(2.0 / 3), m.rmse(), TOL);
    assertEquals(2.0 / 3, m.mae(), TOL);
    // trainMean 0: Σ(y-0)² = 0 + 4 + 16 = 20 -> mean r2 = 1 - 20/8 = -1.5; Σ|y| = 6
    assertEquals(-1.5, m.meanR2(), TOL);
    assertEquals(Math.sqrt(20.0 / 3), m.meanRmse(), TOL);
    assertEquals(2.0, m.meanMae(), TOL);
    // a perfect model: r2 = 1
    RegressionMetrics perfect = new RegressionMetrics(0);
    perfect.add(0, 0);
    perfect.add(4, 4);
    assertEquals(1.0, perfect.r2(), TOL);
    assertEquals(0.0, perfect.rmse(), TOL);
  }

  @Test
  void largeOffsetDoesNotCancel() {
    // the same rows shifted by 1e9: Σy² would be ~4e18 where one ulp is 512, yet SST is 14
    RegressionMetrics m = rows(1e9, 0, 4);
    assertEquals(-5.0 / 14, m.r2(), 1e-9);
    assertEquals(-2.0 / 7, m.meanR2(), 1e-9);
    RegressionMetrics merged = rows(1e9, 0, 1).merge(rows(1e9, 1, 4));
    assertEquals(-5.0 / 14, merged.r2(), 1e-9);
    // trainMean far from the data (0 vs 1e9): the running mean keeps SST to ~1e-8 relative,
    // where the raw-sum formula would be off by hundreds
    RegressionMetrics far = new RegressionMetrics(0);
    for (int i = 0; i < 4; i++) far.add(PRED[i] + 1e9, TRUTH[i] + 1e9);
    assertEquals(-5.0 / 14, far.r2(), 1e-6);
  }

  @Test
  void constantTruthGivesNaNR2() {
    RegressionMetrics m = new RegressionMetrics(0.3);
    // 0.1 is not exact in binary: Σy² - (Σy)²/n would leave rounding noise instead of 0
    m.add(0.2, 0.1);
    m.add(0.0, 0.1);
    m.add(0.1, 0.1);
    RegressionMetrics other = new RegressionMetrics(0.3);
    other.add(0.1, 0.1);
    m.merge(other);
    assertTrue(Double.isNaN(m.r2()));
    assertTrue(Double.isNaN(m.meanR2()));
    // errors 0.1, -0.1, 0, 0 -> SSE 0.02, RMSE sqrt(0.02/4); baseline error 0.2 on every row
    assertEquals(Math.sqrt(0.02 / 4), m.rmse(), 1e-12);
    assertEquals(0.2 / 4, m.mae(), 1e-12);
    assertEquals(0.2, m.meanRmse(), 1e-12);
    assertEquals(0.2, m.meanMae(), 1e-12);
  }

  @Test
  void mergeOfHalvesEqualsWhole() {
    assertSame(rows(0, 0, 4), rows(0, 0, 2).merge(rows(0, 2, 4)));
    // empty partitions on either side change nothing
    assertSame(rows(0, 0, 4), rows(0, 0, 0).merge(rows(0, 0, 4)).merge(rows(0, 0, 0)));

    SplittableRandom rnd = new SplittableRandom(5);
    RegressionMetrics all = new RegressionMetrics(10);
    RegressionMetrics a = new RegressionMetrics(10);
    RegressionMetrics b = new RegressionMetrics(10);
    for (int i = 0; i < 5000; i++) {
      double y = 12 + 3 * rnd.nextGaussian();
      double p = y + rnd.nextGaussian();
      all.add(p, y);
      (i < 1234 ? a : b).add(p, y);
    }
    assertSame(all, a.merge(b));
  }

  private static void assertSame(RegressionMetrics expected, RegressionMetrics actual) {
    assertEquals(expected.rows(), actual.rows());
    assertEquals(expected.rmse(), actual.rmse(), 1e-10);
    assertEquals(expected.mae(), actual.mae(), 1e-10);
    assertEquals(expected.r2(), actual.r2(), 1e-10);
    assertEquals(expected.meanRmse(), actual.meanRmse(), 1e-10);
    assertEquals(expected.meanMae(), actual.meanMae(), 1e-10);
    assertEquals(expected.meanR2(), actual.meanR2(), 1e-10);
  }

  @Test
  void emptyIsNaNAndMergeChecksTrainMean() {
    RegressionMetrics m = new RegressionMetrics(1);
    assertTrue(Double.isNaN(m.rmse()));
    assertTrue(Double.isNaN(m.mae()));
    assertTrue(Double.isNaN(m.r2()));
    assertTrue(Double.isNaN(m.meanR2()));
    assertThrows(IllegalArgumentException.class, () -> m.merge(new RegressionMetrics(2)));
  }

  @Test
  void mapsHaveSnakeCaseKeysInOrder() {
    RegressionMetrics m = rows(0, 0, 4);
    Map<String, Object> metrics = m.toMap();
    assertEquals(List.of("rows", "rmse", "mae", "r2"), List.copyOf(metrics.keySet()));
    assertEquals(4L, metrics.get("rows"));
    assertEquals(-5.0 / 14, (double) metrics.get("r2"), TOL);
    Map<String, Object> base = m.baselineMap();
    assertEquals(List.of("train_mean", "mean_rmse", "mean_mae", "mean_r2"), List.copyOf(base.keySet()));
    assertEquals(-2.0 / 7, (double) base.get("mean_r2"), TOL);
  }
}
