package io.charspark.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charspark.SparkTestBase;
import io.charspark.inference.SchemaBatches;
import io.charspark.schema.ColumnType;
import io.charspark.schema.FittedSchema;
import io.charspark.schema.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Minibatches of transformed rows: input arrays, one-hot labels, masks for missing outputs, weights. */
class SchemaBatchesTest extends SparkTestBase {
  static final StructType ROWS = new StructType()
      .add("id", DataTypes.StringType)
      .add("size", DataTypes.DoubleType)
      .add("ts", DataTypes.LongType)
      .add("flag", DataTypes.IntegerType)
      .add("kind", DataTypes.StringType);

  @Test
  void labelsMasksAndPositiveWeights() {
    Dataset<Row> df = spark.createDataFrame(List.of(
        RowFactory.create("a", 1.0, 0L, 1, "x"),
        RowFactory.create("b", 3.0, 90L, 0, "y"),
        RowFactory.create("c", null, 0L, null, "x"),
        RowFactory.create("d", 2.0, 0L, 1, null)), ROWS);
    LinkedHashMap<String, ColumnType> outs = new LinkedHashMap<>();
    outs.put("flag", ColumnType.BOOLEAN);
    outs.put("kind", ColumnType.CATEGORICAL);
    Schema schema = new Schema(List.of(), List.of(), List.of("size"), List.of(), List.of("ts"), outs,
        "separate", 10, 16, false);
    FittedSchema f = FittedSchema.fit(df, schema);
    List<Row> rows = f.transform(df, true).orderBy("id").collectAsList();

    MultiDataSet m = SchemaBatches.toMultiDataSet(rows, f, new double[] {5, 7});
    // size: mean 2, population std sqrt(2/3); the missing size of c is imputed to the mean → 0.
    double sd = Math.sqrt(2.0 / 3);
    assertArrayEquals(new float[] {(float) (-1 / sd), (float) (1 / sd), 0f, 0f},
        m.getFeatures(0).reshape(4).toFloatVector(), 1e-6f);
    assertArrayEquals(new long[] {4, 12}, m.getFeatures(1).shape(), "12 sin/cos values per timestamp");
    assertEquals(-1.0, m.getFeatures(1).getDouble(1, 1), 1e-9, "t = 90 s: cos of the minute phase π");
    // flag: y = 1, 0, missing, 1 → masks 5 (positive weight), 1, 0 (missing), 5.
    assertArrayEquals(new float[] {1, 0, 0, 1}, m.getLabels(0).reshape(4).toFloatVector());
    assertArrayEquals(new float[] {5, 1, 0, 5}, m.getLabelsMaskArray(0).reshape(4).toFloatVector());
    // kind: levels x (2 rows), y → one-hot over [UNK, x, y]; the weight applies to booleans only.
    assertArrayEquals(new long[] {4, 3}, m.getLabels(1).shape());
    assertArrayEquals(new float[] {0, 1, 0}, m.getLabels(1).getRow(0).toFloatVector());
    assertArrayEquals(new float[] {0, 0, 1}, m.getLabels(1).getRow(1).toFloatVector());
    assertArrayEquals(new float[] {1, 1, 1, 0}, m.getLabelsMaskArray(1).reshape(4).toFloatVector());

    MultiDataSet plain = SchemaBatches.toMultiDataSet(rows, f);
    assertArrayEquals(new float[] {1, 1, 0, 1}, plain.getLabelsMaskArray(0).reshape(4).toFloatVector());
  }
}
