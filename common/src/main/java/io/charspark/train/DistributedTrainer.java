package io.charspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.api.Model;

/**
 * What the epoch loop needs from a distributed trainer. The only implementation today is DL4J's
 * parameter averaging ({@link ParameterAveragingTrainer}); DL4J's Spark module is deprecated
 * upstream, so nothing else in charspark touches its classes.
 */
public interface DistributedTrainer {
  /**
   * One pass over {@code data}: {@code DataSet} minibatches for a multi-layer network, {@code
   * MultiDataSet} minibatches for a computation graph (see {@link TrainingTask#batches}); returns
   * the averaged network.
   */
  Model fitEpoch(JavaRDD<?> data);

  /** Score of the last minibatch of the last epoch as reported by the workers. */
  double lastScore();

  /**
   * Sequences fitted so far in this epoch, as far as the driver knows (it grows as each averaging
   * round finishes); thread-safe, for progress lines.
   */
  long sequencesDone();

  /** Mean minibatch loss over the epoch's minibatches fitted so far (NaN before the first round). */
  double meanLoss();

  /** Removes temporary files (exported minibatches). */
  void close();
}
