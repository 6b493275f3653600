package io.charspark.inference;

import io.charspark.schema.BooleanColumn;
import io.charspark.schema.CategoricalColumn;
import io.charspark.schema.FittedColumn;
import io.charspark.schema.FittedSchema;
import io.charspark.schema.OutputColumn;
import io.charspark.schema.TextColumn;
import io.charspark.spark.GpuAssignment;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Typed-schema minibatches. Rows are {@link FittedSchema#transform} output: {@code id}, one {@code
 * f_<name>} per input, then (for training) one {@code y_<name>} per output. Inputs: text {@code [n,
 * max_length]} character indices, categorical {@code [n, 1]} index, numerical/boolean {@code [n,
 * 1]}, timestamp {@code [n, 12]}. Labels: boolean {@code [n, 1]}, categorical one-hot {@code [n,
 * levels + 1]}, numerical {@code [n, 1]} (scaled); every output has a per-example label mask that is
 * 0 where the row's value of that output is missing, so the row teaches the other heads only.
 */
public final class SchemaBatches {
  private SchemaBatches() {}

  /**
   * {@code positiveWeights}: per output, the weight of a positive example of a boolean output (its
   * label mask becomes {@code 1 + (w - 1) * y}, a positive-class weight in binary cross-entropy, as
   * the toxic workload's {@code toxic.positive_weights}); null = every example weighs 1.
   */
  public static JavaRDD<MultiDataSet> of(Dataset<Row> rows, FittedSchema schema, int batchSize,
      double[] positiveWeights) {
    return rows.javaRDD().mapPartitions(new ToMultiDataSets(schema, batchSize, positiveWeights));
  }

  static final class ToMultiDataSets implements FlatMapFunction<Iterator<Row>, MultiDataSet> {
    private final FittedSchema schema;
    private final int batchSize;
    private final double[] weights;

    ToMultiDataSets(FittedSchema schema, int batchSize, double[] weights) {
      this.schema = schema;
      this.batchSize = batchSize;
      this.weights = weights;
    }

    @Override
    public Iterator<MultiDataSet> call(Iterator<Row> it) {
      GpuAssignment.bindCurrentThread();
      return Batches.lazily(it, batchSize, batch -> toMultiDataSet(batch, schema, weights));
    }
  }

  public static MultiDataSet toMultiDataSet(List<Row> batch, FittedSchema schema) {
    return toMultiDataSet(batch, schema, null);
  }

  public static MultiDataSet toMultiDataSet(List<Row> batch, FittedSchema schema, double[] weights) {
    int n = batch.size();
    int first = 1 + schema.inputs.size();
    INDArray[] labels = new INDArray[schema.outputs.size()];
    INDArray[] masks = new INDArray[schema.outputs.size()];
    for (int k = 0; k < schema.outputs.size(); k++) {
      OutputColumn o = schema.outputs.get(k);
      int width = o.labelWidth();
      boolean oneHot = o instanceof CategoricalColumn;
      boolean weighted = weights != null && o instanceof BooleanColumn;
      float[] l = new float[n * width];
      float[] m = new float[n];
      for (int i = 0; i < n; i++) {
        Row r = batch.get(i);
        if (r.isNullAt(first + k)) continue;
        double y = ((Number) r.get(first + k)).doubleValue();
        m[i] = weighted ? (float) (1 + (weights[k] - 1) * y) : 1f;
        if (oneHot) l[i * width + (int) y] = 1f;
        else l[i] = (float) y;
      }
      labels[k] = Nd4j.create(l, new long[] {n, width}, 'c');
      masks[k] = Nd4j.create(m, new long[] {n, 1}, 'c');
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(inputs(batch, schema), labels, null, masks);
  }

  /** The network inputs of a minibatch of transformed rows (column 0 is the id). */
  public static INDArray[] inputs(List<Row> batch, FittedSchema schema) {
    int n = batch.size();
    INDArray[] in = new INDArray[schema.inputs.size()];
    for (int j = 0; j < in.length; j++) {
      FittedColumn c = schema.inputs.get(j);
      int col = 1 + j;
      if (c instanceof TextColumn) {
        in[j] = Predictor.features(batch, col);
        continue;
      }
      int w = c.width();
      float[] buf = new float[n * w];
      for (int i = 0; i < n; i++) {
        Object v = batch.get(i).get(col);
        if (v == null) {
          throw new IllegalStateException("encoded input " + c.name() + " is null in row "
              + batch.get(i).get(0) + " (the fitted transform imputes every missing value)");
        }
        if (v instanceof Number x) {
          buf[i * w] = x.floatValue();
        } else {
          List<?> xs = batch.get(i).getList(col);
          for (int t = 0; t < w; t++) buf[i * w + t] = ((Number) xs.get(t)).floatValue();
        }
      }
      in[j] = Nd4j.create(buf, new long[] {n, w}, 'c');
    }
    return in;
  }
}
