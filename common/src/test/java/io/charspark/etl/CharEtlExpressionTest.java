package io.charspark.etl;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple3;

/**
 * Golden vectors of the character ETL (SPEC.md §2 and the cases of issue #18) through the Spark
 * expression code-generated, the same expression interpreted, and the Java twin.
 */
class CharEtlExpressionTest extends SparkTestBase {
  @TempDir Path tmp;

  /** A text of exactly 50,000 characters and its cleaned form, known by construction. */
  static final String LONG = "Ab ".repeat(16666) + "Cd";
  static final String LONG_CLEAN = "<" + "ab ".repeat(16666) + "cd>";

  /** {input, steps 1–4 (classifier vocabulary), steps 1–4 keeping \n}. */
  static final String[][] GOLDEN = {
    {"What, are you stalking my edits or something?", "<what, are you stalking my edits or something?>", null},
    {"  Hello\tWORLD\n\n", "<hello world>", "<hello world\n\n>"},
    {"a <b> c", "<a b c>", null},
    {"héllo ☃", "<h llo>", null},
    {"", "<>", null},
    {"\u212Aelvin", "<kelvin>", null},
    {"İstanbul", "<i stanbul>", null},
    {"İ", "<i>", null},
    {"xİy", "<xi y>", null},
    {"ẞ", "<>", null},
    {"Straße ẞIG", "<stra e ig>", null},
    {"e\u0301te cafe\u0301", "<e te cafe>", null},
    {"a\u00a0b\u00a0\u00a0c", "<a b c>", null},
    {"ＡＢＣ abc", "<abc>", null},
    {"\u000b\u000c", "<>", null},
    {"a\u000bb\u000cc\rd", "<a b c d>", null},
    {"a\ud800b", "<a b>", null},
    {"\udfffz\ud83d", "<z>", null},
    {"hi 👨\u200d👩\u200d👧 there🚀", "<hi there>", null},
    {"Tab\u000band\u000cfeed\r\nCRLF", "<tab and feed crlf>", "<tab and feed \ncrlf>"},
    {"  \t\n\r\u00a0\u3000 ", "<>", "<\n>"},
    {"\n a \n", "<a>", "<\n a \n>"},
    {"ıIi", "<ii>", null},
    {"<<>>", "<>", null},
    {"ABC~!`{|}", "<abc~!`{|}>", null},
    {LONG, LONG_CLEAN, null},
  };

  /** {input, length, keepTail, expected character form}: fitting at and around the exact boundary. */
  static final Object[][] FITS = {
    {"Hello", 7, false, "<hello>"},
    {"Hello", 7, true, "<hello>"},
    {"Hello", 6, false, "<hello"},
    {"Hello", 6, true, "hello>"},
    {"Hello", 8, false, "\u0000<hello>"},
    {"Hello", 8, true, "\u0000<hello>"},
    {"Hello", 1, false, "<"},
    {"Hello", 1, true, ">"},
    {"", 2, false, "<>"},
    {"", 1, true, ">"},
    {"", 4, false, "\u0000\u0000<>"},
    {"  a   b  ", 5, false, "<a b>"},
    {"  a   b  ", 4, false, "<a b"},
    {"  a   b  ", 4, true, "a b>"},
    {"  a   b  ", 3, true, " b>"},
    {"  a   b  ", 2, false, "<a"},
    {"  a   b  ", 8, false, "\u0000\u0000\u0000<a b>"},
    {"é".repeat(100) + "X", 10, false, "\u0000".repeat(7) + "<x>"},
    {"İ x", 4, false, "<i x"},
    {"İ x", 4, true, "i x>"},
    {"x İ", 5, false, "<x i>"},
    {"x İ", 4, true, "x i>"},
    {"\u212A\u212A", 3, true, "kk>"},
    {"the force is strong", 20, false, "<the force is strong"},
    {"the force is strong", 21, true, "<the force is strong>"},
    {LONG, 2000, false, LONG_CLEAN.substring(0, 2000)},
    {LONG, 2000, true, LONG_CLEAN.substring(LONG_CLEAN.length() - 2000)},
    {LONG, LONG_CLEAN.length(), false, LONG_CLEAN},
    {LONG, LONG_CLEAN.length() + 1, true, "\u0000" + LONG_CLEAN},
  };

  @Test
  void goldenVectorsOnAllThreePaths() {
    List<String> texts = new ArrayList<>();
    for (String[] g : GOLDEN) texts.add(g[0]);
    Map<String, Column> cols = new LinkedHashMap<>();
    cols.put("clean", SparkCharEtl.clean(col("text")));
    cols.put("clean_nl", SparkCharEtl.clean(col("text"), true));
    cols.put("lm", SparkCharEtl.indices(col("text"), true));
    List<Row> rows = EtlPaths.codegen(spark, tmp, texts, cols);
    for (int i = 0; i < GOLDEN.length; i++) {
      String in = GOLDEN[i][0];
      String clean = GOLDEN[i][1];
      String cleanNl = GOLDEN[i][2] == null ? clean : GOLDEN[i][2];
      String name = "golden " + i + ": " + abbreviate(in);
      assertEquals(clean, CharEtl.clean(in), name + " (twin)");
      assertEquals(cleanNl, CharEtl.clean(in, true), name + " (twin, newline kept)");
      assertEquals(clean, CharEtl.cleanTwoPass(in, false), name + " (regex definition)");
      assertEquals(clean, EtlPaths.interpreted(in, CharEtlExpression.Form.CLEAN, 0, false, false), name + " (interpreted)");
      assertEquals(cleanNl, EtlPaths.interpreted(in, CharEtlExpression.Form.CLEAN, 0, false, true), name + " (interpreted, nl)");
      assertEquals(clean, rows.get(i).getString(0), name + " (codegen)");
      assertEquals(cleanNl, rows.get(i).getString(1), name + " (codegen, nl)");
      assertEquals(EtlPaths.indices(cleanNl), rows.get(i).getList(2), name + " (codegen, lm indices)");
    }
  }

  @Test
  void fittingAtTheBoundaryOnAllThreePaths() {
    List<String> texts = new ArrayList<>();
    Map<String, Column> cols = new LinkedHashMap<>();
    for (int i = 0; i < FITS.length; i++) {
      texts.add((String) FITS[i][0]);
      cols.put("c" + i, SparkCharEtl.encode(col("text"), (Integer) FITS[i][1], (Boolean) FITS[i][2]));
      cols.put("x" + i, SparkCharEtl.encodeIndices(col("text"), (Integer) FITS[i][1], (Boolean) FITS[i][2]));
    }
    List<Row> rows = EtlPaths.codegen(spark, tmp, texts, cols);
    for (int i = 0; i < FITS.length; i++) {
      String in = (String) FITS[i][0];
      int len = (Integer) FITS[i][1];
      boolean tail = (Boolean) FITS[i][2];
      String expected = (String) FITS[i][3];
      String name = "fit " + i + ": " + abbreviate(in) + " to " + len + (tail ? " pre" : " post");
      assertEquals(len, expected.length(), name + " (table)");
      assertEquals(expected, new CharEtl(len, tail).encodeChars(in), name + " (twin)");
      assertEquals(EtlPaths.indices(expected), toList(new CharEtl(len, tail).encode(in)), name + " (twin indices)");
      assertEquals(expected, EtlPaths.interpreted(in, CharEtlExpression.Form.CHARS, len, tail, false), name + " (interpreted)");
      assertEquals(EtlPaths.indices(expected), EtlPaths.interpreted(in, CharEtlExpression.Form.INDICES, len, tail, false),
          name + " (interpreted indices)");
      assertEquals(expected, rows.get(i).getString(2 * i), name + " (codegen)");
      assertEquals(EtlPaths.indices(expected), rows.get(i).getList(2 * i + 1), name + " (codegen indices)");
    }
  }

  @Test
  void theExpressionIsInsideTheWholeStageCodegenStage() {
    List<String> texts = List.of("Hello World", "İstanbul");
    String path = tmp.resolve("cg.parquet").toString();
    spark.createDataset(texts, org.apache.spark.sql.Encoders.STRING()).toDF("text").write().parquet(path);
    Dataset<Row> df = SparkCharEtl.transform(spark.read().parquet(path), "text", "f", 16, false)
        .withColumn("lm", SparkCharEtl.indices(col("text"), true));
    scala.collection.Seq<Tuple3<String, String, org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats>> stages =
        df.queryExecution().debug().codegenToSeq();
    boolean chars = false;
    boolean indices = false;
    for (Tuple3<String, String, ?> s : scala.collection.JavaConverters.seqAsJavaList(stages)) {
      String code = s._2();
      chars |= code.contains("io.charspark.etl.Utf8CharEtl.encodeChars(") && s._1().contains("char_etl(");
      indices |= code.contains("io.charspark.etl.Utf8CharEtl.encodeIndices(") && s._1().contains("char_etl_indices(");
    }
    assertTrue(chars && indices, "generated code of the whole-stage stages: " + stages);
    String plan = df.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("*(1) Project"), plan); // '*' marks a whole-stage code-generated operator
    assertTrue(!plan.toLowerCase(java.util.Locale.ROOT).contains("udf") && !plan.contains("regexp_replace")
        && !plan.contains("lambdafunction"), plan);
    List<Row> rows = df.orderBy("text").collectAsList();
    assertEquals("\u0000".repeat(3) + "<hello world>", rows.get(0).getString(1));
    assertEquals(EtlPaths.indices("<i stanbul>"), rows.get(1).getList(2));
  }

  @Test
  void sqlFunctionsBuildTheSameExpression() {
    Row r = spark.sql("select char_etl('  Hello\tWORLD '), char_etl('Hello', 6, 'pre'), char_etl('Hello', 8),"
        + " char_etl_indices('ab'), char_etl_indices('a\nb', 0, 'post', true), char_etl(cast(null as string)),"
        + " char_etl_indices('Hello', 4, 'PRE')").first();
    assertEquals("<hello world>", r.getString(0));
    assertEquals("hello>", r.getString(1));
    assertEquals("\u0000<hello>", r.getString(2));
    assertEquals(EtlPaths.indices("<ab>"), r.getList(3));
    assertEquals(EtlPaths.indices("<a\nb>"), r.getList(4));
    assertEquals("<>", r.getString(5));
    assertEquals(EtlPaths.indices("llo>"), r.getList(6));
    Exception e = assertThrows(Exception.class, () -> spark.sql("select char_etl('x', 4, 'middle')").collect());
    assertTrue(e.getMessage().contains("truncate must be 'post' or 'pre'"), e.getMessage());
    e = assertThrows(Exception.class, () -> spark.range(1).select(new Column(new CharEtlExpression(
        col("id").expr(), CharEtlExpression.Form.CLEAN, 0, false, false))).collect());
    assertTrue(e.getMessage().contains("needs a string"), e.getMessage());
    e = assertThrows(Exception.class, () -> spark.range(1).selectExpr("char_etl('x', cast(id as int))").collect());
    assertTrue(e.getMessage().contains("max_length must be a non-null literal"), e.getMessage());
    e = assertThrows(Exception.class, () -> spark.sql("select char_etl('x', '8')").collect());
    assertTrue(e.getMessage().contains("max_length must be an int literal"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SparkCharEtl.encode(col("text"), 0, false));
  }

  @Test
  void nullTextIsEmpty() {
    Dataset<Row> df = spark.sql("select cast(null as string) as text");
    Row r = df.select(SparkCharEtl.encode(col("text"), 4, false), SparkCharEtl.clean(col("text")),
        SparkCharEtl.indices(col("text"), false)).first();
    assertEquals("\u0000\u0000<>", r.getString(0));
    assertEquals("<>", r.getString(1));
    assertEquals(List.of(31, 33), r.getList(2));
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
  }

  static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int v : a) l.add(v);
    return l;
  }
}
