package io.charspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The converge suite's metrics and its time-to-target interpolation (no training). */
class ConvergeBenchTest {
  static final ConvergeBench.Plan PLAN = new ConvergeBench.Plan(1280, 256, 64, 5, 640, 0.9, 0.4, 3, 10);

  @Test
  void aucIsTheMannWhitneyStatisticWithTiesHalf() {
    // Positives 0.9, 0.4; negatives 0.4, 0.1: pairs won 2 (0.9) + 1 + 0.5 (0.4 vs 0.1, 0.4 tie) = 3.5 of 4.
    assertEquals(0.875, ConvergeBench.auc(new double[] {0.9, 0.4, 0.4, 0.1}, new int[] {1, 1, 0, 0}), 1e-12);
    assertEquals(1.0, ConvergeBench.auc(new double[] {0.2, 0.8}, new int[] {0, 1}), 1e-12);
    assertTrue(Double.isNaN(ConvergeBench.auc(new double[] {0.2, 0.8}, new int[] {1, 1})));
  }

  @Test
  void logLossIsMeanBinaryCrossEntropyClipped() {
    assertEquals(-(Math.log(0.8) + Math.log(0.9)) / 2,
        ConvergeBench.logLoss(new double[] {0.8, 0.1}, new int[] {1, 0}), 1e-12);
    assertEquals(-Math.log(1e-7), ConvergeBench.logLoss(new double[] {0.0}, new int[] {1}), 1e-9);
  }

  @Test
  void sequencesToTargetAreInterpolatedAtTheLaterCrossing() {
    // AUC crosses 0.9 halfway through the second interval; loss was already below 0.4 at its start.
    List<ConvergeBench.Point> curve = List.of(
        new ConvergeBench.Point(640, 4, 0.80, 0.35), new ConvergeBench.Point(1280, 8, 1.00, 0.30));
    double[] t = ConvergeBench.toTarget(curve, PLAN);
    assertEquals(960, t[0], 1e-9);
    assertEquals(6, t[1], 1e-9);
    // AUC already on target; loss 0.6 -> 0.2 crosses 0.4 halfway.
    curve = List.of(new ConvergeBench.Point(640, 4, 0.95, 0.6), new ConvergeBench.Point(1280, 8, 0.96, 0.2));
    t = ConvergeBench.toTarget(curve, PLAN);
    assertEquals(640 + 0.5 * 640, t[0], 1e-9);
    // Never reached: NaN.
    assertTrue(Double.isNaN(ConvergeBench.toTarget(List.of(new ConvergeBench.Point(640, 4, 0.85, 0.3)), PLAN)[0]));
  }
}
