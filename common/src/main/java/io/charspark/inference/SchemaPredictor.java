package io.charspark.inference;

import io.charspark.metrics.BinaryMetrics;
import io.charspark.metrics.CategoricalMetrics;
import io.charspark.metrics.RegressionMetrics;
import io.charspark.model.Network;
import io.charspark.schema.FittedSchema;
import io.charspark.schema.OutputColumn;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Distributed inference of a typed-schema graph (broadcast once, restored once per partition,
 * minibatches of {@code batchSize}). Input: {@link FittedSchema#transform} rows; output: {@code id},
 * one {@code p_<output>} per head (boolean: probability; categorical: array of class probabilities,
 * index 0 = UNK; numerical: the prediction in the target's own unit), then the input's {@code
 * y_<output>} columns when present (numerical ones decoded to the target's unit too).
 */
public final class SchemaPredictor {
  private SchemaPredictor() {}

  public static Dataset<Row> predict(SparkSession spark, Network net, FittedSchema schema, Dataset<Row> rows,
      int batchSize) {
    boolean labelled = List.of(rows.columns()).contains("y_" + schema.outputs.get(0).name());
    StructType out = new StructType().add("id", DataTypes.StringType);
    for (OutputColumn o : schema.outputs) out = out.add("p_" + o.name(), o.predictionType(), false);
    if (labelled) {
      for (OutputColumn o : schema.outputs) out = out.add("y_" + o.name(), o.labelType(), true);
    }
    PartitionScorer scorer = PartitionScorer.broadcast(spark, net, batchSize);
    return spark.createDataFrame(rows.javaRDD().mapPartitions(
        it -> scorer.score(it, (m, batch) -> outputs((ComputationGraph) m, batch, schema, labelled))), out);
  }

  /** One minibatch's output rows: {@code id}, the heads' predictions, the labels when present. */
  static List<Row> outputs(ComputationGraph net, List<Row> batch, FittedSchema schema, boolean labelled) {
    int k = schema.outputs.size();
    int first = 1 + schema.inputs.size();
    List<Row> out = new ArrayList<>(batch.size());
    INDArray[] p = net.output(false, SchemaBatches.inputs(batch, schema));
    for (int i = 0; i < batch.size(); i++) {
      Row r = batch.get(i);
      Object[] v = new Object[1 + k * (labelled ? 2 : 1)];
      v[0] = r.get(0);
      for (int j = 0; j < k; j++) {
        OutputColumn o = schema.outputs.get(j);
        double[] head = new double[o.labelWidth()];
        for (int c = 0; c < head.length; c++) head[c] = p[j].getDouble(i, c);
        v[1 + j] = o.prediction(head);
        if (labelled) {
          Object y = r.get(first + j);
          v[1 + k + j] = y == null ? null : o.decodeLabel((Number) y);
        }
      }
      out.add(RowFactory.create(v));
    }
    return out;
  }

  /**
   * Per-output metrics of labelled {@link #predict} rows, merged from per-partition partial results:
   * {@link BinaryMetrics}, {@link CategoricalMetrics} or {@link RegressionMetrics} per output, in
   * order. Rows missing an output's value are left out of that output's metrics. {@code priors}:
   * per output, the train split's positive rate, class frequencies or mean (the naive baselines).
   */
  public static List<Serializable> metrics(Dataset<Row> predictions, FittedSchema schema,
      Map<String, List<Double>> priors, double threshold) {
    int k = schema.outputs.size();
    return predictions.javaRDD().mapPartitions(it -> {
      List<Serializable> m = empty(schema, priors, threshold);
      while (it.hasNext()) {
        Row r = it.next();
        for (int j = 0; j < k; j++) {
          if (r.isNullAt(1 + k + j)) continue;
          Serializable a = m.get(j);
          if (a instanceof BinaryMetrics b) b.add(r.getDouble(1 + j), r.getInt(1 + k + j));
          else if (a instanceof CategoricalMetrics c) {
            List<Double> ps = r.getList(1 + j);
            double[] probs = new double[ps.size()];
            for (int t = 0; t < probs.length; t++) probs[t] = ps.get(t);
            c.add(probs, r.getInt(1 + k + j));
          } else ((RegressionMetrics) a).add(r.getDouble(1 + j), r.getDouble(1 + k + j));
        }
      }
      return List.of(m).iterator();
    }).reduce((a, b) -> {
      List<Serializable> out = new ArrayList<>();
      for (int j = 0; j < a.size(); j++) {
        Serializable x = a.get(j);
        if (x instanceof BinaryMetrics bx) out.add(bx.merge((BinaryMetrics) b.get(j)));
        else if (x instanceof CategoricalMetrics cx) out.add(cx.merge((CategoricalMetrics) b.get(j)));
        else out.add(((RegressionMetrics) x).merge((RegressionMetrics) b.get(j)));
      }
      return out;
    });
  }

  static List<Serializable> empty(FittedSchema schema, Map<String, List<Double>> priors, double threshold) {
    List<Serializable> m = new ArrayList<>();
    for (OutputColumn o : schema.outputs) {
      List<Double> prior = priors.get(o.name());
      m.add(o.<Serializable>match(
          b -> new BinaryMetrics(threshold),
          c -> new CategoricalMetrics(c.classes(), prior.stream().mapToDouble(Double::doubleValue).toArray()),
          n -> new RegressionMetrics(prior.get(0))));
    }
    return m;
  }

  /** Validation loss of one output's metrics: log loss, or the MSE of the standard-scaled target. */
  public static double loss(OutputColumn o, Serializable m) {
    return o.match(
        b -> ((BinaryMetrics) m).logLoss(),
        c -> ((CategoricalMetrics) m).logLoss(),
        n -> {
          double rmse = ((RegressionMetrics) m).rmse() / n.std();
          return rmse * rmse;
        });
  }

  /** The metric shown per epoch for an output: AUC, accuracy or R². */
  public static double headline(Serializable m) {
    if (m instanceof BinaryMetrics b) return b.auc();
    if (m instanceof CategoricalMetrics c) return c.accuracy();
    return ((RegressionMetrics) m).r2();
  }

  public static String headlineName(OutputColumn o) {
    return o.match(b -> "auc_", c -> "accuracy_", n -> "r2_") + o.name();
  }

}
