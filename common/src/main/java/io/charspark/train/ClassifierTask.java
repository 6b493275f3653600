package io.charspark.train;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.eval.BinaryMetrics;
import io.charspark.eval.Predictor;
import io.charspark.model.ModelInfo;
import io.charspark.model.NetworkFactory;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** The spoiler tagger: binary classifier, validated by log loss, accuracy and ROC AUC. */
public final class ClassifierTask implements TrainingTask {
  private final CharsparkConfig cfg;
  private final ShardDirectory shards;

  public ClassifierTask(CharsparkConfig cfg, ShardDirectory shards) {
    this.cfg = cfg;
    this.shards = shards;
  }

  @Override
  public MultiLayerNetwork network() {
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.spoilers(cfg));
    net.init();
    return net;
  }

  @Override
  public Dataset<Row> trainingRows(SparkSession spark) {
    return TrainingLoop.encode(shards.read(spark, "train"), cfg.etl.maxLength(), cfg.etl.keepTail());
  }

  @Override
  public JavaRDD<DataSet> batches(Dataset<Row> rows, int batchSize) {
    return Batches.of(rows, batchSize);
  }

  @Override
  public Validation validate(SparkSession spark, Model net) {
    Dataset<Row> val =
        TrainingLoop.encode(shards.read(spark, "validation"), cfg.etl.maxLength(), cfg.etl.keepTail());
    BinaryMetrics v = Predictor.metrics(spark, net, val, cfg.score.batchSize(), cfg.score.threshold());
    return new Validation(v.logLoss(), new double[] {v.accuracy(), v.auc()});
  }

  @Override
  public List<String> metricNames() {
    return List.of("accuracy", "auc");
  }

  @Override
  public void describe(ModelInfo info) {
    info.arch = cfg.model.arch();
    info.labelField = cfg.input.labelField();
    info.etlMaxLength = cfg.etl.maxLength();
    info.etlTruncate = cfg.etl.truncate();
    info.threshold = cfg.score.threshold();
    info.trainPositiveRate = shards.manifest().positiveRate("train");
  }
}
