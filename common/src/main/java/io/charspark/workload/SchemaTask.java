package io.charspark.workload;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.model.ModelInfo;
import io.charspark.schema.BooleanColumn;
import io.charspark.schema.FittedColumn;
import io.charspark.schema.FittedSchema;
import io.charspark.schema.OutputColumn;
import io.charspark.inference.SchemaBatches;
import io.charspark.model.SchemaNetwork;
import io.charspark.inference.SchemaPredictor;
import io.charspark.model.Network;
import io.charspark.schema.SchemaException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A typed-schema model ({@code schema} block, SPEC.md §5): the transforms are fitted on the train
 * split when the task is made — so a column that is absent, of the wrong type, or an output with a
 * single class fails here, before any training — then the general graph of {@link SchemaNetwork} is
 * trained on {@link SchemaBatches}. Validation loss: the sum of the heads' losses (log loss,
 * cross-entropy, MSE of the scaled target); metrics: each head's AUC, accuracy or R².
 */
public final class SchemaTask implements TrainingTask {
  /** The fitted transforms as JSON, kept in the run directory (and the model directory). */
  public static final String FITTED = "schema.json";

  private final CharsparkConfig cfg;
  private final ShardDirectory shards;
  private final FittedSchema fitted;
  private final Map<String, List<Double>> priors;

  public SchemaTask(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards, Consumer<String> log) {
    this.cfg = cfg;
    this.shards = shards;
    spark.sparkContext().setJobGroup("schema-fit", "fit the schema transforms on the train split", false);
    Dataset<Row> train = shards.read(spark, "train");
    this.fitted = FittedSchema.fit(train, cfg.schema);
    this.priors = priors(fitted.transform(train, true), fitted);
    checkValidation(fitted.transform(shards.read(spark, "validation"), true), fitted);
    for (FittedColumn c : fitted.inputs) log.accept("train: schema input  " + describe(c));
    for (FittedColumn c : fitted.outputs) log.accept("train: schema output " + describe(c));
  }

  public FittedSchema fitted() {
    return fitted;
  }

  static String describe(FittedColumn c) {
    return String.format(Locale.ROOT, "%-14s %-11s %s; %d of %d train rows missing", c.name(),
        c.type().configName(), c.describe(), c.trainMissing(), c.trainRows());
  }

  /**
   * Early stopping watches the summed validation loss of every head: an output with no value in any
   * validation row would make it NaN after the first epoch, so it is an error here, naming the output.
   */
  static void checkValidation(Dataset<Row> validation, FittedSchema s) {
    Column[] counts = s.outputs.stream().map(o -> count(FittedColumn.col("y_" + o.name()))).toArray(Column[]::new);
    Row r = validation.agg(counts[0], Arrays.copyOfRange(counts, 1, counts.length)).first();
    List<String> empty = new ArrayList<>();
    for (int k = 0; k < s.outputs.size(); k++) if (r.getLong(k) == 0) empty.add(s.outputs.get(k).name());
    if (!empty.isEmpty()) {
      throw new SchemaException(empty, "output" + (empty.size() > 1 ? "s " : " ")
          + empty.stream().map(n -> "'" + n + "'").toList() + " has no value in any row of the validation split;"
          + " validation (and early stopping) needs labelled rows of every output");
    }
  }

  /**
   * Per output: train positive rate (boolean), class frequencies (categorical; add-one smoothed, so
   * a class absent from train — typically UNK — still has a finite log loss under the prior
   * baseline) or mean (numerical).
   */
  static Map<String, List<Double>> priors(Dataset<Row> train, FittedSchema s) {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    for (OutputColumn o : s.outputs) {
      Column y = FittedColumn.col("y_" + o.name());
      out.put(o.name(), o.match(
          b -> List.of(train.agg(avg(y.cast("double"))).first().getDouble(0)),
          c -> {
            double[] counts = new double[c.classes()];
            Arrays.fill(counts, 1);
            double n = counts.length;
            for (Row r : train.filter(y.isNotNull()).groupBy(y).count().collectAsList()) {
              counts[r.getInt(0)] += r.getLong(1);
              n += r.getLong(1);
            }
            List<Double> p = new ArrayList<>();
            for (double k : counts) p.add(k / n);
            return p;
          },
          n -> List.of(n.mean())));
    }
    return out;
  }

  @Override
  public Network network() {
    return Network.init(SchemaNetwork.graph(fitted, cfg));
  }

  @Override
  public Dataset<Row> trainingRows(SparkSession spark) {
    return fitted.transform(shards.read(spark, "train"), true);
  }

  @Override
  public JavaRDD<?> batches(Dataset<Row> rows, int batchSize) {
    return SchemaBatches.of(rows, fitted, batchSize, positiveWeights());
  }

  /**
   * Toxic workload: {@code toxic.positive_weights} by label for the boolean outputs named after
   * {@code toxic.labels} (1 for any other output); null when off or for other workloads.
   */
  double[] positiveWeights() {
    if (!cfg.isToxic() || cfg.toxic.positiveWeights().isEmpty()) return null;
    double[] w = new double[fitted.outputs.size()];
    for (int k = 0; k < w.length; k++) {
      int j = cfg.toxic.labels().indexOf(fitted.outputs.get(k).name());
      w[k] = j < 0 ? 1.0 : cfg.toxic.positiveWeight(j);
    }
    return w;
  }

  @Override
  public Validation validate(SparkSession spark, Network net) {
    Dataset<Row> p = SchemaPredictor.predict(spark, net, fitted,
        fitted.transform(shards.read(spark, "validation"), true), cfg.score.batchSize());
    List<Serializable> m = SchemaPredictor.metrics(p, fitted, priors, cfg.score.threshold());
    double loss = 0;
    double[] metrics = new double[m.size()];
    for (int k = 0; k < m.size(); k++) {
      loss += SchemaPredictor.loss(fitted.outputs.get(k), m.get(k));
      metrics[k] = SchemaPredictor.headline(m.get(k));
    }
    return new Validation(loss, metrics);
  }

  @Override
  public List<String> metricNames() {
    return fitted.outputs.stream().map(SchemaPredictor::headlineName).toList();
  }

  @Override
  public void describe(ModelInfo info) {
    info.arch = cfg.model.arch();
    info.network = ModelInfo.SCHEMA;
    info.schema = fitted;
    info.outputPriors = priors;
    info.etl = cfg.etl.transform();
    info.threshold = cfg.score.threshold();
    double[] w = positiveWeights();
    if (w != null) info.positiveWeights = Arrays.stream(w).boxed().toList();
    // The raw field the ingest reads as `label` (score parses raw posts with it).
    info.labelField = cfg.isToxic() ? cfg.toxic.stratifyOn() : cfg.input.labelField();
    // The report's "training positive rate": the stratification label's head (toxic) or the first
    // boolean output.
    OutputColumn main = fitted.outputs.stream()
        .filter(o -> o instanceof BooleanColumn && (!cfg.isToxic() || o.name().equals(cfg.toxic.stratifyOn())))
        .findFirst().orElse(null);
    if (main != null) info.trainPositiveRate = priors.get(main.name()).get(0);
  }
}
