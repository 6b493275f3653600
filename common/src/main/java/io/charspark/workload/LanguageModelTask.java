package io.charspark.workload;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.etl.LmWindows;
import io.charspark.model.ModelInfo;
import io.charspark.model.NetworkFactory;
import io.charspark.inference.Batches;
import io.charspark.inference.LmScorer;
import io.charspark.lm.LmEvaluator;
import io.charspark.model.Network;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The shower-thoughts language model: window → next character, validated by cross-entropy in bits
 * per character and perplexity (on pairs of stride {@code lm.eval_step}). Its pairs come from one
 * {@link LmWindows}: the configuration's when training, the model's saved one when evaluating.
 */
public final class LanguageModelTask implements TrainingTask {
  private final CharsparkConfig cfg;
  private final LmWindows etl;
  private final ShardDirectory shards;

  /** Training: the ETL fitted from {@code cfg.lm}. */
  public LanguageModelTask(CharsparkConfig cfg, ShardDirectory shards) {
    this(cfg, cfg.lm.windows(), shards);
  }

  /** A trained model: {@code etl} is the one saved with it. */
  public LanguageModelTask(CharsparkConfig cfg, LmWindows etl, ShardDirectory shards) {
    this.cfg = cfg;
    this.etl = etl;
    this.shards = shards;
  }

  public int classes() {
    return etl.classes();
  }

  /** The pairs' ETL. */
  public LmWindows etl() {
    return etl;
  }

  @Override
  public Network network() {
    return Network.init(NetworkFactory.languageModel(cfg));
  }

  @Override
  public Dataset<Row> trainingRows(SparkSession spark) {
    return etl.trainingPairs(shards.read(spark, "train"));
  }

  @Override
  public JavaRDD<?> batches(Dataset<Row> rows, int batchSize) {
    return Batches.oneHot(rows, batchSize, classes());
  }

  @Override
  public Validation validate(SparkSession spark, Network net) {
    LmEvaluator.CrossEntropy ce =
        LmScorer.crossEntropy(spark, net, evalPairs(spark, "validation"), cfg.score.batchSize());
    return new Validation(ce.natsPerChar(), new double[] {ce.bitsPerChar(), ce.perplexity()});
  }

  @Override
  public String unit() {
    return "pairs";
  }

  public Dataset<Row> evalPairs(SparkSession spark, String split) {
    return etl.evaluationPairs(shards.read(spark, split));
  }

  @Override
  public List<String> metricNames() {
    return List.of("bits_per_char", "perplexity");
  }

  @Override
  public void describe(ModelInfo info) {
    info.arch = "lstm_lm";
    info.lmWindows = etl;
    info.classes = classes();
    info.vocabulary = etl.vocabulary();
  }
}
