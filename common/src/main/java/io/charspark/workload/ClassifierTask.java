package io.charspark.workload;


import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.inference.Batches;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.inference.Predictor;
import io.charspark.model.ModelInfo;
import io.charspark.model.Network;
import io.charspark.model.NetworkFactory;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The spoiler tagger: binary classifier, validated by log loss, accuracy and ROC AUC. */
public final class ClassifierTask implements TrainingTask {
  private final CharsparkConfig cfg;
  private final ShardDirectory shards;

  public ClassifierTask(CharsparkConfig cfg, ShardDirectory shards) {
    this.cfg = cfg;
    this.shards = shards;
  }

  @Override
  public Network network() {
    return Network.init(NetworkFactory.spoilers(cfg));
  }

  @Override
  public Dataset<Row> trainingRows(SparkSession spark) {
    return SpoilersClassifier.encode(shards.read(spark, "train"), cfg.etl.transform());
  }

  @Override
  public JavaRDD<?> batches(Dataset<Row> rows, int batchSize) {
    return Batches.of(rows, batchSize);
  }

  @Override
  public Validation validate(SparkSession spark, Network net) {
    Dataset<Row> val =
        SpoilersClassifier.encode(shards.read(spark, "validation"), cfg.etl.transform());
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
    info.etl = cfg.etl.transform();
    info.threshold = cfg.score.threshold();
    info.trainPositiveRate = shards.manifest().positiveRate("train");
  }
}
