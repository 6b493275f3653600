package io.charspark.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.etl.CharEtl;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Every column type's fitted statistics and encodings against hand-computed values. */
class SchemaTransformsTest extends SparkTestBase {
  static final double EPS = 1e-12;

  /** A one-column DataFrame {@code id, name} of {@code type} holding {@code values}. */
  static Dataset<Row> df(String name, DataType type, Object... values) {
    StructType st = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.LongType, false),
      DataTypes.createStructField(name, type, true)});
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i++) rows.add(RowFactory.create((long) i, values[i]));
    return spark.createDataFrame(rows, st);
  }

  static Schema schema(int maxLevels, int textLength, boolean keepTail) {
    return Schema.of(List.of(), List.of("in"), List.of(), List.of(), List.of(), Map.of("out", ColumnType.BOOLEAN),
        "separate", maxLevels, textLength, keepTail);
  }

  static final Schema S = schema(3, 20, false);

  /** The encoded values of {@code c} on {@code df}, in id order. */
  static List<Object> encoded(FittedColumn c, Dataset<Row> df) {
    List<Object> out = new ArrayList<>();
    for (Row r : df.orderBy("id").select(c.encode()).collectAsList()) out.add(r.get(0));
    return out;
  }

  static List<Object> list(Object... xs) {
    return Arrays.asList(xs);
  }

  // ---- numerical ----

  @Test
  void numericalStandardScalesAndImputesNullAndNanWithTheMean() {
    Dataset<Row> d = df("x", DataTypes.DoubleType, 1.0, 2.0, 3.0, null, Double.NaN);
    NumericalColumn c = (NumericalColumn) ColumnFitter.fit(d, "x", ColumnType.NUMERICAL, false, S);
    double sd = Math.sqrt(2.0 / 3.0);
    assertEquals(2.0, c.mean(), EPS);
    assertEquals(sd, c.std(), EPS);
    assertEquals(5, c.trainRows());
    assertEquals(2, c.trainMissing());
    assertEquals(1, c.width());
    List<Object> v = encoded(c, d);
    assertEquals(-1 / sd, (Double) v.get(0), EPS);
    assertEquals(0.0, (Double) v.get(1), EPS);
    assertEquals(1 / sd, (Double) v.get(2), EPS);
    assertEquals(0.0, (Double) v.get(3)); // null imputed with the mean: exactly 0
    assertEquals(0.0, (Double) v.get(4)); // NaN too
    List<Object> m = d.orderBy("id").select(c.missing()).collectAsList().stream().map(r -> r.get(0)).toList();
    assertEquals(list(false, false, false, true, true), m);
  }

  @Test
  void numericalOutputIsNullWhenMissingAndDecodes() {
    Dataset<Row> d = df("y", DataTypes.IntegerType, 1, 2, 3, null);
    NumericalColumn c = (NumericalColumn) ColumnFitter.fit(d, "y", ColumnType.NUMERICAL, true, S);
    double sd = Math.sqrt(2.0 / 3.0);
    List<Object> v = encoded(c, d);
    assertEquals(-1 / sd, (Double) v.get(0), EPS);
    assertEquals(0.0, (Double) v.get(1), EPS);
    assertNull(v.get(3));
    assertEquals(3.0, c.decode((Double) v.get(2)), EPS);
    assertEquals(2.0, c.decode(0.0), EPS);
  }

  @Test
  void constantNumericalInputGetsStdOne() {
    Dataset<Row> d = df("x", DataTypes.LongType, 5L, 5L, null);
    NumericalColumn c = (NumericalColumn) ColumnFitter.fit(d, "x", ColumnType.NUMERICAL, false, S);
    assertEquals(5.0, c.mean());
    assertEquals(1.0, c.std());
    assertEquals(list(0.0, 0.0, 0.0), encoded(c, d));
  }

  // ---- categorical ----

  @Test
  void categoricalLevelsByCountThenValueCappedWithUnk() {
    // a×3, b×2, c×2, d×1, null: cap 3 keeps a, b, c (b before c on the tie), d is UNK.
    Dataset<Row> d = df("k", DataTypes.StringType, "c", "a", "b", "a", null, "d", "c", "b", "a");
    CategoricalColumn c = (CategoricalColumn) ColumnFitter.fit(d, "k", ColumnType.CATEGORICAL, false, S);
    assertEquals(List.of("a", "b", "c"), c.levels());
    assertEquals(List.of(3L, 2L, 2L), c.levelCounts());
    assertEquals(1L, c.trainUnk());
    assertEquals(1L, c.trainMissing());
    assertEquals(4, c.classes());
    assertEquals(1, c.width());
    assertEquals("<UNK>", c.label(0));
    assertEquals("b", c.label(2));
    assertEquals(list(3, 1, 2, 1, 0, 0, 3, 2, 1), encoded(c, d));

    // Scoring data: an unseen value (e) and d are UNK and counted unseen; null is 0 and counted missing.
    Dataset<Row> s = df("k", DataTypes.StringType, "a", "e", null, "d", "c");
    assertEquals(list(1, 0, 0, 0, 3), encoded(c, s));
    FittedSchema fs = new FittedSchema();
    fs.inputs = List.of(c);
    Map<String, Map<String, Long>> counts = fs.counts(s);
    assertEquals(Map.of("rows", 5L, "missing", 1L, "unseen", 2L), counts.get("k"));
  }

  @Test
  void categoricalOutputKeepsNullAndMapsNonLevelsToUnk() {
    Dataset<Row> d = df("k", DataTypes.StringType, "x", "y", "x", null);
    CategoricalColumn c = (CategoricalColumn) ColumnFitter.fit(d, "k", ColumnType.CATEGORICAL, true, S);
    assertEquals(List.of("x", "y"), c.levels());
    assertEquals(3, c.classes());
    Dataset<Row> s = df("k", DataTypes.StringType, "y", null, "z");
    assertEquals(list(2, null, 0), encoded(c, s));
  }

  @Test
  void categoricalFromIntegersAndBooleansUsesTheirStrings() {
    Dataset<Row> ints = df("k", DataTypes.IntegerType, 7, 5, 5, null);
    CategoricalColumn c = (CategoricalColumn) ColumnFitter.fit(ints, "k", ColumnType.CATEGORICAL, false, S);
    assertEquals(List.of("5", "7"), c.levels());
    assertEquals(list(2, 1, 1, 0), encoded(c, ints));
    Dataset<Row> bools = df("k", DataTypes.BooleanType, true, false, false);
    CategoricalColumn b = (CategoricalColumn) ColumnFitter.fit(bools, "k", ColumnType.CATEGORICAL, false, S);
    assertEquals(List.of("false", "true"), b.levels());
  }

  @Test
  void thousandsOfLevelsLookUpExactly() {
    // 3000 distinct values, value i appearing (i % 3) + 1 times; cap 2500.
    Dataset<Row> d = spark.range(3000)
        .withColumn("k", functions.format_string("v%04d", functions.col("id")))
        .withColumn("rep", functions.expr("sequence(0, cast(id % 3 as int))"))
        .select(functions.col("k"), functions.explode(functions.col("rep")).as("r"))
        .withColumn("id", functions.monotonically_increasing_id());
    Schema s = schema(2500, 20, false);
    CategoricalColumn c = (CategoricalColumn) ColumnFitter.fit(d, "k", ColumnType.CATEGORICAL, false, s);
    assertEquals(2500, c.levels().size());
    // count 3 (i % 3 == 2: 1000 values), then count 2 (1000), then 500 of count 1, by value.
    assertEquals("v0002", c.levels().get(0));
    assertEquals("v2999", c.levels().get(999));
    assertEquals("v0001", c.levels().get(1000));
    assertEquals("v0000", c.levels().get(2000));
    assertEquals("v1497", c.levels().get(2499));
    assertEquals(500L, c.trainUnk());
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (int i = 0; i < 3000; i++) {
      String k = String.format("v%04d", i);
      expected.put(k, c.levels().indexOf(k) + 1);
    }
    expected.put("never", 0);
    List<String> keys = new ArrayList<>(expected.keySet());
    Dataset<Row> probe = spark.createDataset(keys, org.apache.spark.sql.Encoders.STRING()).toDF("k");
    List<Row> got = probe.select(functions.col("k"), c.encode(), c.unseen()).collectAsList();
    assertEquals(3001, got.size());
    int unseen = 0;
    for (Row r : got) {
      assertEquals(expected.get(r.getString(0)), r.getInt(1), r.getString(0));
      assertEquals(expected.get(r.getString(0)) == 0, r.getBoolean(2), r.getString(0));
      if (r.getBoolean(2)) unseen++;
    }
    assertEquals(501, unseen);
    // ANSI mode does not change the lookup (a missing map key is null, not an error).
    spark.conf().set("spark.sql.ansi.enabled", "true");
    try {
      List<Row> ansi = probe.select(c.encode()).collectAsList();
      for (int i = 0; i < keys.size(); i++) assertEquals(expected.get(keys.get(i)), ansi.get(i).getInt(0));
    } finally {
      spark.conf().unset("spark.sql.ansi.enabled");
    }
  }

  // ---- boolean ----

  @Test
  void booleanFromBooleanColumnFillsTheMajority() {
    Dataset<Row> d = df("b", DataTypes.BooleanType, true, true, false, null);
    BooleanColumn c = (BooleanColumn) ColumnFitter.fit(d, "b", ColumnType.BOOLEAN, false, S);
    assertEquals(1, c.fill());
    assertEquals(2L, c.trainPositive());
    assertEquals(1L, c.trainMissing());
    assertEquals(list(1.0, 1.0, 0.0, 1.0), encoded(c, d));
  }

  @Test
  void booleanFromIntegersFillsZeroOnATie() {
    Dataset<Row> d = df("b", DataTypes.IntegerType, 1, 0, 0, null, 1);
    BooleanColumn c = (BooleanColumn) ColumnFitter.fit(d, "b", ColumnType.BOOLEAN, false, S);
    assertEquals(0, c.fill());
    assertEquals(2L, c.trainPositive());
    assertEquals(list(1.0, 0.0, 0.0, 0.0, 1.0), encoded(c, d));
  }

  @Test
  void booleanFromStringsAcceptsTheWordsAndOutputsKeepNull() {
    Dataset<Row> d = df("b", DataTypes.StringType, " Yes", "n", "T", "0", null, "FALSE", "y ", "1");
    BooleanColumn in = (BooleanColumn) ColumnFitter.fit(d, "b", ColumnType.BOOLEAN, false, S);
    assertEquals(4L, in.trainPositive());
    assertEquals(1, in.fill()); // 4 positive, 3 negative
    assertEquals(list(1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0), encoded(in, d));
    BooleanColumn out = (BooleanColumn) ColumnFitter.fit(d, "b", ColumnType.BOOLEAN, true, S);
    assertEquals(list(1, 0, 1, 0, null, 0, 1, 1), encoded(out, d));
  }

  // ---- timestamp ----

  static final double[] PERIODS = {60, 3600, 86400, 604800, 2629746, 31556952};

  static List<Double> cycles(double t) {
    List<Double> out = new ArrayList<>();
    for (double p : PERIODS) {
      double phase = 2 * Math.PI * (((t % p) + p) % p) / p;
      out.add(Math.sin(phase));
      out.add(Math.cos(phase));
    }
    return out;
  }

  static void assertVector(List<Double> expected, Object actual) {
    List<?> a = (List<?>) actual;
    assertEquals(expected.size(), a.size());
    for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), (Double) a.get(i), 1e-9, "element " + i);
  }

  @Test
  void timestampEpochSecondsGiveSinCosOfEachCycle() {
    Dataset<Row> d = df("t", DataTypes.LongType, 0L, 90L, null, -30L);
    TimestampColumn c = (TimestampColumn) ColumnFitter.fit(d, "t", ColumnType.TIMESTAMP, false, S);
    assertEquals(12, c.width());
    assertEquals(List.of("minute", "hour", "day", "week", "month", "year"), new ArrayList<>(c.periods().keySet()));
    assertEquals(2_629_746L, c.periods().get("month"));
    assertEquals(31_556_952L, c.periods().get("year"));
    List<Row> rows = d.orderBy("id").select(c.encode()).collectAsList();
    // t = 0: sin 0, cos 1 for every cycle.
    assertVector(List.of(0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0), rows.get(0).getList(0));
    // t = 90: minute phase 2π·30/60 = π; hour phase 2π·90/3600; day 2π·90/86400 ...
    List<Double> t90 = rows.get(1).getList(0);
    assertEquals(0.0, t90.get(0), 1e-12);
    assertEquals(-1.0, t90.get(1), 1e-12);
    assertEquals(Math.sin(2 * Math.PI * 90 / 3600), t90.get(2), 1e-12);
    assertEquals(Math.cos(2 * Math.PI * 90 / 3600), t90.get(3), 1e-12);
    assertEquals(Math.sin(2 * Math.PI * 90 / 86400), t90.get(4), 1e-12);
    assertEquals(Math.sin(2 * Math.PI * 90 / 31556952), t90.get(10), 1e-12);
    assertVector(cycles(90), t90);
    // missing: all zeros; negative t wraps (pmod): -30 s is half a minute.
    assertVector(java.util.Collections.nCopies(12, 0.0), rows.get(2).getList(0));
    assertVector(cycles(-30), rows.get(3).getList(0));
    assertEquals(-1.0, (Double) rows.get(3).getList(0).get(1), 1e-12);
  }

  @Test
  void timestampAndDateColumnsConvertToEpochSeconds() {
    Dataset<Row> ts = df("t", DataTypes.TimestampType, new Timestamp(90_000L), new Timestamp(1_500L), null);
    TimestampColumn c = (TimestampColumn) ColumnFitter.fit(ts, "t", ColumnType.TIMESTAMP, false, S);
    List<Row> rows = ts.orderBy("id").select(c.encode()).collectAsList();
    assertVector(cycles(90), rows.get(0).getList(0));
    assertVector(cycles(1.5), rows.get(1).getList(0)); // sub-second precision kept
    Dataset<Row> dates = df("t", DataTypes.DateType, Date.valueOf(LocalDate.of(1970, 1, 2)),
        Date.valueOf(LocalDate.of(2024, 2, 29)));
    TimestampColumn dc = (TimestampColumn) ColumnFitter.fit(dates, "t", ColumnType.TIMESTAMP, false, S);
    List<Row> dr = dates.orderBy("id").select(dc.encode()).collectAsList();
    assertVector(cycles(86400), dr.get(0).getList(0));
    assertVector(cycles(LocalDate.of(2024, 2, 29).toEpochDay() * 86400.0), dr.get(1).getList(0));
    // The same model applied to an epoch-seconds column (transform uses the data's actual type).
    FittedSchema fs = new FittedSchema();
    fs.inputs = List.of(c);
    Dataset<Row> longs = df("t", DataTypes.LongType, 90L);
    assertVector(cycles(90), fs.transform(longs, false).first().getList(1));
  }

  // ---- text ----

  static final String[] TEXTS = {"What, are you stalking my edits or something?", null, "  Hello\tWORLD\n\n", "", "a <b> c"};

  @Test
  void textEncodesLikeTheCharEtlTwinBothWays() {
    for (boolean tail : new boolean[] {false, true}) {
      Dataset<Row> d = df("in", DataTypes.StringType, (Object[]) TEXTS);
      TextColumn c = (TextColumn) ColumnFitter.fit(d, "in", ColumnType.TEXT, false, schema(3, 20, tail));
      assertEquals(20, c.width());
      assertEquals(2L, c.trainMissing()); // null and ""
      CharEtl twin = new CharEtl(20, tail);
      List<Object> expected = new ArrayList<>();
      for (String t : TEXTS) expected.add(twin.encodeChars(t));
      assertEquals(expected, encoded(c, d));
    }
  }

  @Test
  void concatTextJoinsTheColumnsSkippingNulls() {
    StructType st = new StructType()
        .add("id", DataTypes.LongType).add("title", DataTypes.StringType).add("body", DataTypes.StringType)
        .add("out", DataTypes.BooleanType);
    String[][] tb = {{"Hello", "World!"}, {null, "x"}, {null, null}, {"a", ""}, {"Long TITLE here", "and a body"}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < tb.length; i++) rows.add(RowFactory.create((long) i, tb[i][0], tb[i][1], i % 2 == 0));
    Dataset<Row> d = spark.createDataFrame(rows, st);
    Schema s = Schema.of(List.of("title", "body"), List.of(), List.of(), List.of(), List.of(),
        Map.of("out", ColumnType.BOOLEAN), "concat", 10, 16, false);
    FittedSchema f = FittedSchema.fit(d, s);
    assertEquals(1, f.inputs.size());
    FittedColumn c = f.inputs.get(0);
    assertEquals("text", c.name());
    assertEquals(List.of("title", "body"), c.sources());
    assertEquals(1L, c.trainMissing());
    List<Row> out = f.transform(d, true).orderBy("id").collectAsList();
    assertEquals(List.of("id", "f_text", "y_out"), Arrays.asList(f.transform(d, true).columns()));
    CharEtl twin = new CharEtl(16, false);
    for (int i = 0; i < tb.length; i++) {
      String joined = String.join(" ", Arrays.stream(tb[i]).filter(x -> x != null).toList());
      assertEquals(twin.encodeChars(joined), out.get(i).getString(1), "row " + i);
    }
    assertEquals("\u0000".repeat(14) + "<>", out.get(2).getString(1));
    assertEquals(Map.of("rows", 5L, "missing", 1L), f.counts(d).get("text"));
  }

  // ---- the whole schema ----

  @Test
  void fittedSchemaTransformsInDeclaredOrder() {
    StructType st = new StructType()
        .add("id", DataTypes.LongType).add("ts", DataTypes.LongType).add("flag", DataTypes.StringType)
        .add("n", DataTypes.DoubleType).add("cat", DataTypes.StringType).add("t", DataTypes.StringType)
        .add("y_num", DataTypes.DoubleType).add("y_cat", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create(1L, 60L, "yes", 1.0, "u", "hi", 1.0, "p"),
        RowFactory.create(2L, 120L, "no", 3.0, "v", "there", 2.0, "q"),
        RowFactory.create(3L, null, null, null, null, null, null, null));
    Dataset<Row> d = spark.createDataFrame(rows, st);
    Map<String, ColumnType> outs = new LinkedHashMap<>();
    outs.put("y_num", ColumnType.NUMERICAL);
    outs.put("y_cat", ColumnType.CATEGORICAL);
    Schema s = Schema.of(List.of("t"), List.of("cat"), List.of("n"), List.of("flag"), List.of("ts"), outs,
        "separate", 5, 8, false);
    assertEquals(List.of("t", "cat", "n", "flag", "ts"), s.inputColumns());
    FittedSchema f = FittedSchema.fit(d, s);
    Dataset<Row> x = f.transform(d, true);
    assertEquals(List.of("id", "f_t", "f_cat", "f_n", "f_flag", "f_ts", "y_y_num", "y_y_cat"), Arrays.asList(x.columns()));
    assertEquals(List.of("id", "f_t", "f_cat", "f_n", "f_flag", "f_ts"), Arrays.asList(f.transform(d.drop("y_num", "y_cat"), false).columns()));
    Row missing = x.where("id = 3").first();
    assertEquals(new CharEtl(8, false).encodeChars(null), missing.getString(1));
    assertEquals(0, missing.getInt(2));
    assertEquals(0.0, missing.getDouble(3));
    assertEquals(0.0, missing.getDouble(4)); // tie 1-1 → fill 0
    assertVector(java.util.Collections.nCopies(12, 0.0), missing.getList(5));
    assertTrue(missing.isNullAt(6));
    assertTrue(missing.isNullAt(7));
    Map<String, Map<String, Long>> counts = f.counts(d);
    assertEquals(List.of("t", "cat", "n", "flag", "ts"), new ArrayList<>(counts.keySet()));
    for (Map<String, Long> m : counts.values()) assertEquals(1L, m.get("missing"));
    assertEquals(0L, counts.get("cat").get("unseen"));
    assertFalse(counts.get("n").containsKey("unseen"));
  }
}
