package io.charspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.metrics.BinaryMetrics;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ROC points and reliability bins derived from the mergeable histograms, against direct counts. */
class BinaryMetricsCurvesTest {
  static final int N = 4000;
  final double[] p = new double[N];
  final int[] y = new int[N];
  final BinaryMetrics m = new BinaryMetrics(0.5);

  BinaryMetricsCurvesTest() {
    SplittableRandom rnd = new SplittableRandom(9);
    for (int i = 0; i < N; i++) {
      y[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
      // Rounded to 0.01 so that many scores tie, as they do for a saturated model.
      p[i] = Math.round(Math.min(1, Math.max(0, (y[i] == 1 ? 0.62 : 0.4) + rnd.nextGaussian() * 0.2)) * 100) / 100.0;
      m.add(p[i], y[i]);
    }
  }

  @Test
  void unthinnedRocAreaIsExactlyTheAuc() {
    List<BinaryMetrics.RocPoint> roc = m.rocPoints(Integer.MAX_VALUE);
    assertEquals(new BinaryMetrics.RocPoint(1.0, 0, 0), roc.get(0));
    BinaryMetrics.RocPoint last = roc.get(roc.size() - 1);
    assertEquals(1.0, last.fpr(), 1e-12);
    assertEquals(1.0, last.tpr(), 1e-12);
    double area = 0;
    for (int i = 1; i < roc.size(); i++) {
      BinaryMetrics.RocPoint a = roc.get(i - 1);
      BinaryMetrics.RocPoint b = roc.get(i);
      assertTrue(b.fpr() >= a.fpr() && b.tpr() >= a.tpr() && b.threshold() <= a.threshold(), "monotone at " + i);
      area += (b.fpr() - a.fpr()) * (a.tpr() + b.tpr()) / 2;
    }
    assertEquals(m.auc(), area, 1e-12);
    // 101 distinct scores (0.00 .. 1.00) → at most 101 points after the origin.
    assertTrue(roc.size() <= 102, "one point per occupied bin: " + roc.size());
  }

  @Test
  void rocTprAtAThresholdMatchesADirectCount() {
    for (BinaryMetrics.RocPoint pt : m.rocPoints(Integer.MAX_VALUE)) {
      if (pt.threshold() >= 1.0) continue;
      long tp = 0, fp = 0, pos = 0, neg = 0;
      for (int i = 0; i < N; i++) {
        boolean above = Math.floor(p[i] * BinaryMetrics.BINS) >= pt.threshold() * BinaryMetrics.BINS - 1e-9;
        if (y[i] == 1) { pos++; if (above) tp++; } else { neg++; if (above) fp++; }
      }
      assertEquals((double) tp / pos, pt.tpr(), 1e-12, "tpr at " + pt.threshold());
      assertEquals((double) fp / neg, pt.fpr(), 1e-12, "fpr at " + pt.threshold());
    }
  }

  @Test
  void thinningKeepsTheEndsAndTheBound() {
    List<BinaryMetrics.RocPoint> thin = m.rocPoints(20);
    assertEquals(20, thin.size());
    assertEquals(m.rocPoints(Integer.MAX_VALUE).get(0), thin.get(0));
    assertEquals(1.0, thin.get(19).tpr(), 1e-12);
    assertTrue(new BinaryMetrics(0.5).rocPoints(10).isEmpty(), "no curve without both classes");
    assertThrows(IllegalArgumentException.class, () -> m.rocPoints(1));
  }

  @Test
  void calibrationBinsMatchDirectCounts() {
    List<BinaryMetrics.CalibrationBin> bins = m.calibration(10);
    assertEquals(10, bins.size());
    long total = 0;
    for (BinaryMetrics.CalibrationBin b : bins) {
      long n = 0, pos = 0;
      double sum = 0;
      for (int i = 0; i < N; i++) {
        // A reliability bin is a run of BINS/10 histogram bins (floor(p · BINS), as add() does).
        int bin = (int) Math.min(BinaryMetrics.BINS - 1, Math.floor(p[i] * BinaryMetrics.BINS)) / (BinaryMetrics.BINS / 10);
        if (bin == (int) Math.round(b.lo() * 10)) { n++; pos += y[i]; sum += p[i]; }
      }
      assertEquals(n, b.count(), "count of bin " + b.lo());
      total += b.count();
      if (n > 0) {
        assertEquals((double) pos / n, b.observedRate(), 1e-12);
        assertEquals(sum / n, b.meanPredicted(), 1.0 / BinaryMetrics.BINS);
      } else {
        assertTrue(Double.isNaN(b.observedRate()));
      }
    }
    assertEquals(N, total);
    assertThrows(IllegalArgumentException.class, () -> m.calibration(7));
  }
}
