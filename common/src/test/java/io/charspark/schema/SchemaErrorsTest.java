package io.charspark.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Declarations that contradict themselves or the data fail with a SchemaException naming the column. */
class SchemaErrorsTest extends SparkTestBase {

  static SchemaException fails(String column, Executable e, String... fragments) {
    SchemaException x = assertThrows(SchemaException.class, e);
    String m = x.getMessage();
    assertTrue(m.contains("'" + column + "'"), m);
    assertEquals(column, x.column(), m);
    for (String f : fragments) assertTrue(m.contains(f), "missing '" + f + "' in: " + m);
    return x;
  }

  static Schema schema(List<String> text, List<String> cat, List<String> num, List<String> bool, List<String> ts,
      Map<String, ColumnType> outs) {
    return Schema.of(text, cat, num, bool, ts, outs, "separate", 10, 16, false);
  }

  static final Schema ANY = schema(List.of("t"), List.of(), List.of(), List.of(), List.of(),
      Map.of("y", ColumnType.BOOLEAN));

  /** id, title (string), score (double), n (int), flag (string), y (int), when (string), yc (string), yn (double). */
  static Dataset<Row> data() {
    StructType st = new StructType().add("id", DataTypes.LongType).add("title", DataTypes.StringType)
        .add("score", DataTypes.DoubleType).add("n", DataTypes.IntegerType).add("flag", DataTypes.StringType)
        .add("y", DataTypes.IntegerType).add("when", DataTypes.StringType).add("yc", DataTypes.StringType)
        .add("yn", DataTypes.DoubleType).add("empty", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(1L, "Luke, I am your father and this is long", 1.5, 2, "yes", 1, "2020-01-01", "a", 3.0, null));
    rows.add(RowFactory.create(2L, "spoilers", 2.5, 7, "maybe", 1, null, "a", 3.0, null));
    rows.add(RowFactory.create(3L, null, null, 0, "maybe", null, null, null, null, null));
    rows.add(RowFactory.create(4L, "x", 0.5, 1, "no", 1, null, "a", 3.0, null));
    return spark.createDataFrame(rows, st);
  }

  @Test
  void absentColumn() {
    fails("nope", () -> ColumnFitter.fit(data(), "nope", ColumnType.NUMERICAL, false, ANY),
        "declared numerical in schema but the data has no such column", "columns are [id, title");
  }

  @Test
  void textDeclaredNumerical() {
    fails("title", () -> ColumnFitter.fit(data(), "title", ColumnType.NUMERICAL, false, ANY),
        "declared numerical but holds string values", "(e.g. 'Luke, I am", "declare it text or categorical");
  }

  @Test
  void floatDeclaredCategorical() {
    fails("score", () -> ColumnFitter.fit(data(), "score", ColumnType.CATEGORICAL, false, ANY),
        "declared categorical but holds double values", "declare it numerical");
  }

  @Test
  void numberDeclaredText() {
    fails("n", () -> ColumnFitter.fit(data(), "n", ColumnType.TEXT, false, ANY), "declared text but holds int");
  }

  @Test
  void stringDeclaredTimestamp() {
    fails("when", () -> ColumnFitter.fit(data(), "when", ColumnType.TIMESTAMP, false, ANY),
        "declared timestamp but holds string values", "epoch seconds");
  }

  @Test
  void badBooleanValues() {
    fails("flag", () -> ColumnFitter.fit(data(), "flag", ColumnType.BOOLEAN, false, ANY),
        "holds the value 'maybe'", "2 rows have values other than true/false");
    fails("n", () -> ColumnFitter.fit(data(), "n", ColumnType.BOOLEAN, false, ANY),
        "holds the value '2'", "2 rows have values other than 0/1");
    fails("score", () -> ColumnFitter.fit(data(), "score", ColumnType.BOOLEAN, false, ANY), "declare it numerical");
  }

  @Test
  void singleClassBooleanOutput() {
    fails("y", () -> ColumnFitter.fit(data(), "y", ColumnType.BOOLEAN, true, ANY),
        "output 'y' has a single class in the train split (all 3 labelled rows are 1)");
  }

  @Test
  void singleClassCategoricalOutput() {
    fails("yc", () -> ColumnFitter.fit(data(), "yc", ColumnType.CATEGORICAL, true, ANY),
        "single class in the train split (all 3 labelled rows are 'a')");
  }

  @Test
  void constantNumericalOutput() {
    fails("yn", () -> ColumnFitter.fit(data(), "yn", ColumnType.NUMERICAL, true, ANY),
        "zero variance in the train split (all 3 labelled rows are 3.0)");
  }

  @Test
  void allMissingColumn() {
    fails("empty", () -> ColumnFitter.fit(data(), "empty", ColumnType.NUMERICAL, false, ANY),
        "no values in the train split (all 4 rows are missing)");
  }

  @Test
  void everyTypeProblemIsReportedAtOnce() {
    Schema s = schema(List.of("title"), List.of("score"), List.of("nope"), List.of(), List.of(),
        Map.of("y", ColumnType.BOOLEAN));
    SchemaException x = fails("score", () -> FittedSchema.fit(data(), s), "2 problems", "'nope'");
    assertEquals(List.of("score", "nope"), x.columns());
  }

  @Test
  void duplicateColumns() {
    fails("a", () -> schema(List.of("a"), List.of("a"), List.of(), List.of(), List.of(), Map.of("y", ColumnType.BOOLEAN)),
        "declared twice", "text input", "categorical input");
    fails("y", () -> schema(List.of(), List.of(), List.of("y"), List.of(), List.of(), Map.of("y", ColumnType.NUMERICAL)),
        "numerical input and as numerical output");
    fails("b", () -> schema(List.of(), List.of(), List.of(), List.of("b", "b"), List.of(), Map.of("y", ColumnType.BOOLEAN)),
        "declared twice");
  }

  @Test
  void invalidDeclarations() {
    fails("y", () -> schema(List.of("t"), List.of(), List.of(), List.of(), List.of(), Map.of("y", ColumnType.TEXT)),
        "output 'y' is declared text");
    fails("y", () -> schema(List.of("t"), List.of(), List.of(), List.of(), List.of(), Map.of("y", ColumnType.TIMESTAMP)));
    assertTrue(assertThrows(SchemaException.class,
        () -> schema(List.of("t"), List.of(), List.of(), List.of(), List.of(), Map.of())).getMessage().contains("no output"));
    assertTrue(assertThrows(SchemaException.class,
        () -> schema(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of("y", ColumnType.BOOLEAN)))
        .getMessage().contains("no input"));
    assertTrue(assertThrows(SchemaException.class, () -> Schema.of(List.of("t"), null, null, null, null,
        Map.of("y", ColumnType.BOOLEAN), "joined", 10, 16, false)).getMessage().contains("separate or concat"));
    assertTrue(assertThrows(SchemaException.class, () -> Schema.of(List.of("t"), null, null, null, null,
        Map.of("y", ColumnType.BOOLEAN), "separate", 0, 16, false)).getMessage().contains("max levels"));
    fails("text", () -> Schema.of(List.of("title", "body"), List.of("text"), null, null, null,
        Map.of("y", ColumnType.BOOLEAN), "concat", 10, 16, false), "clashes");
    IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> ColumnType.parse("float"));
    assertTrue(p.getMessage().contains("'float'") && p.getMessage().contains("text, categorical, numerical, boolean, timestamp"),
        p.getMessage());
    assertEquals(ColumnType.BOOLEAN, ColumnType.parse(" Boolean "));
    fails("zzz", () -> ANY.typeOf("zzz"), "not declared");
  }

  @Test
  void transformNeedsIdAndOutputs() {
    Map<String, ColumnType> outs = new LinkedHashMap<>();
    outs.put("yn", ColumnType.NUMERICAL);
    Schema s = schema(List.of("title"), List.of(), List.of("score"), List.of(), List.of(), outs);
    Dataset<Row> d = data().where("id != 4");
    FittedSchema f = FittedSchema.fit(data().withColumn("yn", org.apache.spark.sql.functions.col("score")), s);
    fails("yn", () -> f.transform(d.drop("yn"), true), "no such column");
    f.transform(d.drop("yn"), false); // inputs only: fine
    fails("id", () -> f.transform(d.drop("id"), false), "no 'id' column");
    fails("score", () -> f.transform(d.withColumn("score", d.col("title")), false), "holds string values");
  }
}
