package io.charspark.workload;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.etl.SparkCharEtl;
import io.charspark.inference.Batches;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.inference.Predictor;
import io.charspark.model.ModelInfo;
import io.charspark.model.Network;
import io.charspark.model.NetworkFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The toxic-comments multi-task model: one {@code ComputationGraph} with a head per label
 * ({@code toxic.labels}), trained on {@code MultiDataSet} minibatches, validated by the summed
 * per-label log loss (what DL4J minimises: the sum of the heads' losses), the mean column-wise ROC
 * AUC and each label's AUC.
 */
public final class ToxicTask implements TrainingTask {
  private final CharsparkConfig cfg;
  private final ShardDirectory shards;

  public ToxicTask(CharsparkConfig cfg, ShardDirectory shards) {
    this.cfg = cfg;
    this.shards = shards;
  }

  @Override
  public Network network() {
    return Network.init(NetworkFactory.toxic(cfg));
  }

  @Override
  public Dataset<Row> trainingRows(SparkSession spark) {
    return ToxicMultiLabel.encode(shards.read(spark, "train"), cfg.toxic.labels(), cfg.etl.transform());
  }

  @Override
  public JavaRDD<?> batches(Dataset<Row> rows, int batchSize) {
    double[] w = null;
    if (!cfg.toxic.positiveWeights().isEmpty()) {
      w = cfg.toxic.positiveWeights().stream().mapToDouble(Double::doubleValue).toArray();
    }
    return Batches.multiLabel(rows, batchSize, w);
  }

  @Override
  public Validation validate(SparkSession spark, Network net) {
    List<BinaryMetrics> m = Predictor.multiMetrics(spark, net,
        ToxicMultiLabel.encode(shards.read(spark, "validation"), cfg.toxic.labels(), cfg.etl.transform()),
        cfg.toxic.labels().size(), cfg.score.batchSize(), cfg.score.threshold());
    double loss = 0;
    double[] metrics = new double[m.size() + 1];
    for (int k = 0; k < m.size(); k++) {
      loss += m.get(k).logLoss();
      metrics[k + 1] = m.get(k).auc();
    }
    metrics[0] = BinaryMetrics.meanAuc(m);
    return new Validation(loss, metrics);
  }


  @Override
  public List<String> metricNames() {
    List<String> names = new ArrayList<>(List.of("mean_auc"));
    for (String l : cfg.toxic.labels()) names.add("auc_" + l);
    return names;
  }

  @Override
  public void describe(ModelInfo info) {
    info.arch = cfg.model.arch();
    info.network = "graph";
    info.labels = cfg.toxic.labels();
    info.labelField = cfg.toxic.stratifyOn();
    info.etl = cfg.etl.transform();
    info.threshold = cfg.score.threshold();
    info.positiveWeights = cfg.toxic.positiveWeights().isEmpty() ? null : cfg.toxic.positiveWeights();
    info.trainPositiveRates = positiveRates(shards, "train", cfg.toxic.labels());
    info.trainPositiveRate = info.trainPositiveRates.getOrDefault(cfg.toxic.stratifyOn(), Double.NaN);
  }

  /**
   * Per-label positive share of a split, from the manifest's {@code label_counts} (split → label →
   * positives, plus {@code rows}).
   */
  public static Map<String, Double> positiveRates(ShardDirectory shards, String split, List<String> labels) {
    Map<String, Long> c = shards.manifest().labelCounts.getOrDefault(split, Map.of());
    long rows = c.getOrDefault("rows", 0L);
    Map<String, Double> out = new LinkedHashMap<>();
    for (String l : labels) out.put(l, rows == 0 ? Double.NaN : (double) c.getOrDefault(l, 0L) / rows);
    return out;
  }

}
