package io.charspark.train;

import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A parameter-averaging worker hook that counts, in Spark accumulators, the minibatches and
 * sequences fitted and sums each minibatch's score (the loss DL4J computed in that fit). The driver
 * sees the sums grow as each averaging round's tasks finish: the mean training loss of an epoch is
 * {@link #meanLoss()}, and {@link #examples()} drives the within-epoch progress line.
 */
final class EpochStats implements TrainingHook {
  private final LongAccumulator batches;
  private final LongAccumulator examples;
  private final DoubleAccumulator lossSum;

  EpochStats(SparkContext sc, String name) {
    this.batches = sc.longAccumulator(name + ".minibatches");
    this.examples = sc.longAccumulator(name + ".sequences");
    this.lossSum = sc.doubleAccumulator(name + ".loss_sum");
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {}

  @Override
  public void postUpdate(DataSet minibatch, Model model) {
    add(minibatch.numExamples(), model.score());
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {}

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {
    add(minibatch.getFeatures(0).size(0), model.score());
  }

  private void add(long n, double score) {
    batches.add(1);
    examples.add(n);
    lossSum.add(score);
  }

  long examples() {
    return examples.value();
  }

  long minibatches() {
    return batches.value();
  }

  /** Mean minibatch loss so far this epoch (NaN before the first finished round). */
  double meanLoss() {
    long n = batches.value();
    return n == 0 ? Double.NaN : lossSum.value() / n;
  }
}
