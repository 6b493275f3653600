package io.charspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.config.CharsparkConfig;
import io.charspark.config.ConfigException;
import io.charspark.model.RunFiles;
import io.charspark.spark.Progress;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/** The convergence rules of docs/training.md, each against hand-computed values. */
class ConvergenceSettingsTest {
  static CharsparkConfig cfg(String... sets) {
    return CharsparkConfig.load(null, List.of(sets));
  }

  @Test
  void learningRateScalingFactor() {
    assertEquals(1.0, LearningRates.factor("none", 16));
    assertEquals(16.0, LearningRates.factor("linear", 16));
    assertEquals(4.0, LearningRates.factor("sqrt", 16));
    assertEquals(Math.sqrt(2), LearningRates.factor("sqrt", 2), 1e-15);
    assertEquals(1.0, LearningRates.factor("linear", 1));
  }

  @Test
  void warmUpRampsLinearlyToTheScaledRate() {
    // Goyal et al.: from the single-worker rate 0.001 to 2 × 0.001 over 4 steps.
    ISchedule s = LearningRates.schedule(0.001, 2, 4);
    double[] expected = {0.001, 0.00125, 0.0015, 0.00175, 0.002, 0.002};
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], s.valueAt(i, 0), 1e-12, "step " + i);
    assertEquals(0.002, s.valueAt(100_000, 3), 1e-12);
    // No scaling: from rate / N.
    ISchedule n = LearningRates.schedule(0.001, 1, 4);
    assertEquals(0.00025, n.valueAt(0, 0), 1e-12);
    assertEquals(0.000625, n.valueAt(2, 0), 1e-12);
    assertEquals(0.001, n.valueAt(4, 0), 1e-12);
    // Scaling only: constant at the scaled rate.
    assertEquals(0.004, LearningRates.schedule(0.001, 4, 0).valueAt(0, 0), 1e-12);
    assertNull(LearningRates.schedule(0.001, 1, 0), "nothing to change");
    // A long ramp is stored as 200 stairs: 1000 steps → stairs of 5.
    ISchedule l = LearningRates.schedule(0.001, 2, 1000);
    assertEquals(0.001 * (1 + 500 / 1000.0), l.valueAt(502, 0), 1e-12);
    assertEquals(0.002, l.valueAt(1000, 0), 1e-12);
  }

  @Test
  void scheduleIsSetOnTheUpdatersAndSurvivesSerialisation() throws Exception {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
        .updater(new RmsProp(0.001)).list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(1)
            .activation(Activation.SIGMOID).build())
        .build());
    net.init();
    LearningRates.apply(net, LearningRates.schedule(0.001, 2, 4));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.deeplearning4j.util.ModelSerializer.writeModel(net, bytes, true);
    MultiLayerNetwork back = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
        new java.io.ByteArrayInputStream(bytes.toByteArray()), true);
    for (MultiLayerNetwork n : List.of(net, back)) {
      for (int i = 0; i < 2; i++) {
        var updater = ((BaseLayer) n.getLayerWiseConfigurations().getConf(i).getLayer()).getIUpdater();
        assertEquals(0.0015, updater.getLearningRate(2, 0), 1e-12);
        assertEquals(0.002, updater.getLearningRate(7, 1), 1e-12);
      }
    }
  }

  @Test
  void autoBatchSizeGivesTheMinimumStepsPerWorker() {
    CharsparkConfig.Train t = cfg("train.batch_size_per_worker=auto", "train.min_steps_per_epoch=20").train;
    assertTrue(t.autoBatch());
    // The corpus: 4,600 training posts, 2 workers → 115 per minibatch = 20 steps per worker.
    assertEquals(115, t.batchSize(4600, 2));
    assertEquals(14, t.batchSize(4600, 16));
    assertEquals(8, t.batchSize(100, 2), "never below 8");
    assertEquals(512, t.batchSize(10_000_000, 2), "never above 512");
    assertEquals(64, cfg("train.batch_size_per_worker=64").train.batchSize(4600, 2));
    assertThrows(ConfigException.class, () -> cfg("train.batch_size_per_worker=automatic"));
    ConfigException bad = assertThrows(ConfigException.class, () -> cfg("train.lr_scaling=quadratic"));
    assertTrue(bad.getMessage().contains("train.lr_scaling") && bad.getMessage().contains("[linear, none, sqrt]"),
        bad.getMessage());
    assertThrows(ConfigException.class, () -> cfg("train.max_minutes=-1"));
  }

  @Test
  void theTrainLogStatesTheEpochPlanAndWarnsOnFewSteps() {
    CharsparkConfig c = cfg("train.batch_size_per_worker=512", "train.averaging_frequency=5",
        "train.lr_scaling=linear", "train.warmup_steps=50");
    // 4,600 rows / 512 = 9 minibatches → 5 steps per worker on 2 workers, 1 averaging round of 10.
    List<String> lines = TrainingLoop.plan(4600, 2, 512, c, "sequences");
    assertEquals("train: 2 workers × batch 512 = effective batch 1024 sequences per step, 5120 per averaging "
        + "round (averaging_frequency 5); per epoch: 5 optimizer steps per worker, 1 averaging rounds", lines.get(0));
    assertEquals("train: learning rate 0.001 × 2 (linear, 2 workers) = 0.002, linear warm-up over 50 steps",
        lines.get(1));
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).startsWith("train: WARNING only 5 optimizer steps per worker per epoch "
        + "(< train.min_steps_per_epoch = 20)") && lines.get(2).contains("train.batch_size_per_worker = 115"),
        lines.get(2));
    CharsparkConfig auto = cfg("train.batch_size_per_worker=auto");
    List<String> ok = TrainingLoop.plan(4600, 2, auto.train.batchSize(4600, 2), auto, "sequences");
    assertEquals(2, ok.size(), "no warning: " + ok);
    assertTrue(ok.get(0).contains("batch 115 (auto)") && ok.get(0).contains("20 optimizer steps per worker"), ok.get(0));
  }

  @Test
  void timeBudgetStopsAfterTheEpochThatCrossesItAndKeepsTheBestEpoch() {
    // val_loss 0.50, 0.40, 0.45 at 1, 2 and 3 minutes; budget 2.5 minutes, 10 epochs, patience 3.
    RunFiles.State s = new RunFiles.State();
    EarlyStopping es = new EarlyStopping(3, 10);
    TimeBudget budget = new TimeBudget(2.5);
    double[] loss = {0.50, 0.40, 0.45};
    boolean[] best = {true, true, false};
    for (int e = 1; e <= 3; e++) {
      assertEquals(best[e - 1], es.observe(e, loss[e - 1]));
      TrainingLoop.record(s, e, es, budget.spent(e, 10, e, es.stopped()));
      assertEquals(e == 3, s.finished(10), "epoch " + e);
    }
    assertTrue(s.stoppedByTime && !s.stoppedEarly);
    assertEquals(2, s.bestEpoch);
    assertEquals(0.40, s.bestValLoss);
    assertEquals(1, s.badEpochs);
    assertEquals(3, s.epochsDone);
    // No budget: goes on; early stopping wins over the budget when both apply.
    assertFalse(new TimeBudget(0).spent(1, 10, 99, false));
    EarlyStopping patience1 = new EarlyStopping(1, 10);
    patience1.observe(1, 0.5);
    patience1.observe(2, 0.6);
    assertTrue(patience1.stopped());
    assertFalse(new TimeBudget(1).spent(2, 10, 99, patience1.stopped()));
    // The last epoch is not a stop.
    assertFalse(new TimeBudget(1).spent(1, 1, 5, false));
  }

  @Test
  void progressLineHasDoneTotalRateAndEta() {
    // (509,509 − 120,000) / 850 = 458 s.
    assertEquals("120,000/509,509 pairs (23.6%), 850 pairs/s, ETA 7m38s",
        Progress.Rate.format(120_000, 509_509, "pairs", 850));
    assertEquals("5/8 tasks (62.5%), 0.5 tasks/s, ETA 6s", Progress.Rate.format(5, 8, "tasks", 0.5));
    assertEquals("0/10 tasks (0.0%), 0.0 tasks/s, ETA ?", Progress.Rate.format(0, 10, "tasks", 0));
    assertEquals("2h05m", Progress.eta(7500));
  }
}
