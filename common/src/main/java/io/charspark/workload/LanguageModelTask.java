package io.charspark.workload;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.etl.LmEtl;
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
 * per character and perplexity (on pairs of stride {@code lm.eval_step}).
 */
public final class LanguageModelTask implements TrainingTask {
  private final CharsparkConfig cfg;
  private final ShardDirectory shards;

  public LanguageModelTask(CharsparkConfig cfg, ShardDirectory shards) {
    this.cfg = cfg;
    this.shards = shards;
  }

  public int classes() {
    return LmEtl.classes(cfg.lm.keepNewline());
  }

  @Override
  public Network network() {
    return Network.init(NetworkFactory.languageModel(cfg));
  }

  @Override
  public Dataset<Row> trainingRows(SparkSession spark) {
    return LmEtl.pairs(shards.read(spark, "train"), cfg.lm.window(), cfg.lm.step(), cfg.lm.keepNewline());
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
    return LmEtl.pairs(shards.read(spark, split), cfg.lm.window(), cfg.lm.evalStep(), cfg.lm.keepNewline());
  }

  @Override
  public List<String> metricNames() {
    return List.of("bits_per_char", "perplexity");
  }

  @Override
  public void describe(ModelInfo info) {
    info.arch = "lstm_lm";
    info.lmWindow = cfg.lm.window();
    info.keepNewline = cfg.lm.keepNewline();
    info.classes = classes();
    info.vocabulary =
        "python string.printable minus \\n \\r (98 chars, ASCII order, index = code - 29), pad=98"
            + (cfg.lm.keepNewline() ? ", \\n kept as index 99" : ", \\n folded into a space")
            + ", markers < >";
  }
}
