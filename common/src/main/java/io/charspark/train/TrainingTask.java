package io.charspark.train;

import io.charspark.model.ModelInfo;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What differs between workloads inside the shared epoch loop ({@link TrainingLoop}): the network,
 * the training rows and their minibatches, and the validation metric. Everything else (parameter
 * averaging, progress, checkpoints, early stopping, resume) is the loop's.
 */
public interface TrainingTask {
  /** Validation loss (what early stopping watches) and the task's named metrics, in order. */
  record Validation(double loss, double[] metrics) {}

  MultiLayerConfiguration network();

  /** Training rows with {@code features array<int>} and {@code label int} (other columns ignored), not cached. */
  Dataset<Row> trainingRows(SparkSession spark);

  JavaRDD<DataSet> batches(Dataset<Row> rows, int batchSize);

  Validation validate(SparkSession spark, MultiLayerNetwork net);

  /** Names of {@link Validation#metrics()}, e.g. {@code accuracy, auc}. */
  List<String> metricNames();

  /** Adds the task's own fields to the model description. */
  void describe(ModelInfo info);
}
