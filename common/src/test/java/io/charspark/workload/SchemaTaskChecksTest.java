package io.charspark.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.schema.ColumnType;
import io.charspark.schema.FittedSchema;
import io.charspark.schema.Schema;
import io.charspark.schema.SchemaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** What a typed-schema run checks before training and on --resume. */
class SchemaTaskChecksTest extends SparkTestBase {
  static final StructType ROWS = new StructType()
      .add("id", DataTypes.StringType)
      .add("x", DataTypes.DoubleType)
      .add("a", DataTypes.IntegerType)
      .add("k", DataTypes.StringType);

  static FittedSchema fitted() {
    Dataset<Row> train = spark.createDataFrame(List.of(
        RowFactory.create("1", 1.0, 1, "p"), RowFactory.create("2", 2.0, 0, "q"),
        RowFactory.create("3", 3.0, 1, "p")), ROWS);
    LinkedHashMap<String, ColumnType> outs = new LinkedHashMap<>();
    outs.put("a", ColumnType.BOOLEAN);
    outs.put("k", ColumnType.CATEGORICAL);
    return FittedSchema.fit(train, new Schema(List.of(), List.of(), List.of("x"), List.of(), List.of(), outs,
        "separate", 10, 16, false));
  }

  @Test
  void anOutputWithoutValidationValuesIsAnErrorNamingIt() {
    FittedSchema f = fitted();
    Dataset<Row> val = spark.createDataFrame(List.of(
        RowFactory.create("4", 1.0, null, "p"), RowFactory.create("5", 2.0, null, "zz")), ROWS);
    SchemaException e = assertThrows(SchemaException.class,
        () -> SchemaTask.checkValidation(f.transform(val, true), f));
    assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("validation"), e.getMessage());
    Dataset<Row> ok = spark.createDataFrame(List.of(RowFactory.create("4", 1.0, 0, null)), ROWS);
    SchemaException k = assertThrows(SchemaException.class,
        () -> SchemaTask.checkValidation(f.transform(ok, true), f), "k is missing in the only row");
    assertTrue(k.getMessage().contains("'k'"), k.getMessage());
  }

  @Test
  void categoricalPriorsAreAddOneSmoothed() {
    FittedSchema f = fitted();
    Dataset<Row> train = spark.createDataFrame(List.of(
        RowFactory.create("1", 1.0, 1, "p"), RowFactory.create("2", 2.0, 0, "q"),
        RowFactory.create("3", 3.0, 1, "p")), ROWS);
    Map<String, List<Double>> p = SchemaTask.priors(f.transform(train, true), f);
    assertEquals(2.0 / 3, p.get("a").get(0), 1e-12);
    // classes [UNK, p, q], counts [0, 2, 1] + 1 each over 3 + 3.
    assertEquals(List.of(1.0 / 6, 3.0 / 6, 2.0 / 6), p.get("k"));
  }
}
