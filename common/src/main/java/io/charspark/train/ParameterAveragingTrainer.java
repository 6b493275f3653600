package io.charspark.train;

import io.charspark.config.CharsparkConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/** DL4J {@code SparkDl4jMultiLayer} + {@code ParameterAveragingTrainingMaster}, knobs from config. */
public final class ParameterAveragingTrainer implements DistributedTrainer {
  private final JavaSparkContext sc;
  private final SparkDl4jMultiLayer spark;
  private final ParameterAveragingTrainingMaster master;

  public ParameterAveragingTrainer(
      JavaSparkContext sc, MultiLayerNetwork net, CharsparkConfig.Train t, long seed) {
    this.sc = sc;
    this.master =
        new ParameterAveragingTrainingMaster.Builder(t.batchSizePerWorker())
            // Each DataSet in the RDD is already one minibatch of this size (see Batches).
            .batchSizePerWorker(t.batchSizePerWorker())
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
    this.spark = new SparkDl4jMultiLayer(sc, net, master);
  }

  @Override
  public MultiLayerNetwork fitEpoch(JavaRDD<DataSet> data) {
    return spark.fit(data);
  }

  @Override
  public double lastScore() {
    return spark.getScore();
  }

  @Override
  public void close() {
    master.deleteTempFiles(sc);
  }
}
