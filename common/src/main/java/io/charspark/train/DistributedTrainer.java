package io.charspark.train;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What the epoch loop needs from a distributed trainer. The only implementation today is DL4J's
 * parameter averaging ({@link ParameterAveragingTrainer}); DL4J's Spark module is deprecated
 * upstream, so nothing else in charspark touches its classes.
 */
public interface DistributedTrainer {
  /** One pass over {@code data}; returns the averaged network. */
  MultiLayerNetwork fitEpoch(JavaRDD<DataSet> data);

  /** Mean training loss of the last epoch as reported by the workers. */
  double lastScore();

  /** Removes temporary files (exported minibatches). */
  void close();
}
