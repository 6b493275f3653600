package io.charspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Early stopping on hand-computed validation-loss sequences. */
class EarlyStoppingTest {

  /** Feeds losses from epoch 1 on; returns the epoch after which training stopped, or 0. */
  private static int run(EarlyStopping es, double... losses) {
    for (int e = 1; e <= losses.length; e++) {
      es.observe(e, losses[e - 1]);
      if (es.stopped()) return e;
    }
    return 0;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBest() {
    // patience 2: 0.9 (best) 0.7 (best) 0.8 (1 bad) 0.75 (2 bad → stop after epoch 4).
    EarlyStopping es = new EarlyStopping(2, 10);
    assertTrue(es.observe(1, 0.9));
    assertTrue(es.observe(2, 0.7));
    assertFalse(es.observe(3, 0.8));
    assertFalse(es.stopped());
    assertEquals(1, es.epochsWithoutImprovement());
    assertFalse(es.observe(4, 0.75));
    assertTrue(es.stopped());
    assertEquals(2, es.bestEpoch());
    assertEquals(0.7, es.bestValLoss());
    assertEquals(2, es.epochsWithoutImprovement());
  }

  @Test
  void anImprovementResetsTheCount() {
    // patience 2: 1.0, 1.1 (1 bad), 0.9 (best, reset), 1.0 (1), 0.95 (2 → stop at 5); best epoch 3.
    EarlyStopping es = new EarlyStopping(2, 10);
    assertEquals(5, run(es, 1.0, 1.1, 0.9, 1.0, 0.95));
    assertEquals(3, es.bestEpoch());
    assertEquals(0.9, es.bestValLoss());
  }

  @Test
  void anEqualLossIsNoImprovement() {
    // No minimum delta, but improvement is strict: the same loss again counts as a bad epoch.
    EarlyStopping es = new EarlyStopping(1, 10);
    assertEquals(2, run(es, 0.5, 0.5));
    assertEquals(1, es.bestEpoch());
  }

  @Test
  void theLastEpochIsNotAnEarlyStop() {
    // patience 1, 3 epochs: epoch 3 is worse, but training ends there anyway: stopped_early false.
    EarlyStopping es = new EarlyStopping(1, 3);
    assertEquals(0, run(es, 0.5, 0.4, 0.6));
    assertFalse(es.stopped());
    assertEquals(2, es.bestEpoch());
    // With one epoch more to go, the same epoch 3 is an early stop.
    assertEquals(3, run(new EarlyStopping(1, 4), 0.5, 0.4, 0.6));
  }

  @Test
  void aResumedRunStopsWhereTheUninterruptedOneWould() {
    double[] losses = {0.8, 0.6, 0.65, 0.7, 0.5};
    EarlyStopping whole = new EarlyStopping(2, 10);
    assertEquals(4, run(whole, losses));
    // Interrupted after epoch 3: the saved counters (best 2, 0.6, 1 bad epoch) continue.
    EarlyStopping resumed = new EarlyStopping(2, 10, 2, 0.6, 1);
    assertFalse(resumed.observe(4, 0.7));
    assertTrue(resumed.stopped());
    assertEquals(whole.bestEpoch(), resumed.bestEpoch());
    assertEquals(whole.bestValLoss(), resumed.bestValLoss());
  }

  @Test
  void patienceMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 10));
  }
}
