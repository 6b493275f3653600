package io.charspark.train;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.etl.SparkCharEtl;
import io.charspark.eval.BinaryMetrics;
import io.charspark.eval.Predictor;
import io.charspark.model.ModelInfo;
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
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

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
  public ComputationGraph network() {
    ComputationGraph g = new ComputationGraph(NetworkFactory.toxic(cfg));
    g.init();
    return g;
  }

  @Override
  public Dataset<Row> trainingRows(SparkSession spark) {
    return encode(shards.read(spark, "train"), cfg.toxic.labels(), cfg.etl.maxLength(), cfg.etl.keepTail());
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
  public Validation validate(SparkSession spark, Model net) {
    List<BinaryMetrics> m = Predictor.multiMetrics(spark, net,
        encode(shards.read(spark, "validation"), cfg.toxic.labels(), cfg.etl.maxLength(), cfg.etl.keepTail()),
        cfg.toxic.labels().size(), cfg.score.batchSize(), cfg.score.threshold());
    double loss = 0;
    double[] metrics = new double[m.size() + 1];
    for (int k = 0; k < m.size(); k++) {
      loss += m.get(k).logLoss();
      metrics[k + 1] = m.get(k).auc();
    }
    metrics[0] = meanAuc(m);
    return new Validation(loss, metrics);
  }

  /** The competition metric: the unweighted mean of the per-label ROC AUCs. */
  public static double meanAuc(List<BinaryMetrics> m) {
    return m.stream().mapToDouble(BinaryMetrics::auc).average().orElse(Double.NaN);
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
    info.etlMaxLength = cfg.etl.maxLength();
    info.etlTruncate = cfg.etl.truncate();
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

  /**
   * {@code (id, features, labels array<int>)} through the Spark SQL character ETL; {@code labels}
   * is null for rows that are not scored (Kaggle's -1) and for inputs that carry no labels at all.
   */
  public static Dataset<Row> encode(Dataset<Row> rows, List<String> labels, int maxLength, boolean keepTail) {
    List<String> cols = List.of(rows.columns());
    boolean labelled = cols.containsAll(labels);
    Column y;
    if (labelled) {
      Column[] ls = labels.stream().map(l -> col(l).cast("int")).toArray(Column[]::new);
      y = cols.contains("scored") ? when(col("scored"), array(ls)) : array(ls);
    } else {
      y = lit(null).cast(DataTypes.createArrayType(DataTypes.IntegerType));
    }
    return SparkCharEtl.transform(rows.select(col("id"), col("text"), y.as("labels")), "text", "features",
            maxLength, keepTail)
        .select(col("id"), col("features"), col("labels"));
  }
}
