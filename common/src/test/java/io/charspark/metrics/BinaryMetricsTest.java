package io.charspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.metrics.BinaryMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  @Test
  void aucMatchesExactMannWhitneyAndMergeEqualsWhole() {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 3000;
    double[] p = new double[n];
    int[] y = new int[n];
    BinaryMetrics whole = new BinaryMetrics(0.5);
    BinaryMetrics a = new BinaryMetrics(0.5);
    BinaryMetrics b = new BinaryMetrics(0.5);
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextDouble() < 0.2 ? 1 : 0;
      p[i] = Math.min(1, Math.max(0, (y[i] == 1 ? 0.6 : 0.4) + rnd.nextGaussian() * 0.2));
      whole.add(p[i], y[i]);
      (i % 2 == 0 ? a : b).add(p[i], y[i]);
    }
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      if (y[i] != 1) continue;
      for (int j = 0; j < n; j++) {
        if (y[j] != 0) continue;
        pairs++;
        wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
      }
    }
    double exact = wins / pairs;
    assertEquals(exact, whole.auc(), 1e-3);
    assertTrue(exact > 0.7 && exact < 0.95, "test data should be neither random nor separable: " + exact);
    BinaryMetrics merged = a.merge(b);
    assertEquals(whole.auc(), merged.auc(), 1e-12);
    assertEquals(whole.logLoss(), merged.logLoss(), 1e-12);
    assertEquals(whole.accuracy(), merged.accuracy(), 1e-12);
    assertEquals(n, merged.rows());
  }

  @Test
  void perfectRandomAndConstantModels() {
    BinaryMetrics perfect = new BinaryMetrics(0.5);
    BinaryMetrics constant = new BinaryMetrics(0.5);
    for (int i = 0; i < 100; i++) {
      int y = i < 20 ? 1 : 0;
      perfect.add(y == 1 ? 0.9 : 0.1, y);
      constant.add(0.2, y);
    }
    assertEquals(1.0, perfect.auc(), 1e-12);
    assertEquals(1.0, perfect.accuracy(), 1e-12);
    assertEquals(0.5, constant.auc(), 1e-12);
    assertEquals(0.8, constant.accuracy(), 1e-12);
    // A constant guess at the true rate scores exactly the constant-prior log loss.
    assertEquals(constant.constantPriorLogLoss(0.2), constant.logLoss(), 1e-9);
    assertEquals(-(0.2 * Math.log(0.2) + 0.8 * Math.log(0.8)), constant.logLoss(), 1e-9);
  }
}
