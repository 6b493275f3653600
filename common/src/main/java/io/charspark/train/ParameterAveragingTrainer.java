package io.charspark.train;

import io.charspark.config.CharsparkConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J parameter averaging ({@code ParameterAveragingTrainingMaster}), knobs from config: {@code
 * SparkDl4jMultiLayer} for a multi-layer network fed {@code DataSet}s, {@code
 * SparkComputationGraph} for a graph fed {@code MultiDataSet}s (toxic's six heads).
 */
public final class ParameterAveragingTrainer implements DistributedTrainer {
  private final JavaSparkContext sc;
  private final SparkDl4jMultiLayer layers;
  private final SparkComputationGraph graph;
  private final ParameterAveragingTrainingMaster master;
  private final EpochStats stats;

  /**
   * A trainer for one epoch of {@code net} on {@code workers} workers, minibatches of {@code batch}
   * sequences per worker (already batched by {@link Batches}), the other knobs from {@code t}.
   */
  public ParameterAveragingTrainer(JavaSparkContext sc, Model net, CharsparkConfig.Train t, int workers,
      int batch, long seed) {
    this.sc = sc;
    this.stats = new EpochStats(sc.sc(), "charspark.train");
    this.master =
        new ParameterAveragingTrainingMaster.Builder(workers, batch)
            // Each (Multi)DataSet in the RDD is already one minibatch of this size (see Batches).
            .batchSizePerWorker(batch)
            // Counts sequences and sums minibatch losses on the workers (progress, mean train loss).
            .trainingHooks(stats)
            // Minibatches each worker fits before parameters (and updater state) are averaged.
            .averagingFrequency(t.averagingFrequency())
            // Asynchronous prefetch of minibatches on each worker.
            .workerPrefetchNumBatches(t.prefetchBatches())
            // The builder leaves this false despite its javadoc; RMSprop/Adam state must be averaged too.
            .saveUpdater(true)
            // Direct works on any filesystem; Export needs a shared one (HDFS/S3) on a cluster master.
            .rddTrainingApproach(
                t.approach().equals("export") ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
            .rngSeed(seed)
            .build();
    if (net instanceof ComputationGraph g) {
      this.graph = new SparkComputationGraph(sc, g, master);
      this.layers = null;
    } else {
      this.layers = new SparkDl4jMultiLayer(sc, (MultiLayerNetwork) net, master);
      this.graph = null;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Model fitEpoch(JavaRDD<?> data) {
    return graph != null
        ? graph.fitMultiDataSet((JavaRDD<MultiDataSet>) data)
        : layers.fit((JavaRDD<DataSet>) data);
  }

  @Override
  public double lastScore() {
    return graph != null ? graph.getScore() : layers.getScore();
  }

  @Override
  public long sequencesDone() {
    return stats.examples();
  }

  @Override
  public double meanLoss() {
    return stats.meanLoss();
  }

  @Override
  public void close() {
    master.deleteTempFiles(sc);
  }
}
