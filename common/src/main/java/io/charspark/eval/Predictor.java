package io.charspark.eval;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Distributed inference: the model is broadcast once as bytes and restored once per partition;
 * rows are scored in minibatches. Input rows: {@code (id string, features array<int>, label int?)};
 * output: {@code (id, probability double, label int?)}.
 */
public final class Predictor {
  public static final StructType OUTPUT =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("probability", DataTypes.DoubleType)
          .add("label", DataTypes.IntegerType);

  private Predictor() {}

  public static byte[] toBytes(MultiLayerNetwork net) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ModelSerializer.writeModel(net, bos, false);
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Scores {@code (id, features, label)} rows; the result is lazy. */
  public static Dataset<Row> predict(
      SparkSession spark, MultiLayerNetwork net, Dataset<Row> rows, int batchSize) {
    Broadcast<byte[]> model =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(toBytes(net));
    JavaRDD<Row> out = rows.javaRDD().mapPartitions(new Score(model, batchSize));
    return spark.createDataFrame(out, OUTPUT);
  }

  /** Metrics of {@code (id, features, label)} rows, merged from per-partition partial results. */
  public static BinaryMetrics metrics(
      SparkSession spark, MultiLayerNetwork net, Dataset<Row> rows, int batchSize, double threshold) {
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

  /** Executor side: restores the network once per partition and scores minibatches. */
  static final class Score implements FlatMapFunction<Iterator<Row>, Row> {
    private final Broadcast<byte[]> model;
    private final int batchSize;

    Score(Broadcast<byte[]> model, int batchSize) {
      this.model = model;
      this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> it) throws Exception {
      io.charspark.spark.GpuAssignment.bindCurrentThread();
      if (!it.hasNext()) return java.util.Collections.emptyIterator();
      MultiLayerNetwork net =
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model.value()), false);
      List<Row> out = new ArrayList<>();
      List<Row> batch = new ArrayList<>(batchSize);
      while (it.hasNext()) {
        batch.add(it.next());
        if (batch.size() == batchSize || !it.hasNext()) {
          INDArray p = net.output(features(batch), false);
          for (int i = 0; i < batch.size(); i++) {
            Row r = batch.get(i);
            out.add(
                RowFactory.create(
                    r.getString(0), p.getDouble(i, 0), r.isNullAt(2) ? null : r.getInt(2)));
          }
          batch.clear();
        }
      }
      return out.iterator();
    }
  }

  /** {@code [n, length]} float matrix of character indices from rows whose column 1 is array<int>. */
  public static INDArray features(List<Row> rows) {
    return features(rows, 1);
  }

  /** {@code [n, length]} float matrix of the {@code array<int>} in column {@code column} of each row. */
  public static INDArray features(List<Row> rows, int column) {
    int n = rows.size();
    int len = rows.get(0).getList(column).size();
    float[] buf = new float[n * len];
    for (int i = 0; i < n; i++) {
      List<Integer> seq = rows.get(i).getList(column);
      for (int t = 0; t < len; t++) buf[i * len + t] = seq.get(t);
    }
    return Nd4j.create(buf, new long[] {n, len}, 'c');
  }

}
