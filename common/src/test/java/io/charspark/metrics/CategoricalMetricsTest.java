package io.charspark.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.metrics.CategoricalMetrics;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CategoricalMetricsTest {
  private static final double TOL = 1e-12;
  /** Train prior: class 0 is the majority class. */
  private static final double[] PRIOR = {0.4, 0.3, 0.2, 0.1};

  /**
   * Six rows over four classes; class 3 appears in neither truth nor prediction, class 2 appears
   * in truth but is never predicted.
   */
  private static final double[][] P = {
      {0.7, 0.2, 0.1, 0.0}, // truth 0, predicted 0
      {0.2, 0.5, 0.3, 0.0}, // truth 1, predicted 1
      {0.6, 0.3, 0.1, 0.0}, // truth 1, predicted 0
      {0.4, 0.4, 0.2, 0.0}, // truth 2, tie 0/1 -> predicted 0
      {0.1, 0.8, 0.1, 0.0}, // truth 0, predicted 1
      {0.5, 0.25, 0.25, 0.0}, // truth 0, predicted 0
  };
  private static final int[] Y = {0, 1, 1, 2, 0, 0};

  private static CategoricalMetrics rows(int from, int to) {
    CategoricalMetrics m = new CategoricalMetrics(4, PRIOR);
    for (int i = from; i < to; i++) m.add(P[i], Y[i]);
    return m;
  }

  @Test
  void handComputedExample() {
    CategoricalMetrics m = rows(0, 6);
    assertEquals(6, m.rows());
    // [truth][predicted]: truth 0 -> {0,1,0} predicted 0,1,0; truth 1 -> 1,0; truth 2 -> 0.
    assertArrayEquals(new long[][] {{2, 1, 0, 0}, {1, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}}, m.confusion());
    // correct: rows 1, 2, 6 -> 3/6
    assertEquals(0.5, m.accuracy(), TOL);
    // class 0: tp 2, fp (col 4 - 2) = 2, fn (row 3 - 2) = 1 -> 4 / (4 + 2 + 1) = 4/7
    // class 1: tp 1, fp (col 2 - 1) = 1, fn (row 2 - 1) = 1 -> 2 / (2 + 1 + 1) = 1/2
    // class 2: tp 0, fp 0, fn 1 -> 0; class 3 absent everywhere -> excluded
    // macro-F1 = (4/7 + 1/2 + 0) / 3 = (15/14) / 3 = 5/14
    assertEquals(5.0 / 14, m.macroF1(), TOL);
    // log loss = -(ln .7 + ln .5 + ln .3 + ln .2 + ln .1 + ln .5) / 6 = -ln(0.00105) / 6
    assertEquals(-Math.log(0.00105) / 6, m.logLoss(), 1e-12);
    // ln 0.00105 = ln 1.05 + ln 1e-3 = 0.048790 - 6.907755 = -6.858965; / 6 -> 1.143161
    assertEquals(1.143161, m.logLoss(), 1e-6);
  }

  @Test
  void handComputedBaselines() {
    CategoricalMetrics m = rows(0, 6);
    assertEquals(0, m.majorityClass());
    assertArrayEquals(new long[] {3, 2, 1, 0}, m.truthCounts());
    // always predicting class 0: 3 of 6 rows are class 0
    assertEquals(0.5, m.majorityAccuracy(), TOL);
    // class 0: tp 3, fp 3, fn 0 -> 6/9 = 2/3; classes 1, 2 (in truth) score 0; class 3 excluded
    // macro-F1 = (2/3) / 3 = 2/9
    assertEquals(2.0 / 9, m.majorityMacroF1(), TOL);
    // prior log loss = -(3 ln .4 + 2 ln .3 + ln .2) / 6
    assertEquals(-(3 * Math.log(0.4) + 2 * Math.log(0.3) + Math.log(0.2)) / 6, m.priorLogLoss(), TOL);
    // 3 * 0.916291 + 2 * 1.203973 + 1.609438 = 2.748872 + 2.407946 + 1.609438 = 6.766256; / 6
    assertEquals(1.127709, m.priorLogLoss(), 1e-6);
  }

  @Test
  void mergeOfHalvesEqualsWhole() {
    CategoricalMetrics whole = rows(0, 6);
    CategoricalMetrics merged = rows(0, 3).merge(rows(3, 6));
    assertSame(whole, merged);
    // an empty partition changes nothing, on either side
    assertSame(whole, new CategoricalMetrics(4, PRIOR).merge(rows(0, 6)).merge(new CategoricalMetrics(4, PRIOR)));

    SplittableRandom rnd = new SplittableRandom(11);
    double[] prior = {0.1, 0.6, 0.3};
    CategoricalMetrics all = new CategoricalMetrics(3, prior);
    CategoricalMetrics a = new CategoricalMetrics(3, prior);
    CategoricalMetrics b = new CategoricalMetrics(3, prior);
    for (int i = 0; i < 2000; i++) {
      double[] p = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
      double s = p[0] + p[1] + p[2];
      for (int k = 0; k < 3; k++) p[k] /= s;
      int y = rnd.nextInt(3);
      all.add(p, y);
      (i < 700 ? a : b).add(p, y);
    }
    assertSame(all, a.merge(b));
  }

  private static void assertSame(CategoricalMetrics expected, CategoricalMetrics actual) {
    assertEquals(expected.rows(), actual.rows());
    assertArrayEquals(expected.confusion(), actual.confusion());
    assertEquals(expected.accuracy(), actual.accuracy(), TOL);
    assertEquals(expected.macroF1(), actual.macroF1(), TOL);
    assertEquals(expected.logLoss(), actual.logLoss(), 1e-12);
    assertEquals(expected.majorityAccuracy(), actual.majorityAccuracy(), TOL);
    assertEquals(expected.majorityMacroF1(), actual.majorityMacroF1(), TOL);
    assertEquals(expected.priorLogLoss(), actual.priorLogLoss(), 1e-12);
  }

  @Test
  void allCorrectGivesMacroF1OfOneEvenWithAnAbsentClass() {
    CategoricalMetrics m = new CategoricalMetrics(3, new double[] {0.2, 0.5, 0.3});
    m.add(new double[] {0.9, 0.1, 0.0}, 0);
    m.add(new double[] {0.3, 0.6, 0.1}, 1);
    m.add(new double[] {0.2, 0.7, 0.1}, 1);
    // class 2 is neither true nor predicted: excluded, so macro-F1 = (1 + 1) / 2
    assertEquals(1.0, m.accuracy(), TOL);
    assertEquals(1.0, m.macroF1(), TOL);
    // majority class 1: accuracy 2/3; class 1 F1 = 2*2 / (3 + 2) = 4/5, class 0 F1 0 -> 2/5
    assertEquals(2.0 / 3, m.majorityAccuracy(), TOL);
    assertEquals(0.4, m.majorityMacroF1(), TOL);
  }

  @Test
  void majorityClassNeverTrueStillCountsInMajorityMacroF1() {
    // majority class 2 never appears in truth: it is predicted for every row, so it is present
    CategoricalMetrics m = new CategoricalMetrics(3, new double[] {0.3, 0.2, 0.5});
    m.add(new double[] {1, 0, 0}, 0);
    m.add(new double[] {0, 1, 0}, 1);
    assertEquals(0.0, m.majorityAccuracy(), TOL);
    // classes 0, 1, 2 present, all F1 0
    assertEquals(0.0, m.majorityMacroF1(), TOL);
    // prior log loss = -(ln .3 + ln .2) / 2
    assertEquals(-(Math.log(0.3) + Math.log(0.2)) / 2, m.priorLogLoss(), TOL);
  }

  @Test
  void logLossIsClipped() {
    CategoricalMetrics m = new CategoricalMetrics(2, new double[] {1.0, 0.0});
    m.add(new double[] {0.0, 1.0}, 0); // p[truth] = 0 -> clipped to 1e-15: 15 ln 10
    m.add(new double[] {0.0, 1.5}, 1); // p[truth] = 1.5 -> clipped to 1: 0
    assertEquals(15 * Math.log(10) / 2, m.logLoss(), 1e-9);
    // prior gives class 1 probability 0: clipped as well
    assertEquals(15 * Math.log(10) / 2, m.priorLogLoss(), 1e-9);
  }

  @Test
  void emptyIsNaNAndInputIsChecked() {
    CategoricalMetrics m = new CategoricalMetrics(2, new double[] {0.5, 0.5});
    assertTrue(Double.isNaN(m.accuracy()));
    assertTrue(Double.isNaN(m.macroF1()));
    assertTrue(Double.isNaN(m.logLoss()));
    assertTrue(Double.isNaN(m.majorityMacroF1()));
    assertThrows(IllegalArgumentException.class, () -> m.add(new double[] {0.5, 0.5}, 2));
    assertThrows(IllegalArgumentException.class, () -> m.add(new double[] {1.0}, 0));
    assertThrows(IllegalArgumentException.class, () -> new CategoricalMetrics(2, new double[] {0.5, 0.6}));
    assertThrows(IllegalArgumentException.class, () -> new CategoricalMetrics(3, new double[] {0.5, 0.5}));
    assertThrows(IllegalArgumentException.class,
        () -> m.merge(new CategoricalMetrics(2, new double[] {0.4, 0.6})));
  }

  @Test
  void mapsHaveSnakeCaseKeysInOrder() {
    CategoricalMetrics m = rows(0, 6);
    Map<String, Object> metrics = m.toMap();
    assertEquals(List.of("rows", "classes", "accuracy", "macro_f1", "log_loss"), List.copyOf(metrics.keySet()));
    assertEquals(6L, metrics.get("rows"));
    assertEquals(5.0 / 14, (double) metrics.get("macro_f1"), TOL);
    Map<String, Object> base = m.baselineMap();
    assertEquals(List.of("majority_class", "majority_class_accuracy", "majority_class_macro_f1", "prior_log_loss"),
        List.copyOf(base.keySet()));
    assertEquals(2.0 / 9, (double) base.get("majority_class_macro_f1"), TOL);
  }
}
