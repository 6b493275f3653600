package io.charspark.inference;

import io.charspark.spark.GpuAssignment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns ETL'd rows {@code (features array<int>, label int)} into DL4J minibatches of
 * {@code batchSize} examples (the last one of a partition may be smaller): features
 * {@code [n, length]}, labels {@code [n, 1]}.
 */
public final class Batches {
  private Batches() {}

  public static JavaRDD<DataSet> of(Dataset<Row> rows, int batchSize) {
    return rows.select("features", "label").javaRDD().mapPartitions(new ToDataSets(batchSize, 0));
  }

  /** Labels one-hot over {@code classes} (the language model's next character). */
  public static JavaRDD<DataSet> oneHot(Dataset<Row> rows, int batchSize, int classes) {
    return rows.select("features", "label").javaRDD().mapPartitions(new ToDataSets(batchSize, classes));
  }

  /**
   * Multi-task minibatches of {@code (features array<int>, labels array<int>)} rows: features
   * {@code [n, length]}, one {@code [n, 1]} label array per output. With {@code positiveWeights}
   * (one per output, or null), each output also gets a label mask {@code 1 + (w - 1) * y}: DL4J
   * multiplies per-example loss and gradient by the mask, so a positive example of that output
   * weighs {@code w} and a negative one 1 — a positive-class weight in binary cross-entropy.
   */
  public static JavaRDD<MultiDataSet> multiLabel(Dataset<Row> rows, int batchSize, double[] positiveWeights) {
    return rows.select("features", "labels").javaRDD()
        .mapPartitions(new ToMultiDataSets(batchSize, positiveWeights));
  }

  static final class ToMultiDataSets implements FlatMapFunction<Iterator<Row>, MultiDataSet> {
    private final int batchSize;
    private final double[] weights;

    ToMultiDataSets(int batchSize, double[] weights) {
      this.batchSize = batchSize;
      this.weights = weights;
    }

    @Override
    public Iterator<MultiDataSet> call(Iterator<Row> it) {
      GpuAssignment.bindCurrentThread();
      return lazily(it, batchSize, batch -> toMultiDataSet(batch, weights));
    }
  }

  static MultiDataSet toMultiDataSet(List<Row> batch, double[] weights) {
    int n = batch.size();
    int k = batch.get(0).getList(1).size();
    float[][] l = new float[k][n];
    for (int i = 0; i < n; i++) {
      List<Integer> y = batch.get(i).getList(1);
      if (y.size() != k) throw new IllegalArgumentException("rows have " + y.size() + " and " + k + " labels");
      for (int j = 0; j < k; j++) l[j][i] = y.get(j);
    }
    INDArray[] labels = new INDArray[k];
    INDArray[] masks = weights == null ? null : new INDArray[k];
    for (int j = 0; j < k; j++) {
      labels[j] = Nd4j.create(l[j], new long[] {n, 1}, 'c');
      if (masks != null) {
        float[] m = new float[n];
        for (int i = 0; i < n; i++) m[i] = 1f + (float) (weights[j] - 1) * l[j][i];
        masks[j] = Nd4j.create(m, new long[] {n, 1}, 'c');
      }
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {Predictor.features(batch, 0)}, labels, null, masks);
  }

  static final class ToDataSets implements FlatMapFunction<Iterator<Row>, DataSet> {
    private final int batchSize;
    private final int classes;

    /** {@code classes == 0}: binary labels {@code [n, 1]}; otherwise one-hot {@code [n, classes]}. */
    ToDataSets(int batchSize, int classes) {
      this.batchSize = batchSize;
      this.classes = classes;
    }

    @Override
    public Iterator<DataSet> call(Iterator<Row> it) {
      GpuAssignment.bindCurrentThread();
      return lazily(it, batchSize, batch -> toDataSet(batch, classes));
    }
  }

  /**
   * Minibatches of up to {@code batchSize} rows, built one per {@code next()}: a partition never
   * sits in ND4J memory whole.
   */
  public static <T> Iterator<T> lazily(Iterator<Row> it, int batchSize, java.util.function.Function<List<Row>, T> build) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        if (!it.hasNext()) throw new java.util.NoSuchElementException();
        List<Row> batch = new ArrayList<>(batchSize);
        while (it.hasNext() && batch.size() < batchSize) batch.add(it.next());
        return build.apply(batch);
      }
    };
  }

  static DataSet toDataSet(List<Row> batch, int classes) {
    int n = batch.size();
    int width = classes == 0 ? 1 : classes;
    float[] l = new float[n * width];
    for (int i = 0; i < n; i++) {
      int y = batch.get(i).getInt(1);
      if (classes == 0) l[i] = y;
      else l[i * width + y] = 1f;
    }
    return new DataSet(
        Predictor.features(batch, 0), Nd4j.create(l, new long[] {n, width}, 'c'));
  }
}
