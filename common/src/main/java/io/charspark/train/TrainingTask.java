package io.charspark.train;

import io.charspark.model.ModelInfo;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;

/**
 * What differs between workloads inside the shared epoch loop ({@link TrainingLoop}): the network,
 * the training rows and their minibatches, and the validation metric. Everything else (parameter
 * averaging, progress, checkpoints, early stopping, resume) is the loop's.
 */
public interface TrainingTask {
  /** Validation loss (what early stopping watches) and the task's named metrics, in order. */
  record Validation(double loss, double[] metrics) {}

  /**
   * A new, initialised network: a {@code MultiLayerNetwork} (one output) or a {@code
   * ComputationGraph} (several outputs).
   */
  Model network();

  /** Training rows (the task's ETL output; {@link #batches} reads them), not cached. */
  Dataset<Row> trainingRows(SparkSession spark);

  /**
   * Minibatches of {@code rows}: {@code JavaRDD<DataSet>} for a multi-layer network, {@code
   * JavaRDD<MultiDataSet>} for a graph.
   */
  JavaRDD<?> batches(Dataset<Row> rows, int batchSize);

  Validation validate(SparkSession spark, Model net);

  /** Names of {@link Validation#metrics()}, e.g. {@code accuracy, auc}. */
  List<String> metricNames();

  /** Adds the task's own fields to the model description. */
  void describe(ModelInfo info);
}
