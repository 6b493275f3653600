package io.charspark.inference;

import io.charspark.etl.CharEtl;
import io.charspark.etl.SparkCharEtl;
import io.charspark.metrics.BinaryMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import io.charspark.model.Nets;
import io.charspark.model.Network;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Distributed inference: the model is broadcast once as bytes and restored once per partition;
 * rows are scored in minibatches. Input rows: {@code (id string, features array<int>, label int?)};
 * output: {@code (id, probability double, label int?)} — or, for a multi-output network, {@code
 * (id, features, labels array<int>?)} → {@code (id, probabilities array<double>, labels)}.
 */
public final class Predictor {
  public static final StructType OUTPUT =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("probability", DataTypes.DoubleType)
          .add("label", DataTypes.IntegerType);

  /** Multi-label output: one probability per label, the known labels (null when unscored). */
  public static final StructType MULTI_OUTPUT =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false))
          .add("labels", DataTypes.createArrayType(DataTypes.IntegerType, false), true);

  private Predictor() {}

  /** Scores {@code (id, features, label)} rows with a one-output network; the result is lazy. */
  public static Dataset<Row> predict(SparkSession spark, Network net, Dataset<Row> rows, int batchSize) {
    return spark.createDataFrame(scoreRdd(spark, net, rows, batchSize, false), OUTPUT);
  }

  /**
   * Scores {@code (id, features, labels array<int>?)} rows with a multi-output network (one
   * probability per output, in output order); the result ({@link #MULTI_OUTPUT}) is lazy.
   */
  public static Dataset<Row> predictMulti(SparkSession spark, Network net, Dataset<Row> rows, int batchSize) {
    return spark.createDataFrame(scoreRdd(spark, net, rows, batchSize, true), MULTI_OUTPUT);
  }

  private static JavaRDD<Row> scoreRdd(
      SparkSession spark, Network net, Dataset<Row> rows, int batchSize, boolean multi) {
    PartitionScorer scorer = PartitionScorer.broadcast(spark, net, batchSize);
    return rows.javaRDD().mapPartitions(it -> scorer.score(it, (m, batch) -> outputs(m, batch, multi)));
  }

  /** Metrics of {@code (id, features, label)} rows, merged from per-partition partial results. */
  public static BinaryMetrics metrics(
      SparkSession spark, Network net, Dataset<Row> rows, int batchSize, double threshold) {
    return predict(spark, net, rows, batchSize)
        .javaRDD()
        .mapPartitions(
            it -> {
              BinaryMetrics m = new BinaryMetrics(threshold);
              while (it.hasNext()) {
                Row r = it.next();
                m.add(r.getDouble(1), r.getInt(2));
              }
              return List.of(m).iterator();
            })
        .reduce(BinaryMetrics::merge);
  }

  /**
   * Per-output metrics of {@code (id, features, labels array<int>)} rows (rows whose labels are
   * null are skipped), merged from per-partition partial results; one entry per output, in order.
   */
  public static List<BinaryMetrics> multiMetrics(
      SparkSession spark, Network net, Dataset<Row> rows, int outputs, int batchSize, double threshold) {
    return multiMetrics(predictMulti(spark, net, rows, batchSize), outputs, threshold);
  }

  /** Per-column metrics of {@link #MULTI_OUTPUT} rows (rows without labels are skipped). */
  public static List<BinaryMetrics> multiMetrics(Dataset<Row> predictions, int outputs, double threshold) {
    return predictions
        .javaRDD()
        .mapPartitions(
            it -> {
              List<BinaryMetrics> m = new ArrayList<>();
              for (int k = 0; k < outputs; k++) m.add(new BinaryMetrics(threshold));
              while (it.hasNext()) {
                Row r = it.next();
                if (r.isNullAt(2)) continue;
                List<Double> p = r.getList(1);
                List<Integer> y = r.getList(2);
                for (int k = 0; k < outputs; k++) m.get(k).add(p.get(k), y.get(k));
              }
              return List.of(m).iterator();
            })
        .reduce(
            (a, b) -> {
              List<BinaryMetrics> out = new ArrayList<>();
              for (int k = 0; k < a.size(); k++) out.add(a.get(k).merge(b.get(k)));
              return out;
            });
  }

  /** One minibatch's output rows ({@link #OUTPUT} or {@link #MULTI_OUTPUT}). */
  static List<Row> outputs(Model net, List<Row> batch, boolean multi) {
    INDArray p = Nets.output(net, features(batch));
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) out.add(row(batch.get(i), p, i, multi));
    return out;
  }

  private static Row row(Row r, INDArray p, int i, boolean multi) {
    if (!multi) {
      return RowFactory.create(r.getString(0), p.getDouble(i, 0), r.isNullAt(2) ? null : r.getInt(2));
    }
    int k = (int) p.size(1);
    double[] probs = new double[k];
    for (int j = 0; j < k; j++) probs[j] = p.getDouble(i, j);
    Object labels = r.length() > 2 && !r.isNullAt(2) ? r.getList(2).toArray(new Integer[0]) : null;
    return RowFactory.create(r.getString(0), probs, labels);
  }

  /** {@code [n, length]} float matrix of character indices from rows whose column 1 is the encoded text. */
  public static INDArray features(List<Row> rows) {
    return features(rows, 1);
  }

  /**
   * {@code [n, length]} float matrix of the sequences in column {@code column}: character-form
   * strings ({@link SparkCharEtl#encode}; step 5 of the ETL happens here, one
   * lookup per character) or {@code array<int>} of indices (the language model's pairs).
   */
  public static INDArray features(List<Row> rows, int column) {
    int n = rows.size();
    Object first = rows.get(0).get(column);
    if (first instanceof String s0) {
      int len = s0.length();
      float[] buf = new float[n * len];
      for (int i = 0; i < n; i++) {
        String s = rows.get(i).getString(column);
        if (s.length() != len) throw new IllegalArgumentException("sequences of " + len + " and " + s.length() + " characters in one minibatch");
        for (int t = 0; t < len; t++) buf[i * len + t] = CharEtl.index(s.charAt(t));
      }
      return Nd4j.create(buf, new long[] {n, len}, 'c');
    }
    int len = rows.get(0).getList(column).size();
    float[] buf = new float[n * len];
    for (int i = 0; i < n; i++) {
      List<Integer> seq = rows.get(i).getList(column);
      for (int t = 0; t < len; t++) buf[i * len + t] = seq.get(t);
    }
    return Nd4j.create(buf, new long[] {n, len}, 'c');
  }
}
