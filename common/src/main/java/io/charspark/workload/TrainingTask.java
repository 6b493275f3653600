package io.charspark.workload;

import io.charspark.model.ModelInfo;
import io.charspark.model.Network;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What differs between workloads inside the shared epoch loop ({@link TrainingLoop}): the network,
 * the training rows and their minibatches, and the validation metric. Everything else (parameter
 * averaging, progress, checkpoints, early stopping, resume) is the loop's.
 */
public interface TrainingTask {
  /** Validation loss (what early stopping watches) and the task's named metrics, in order. */
  record Validation(double loss, double[] metrics) {}

  /** A new, initialised network: one output, or a graph with several. */
  Network network();

  /** Training rows (the task's ETL output; {@link #batches} reads them), not cached. */
  Dataset<Row> trainingRows(SparkSession spark);

  /**
   * Minibatches of {@code rows}: {@code JavaRDD<DataSet>} for a multi-layer network, {@code
   * JavaRDD<MultiDataSet>} for a graph.
   */
  JavaRDD<?> batches(Dataset<Row> rows, int batchSize);

  Validation validate(SparkSession spark, Network net);

  /** Names of {@link Validation#metrics()}, e.g. {@code accuracy, auc}. */
  List<String> metricNames();

  /** What one training example is called in progress lines. */
  default String unit() {
    return "sequences";
  }

  /** Adds the task's own fields to the model description. */
  void describe(ModelInfo info);
}
