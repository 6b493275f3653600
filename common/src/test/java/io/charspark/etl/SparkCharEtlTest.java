package io.charspark.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The Spark SQL ETL against its plain-Java twin: golden vectors and many random strings. */
class SparkCharEtlTest extends SparkTestBase {
  static final String[] GOLDEN = {
    "What, are you stalking my edits or something?", "  Hello\tWORLD\n\n", "a <b> c", "héllo ☃", ""
  };

  private List<Row> run(List<String> texts, int len, boolean tail) {
    Dataset<Row> df = spark.createDataset(texts, Encoders.STRING()).toDF("text");
    return SparkCharEtl.transform(df, "text", "features", len, tail)
        .withColumn("clean", SparkCharEtl.clean(df.col("text")))
        .withColumn("indices", SparkCharEtl.encodeIndices(df.col("text"), len, tail))
        .collectAsList();
  }

  @Test
  void goldenVectorsAgreeWithTheTwin() {
    List<Row> rows = run(List.of(GOLDEN), 60, false);
    assertEquals("<what, are you stalking my edits or something?>", rows.get(0).getString(2));
    assertEquals("<hello world>", rows.get(1).getString(2));
    assertEquals("<a b c>", rows.get(2).getString(2));
    assertEquals("<h llo>", rows.get(3).getString(2));
    assertEquals("<>", rows.get(4).getString(2));
    CharEtl twin = new CharEtl(60, false);
    for (int i = 0; i < GOLDEN.length; i++) {
      assertEquals(twin.encodeChars(GOLDEN[i]), rows.get(i).getString(1), GOLDEN[i]);
      assertEquals(toList(twin.encode(GOLDEN[i])), toList(CharEtl.indicesOf(rows.get(i).getString(1))), GOLDEN[i]);
      assertEquals(toList(twin.encode(GOLDEN[i])), rows.get(i).getList(3), GOLDEN[i]);
    }
    // Pre-padding in character form: 60 - 13 pads, then "<hello world>".
    assertEquals("\u0000".repeat(47) + "<hello world>", rows.get(1).getString(1));
  }

  @Test
  void randomStringsAgreeWithTheTwinForBothTruncationSides() {
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> texts = new ArrayList<>();
    String alphabet = "abcXYZ <>\t\n\r\u000b\u000c\u0000\u001f~!?.,é☃ßİΣ日本🚀\u00a0\u2003\u200b";
    int[] alphabetCps = alphabet.codePoints().toArray();
    for (int i = 0; i < 400; i++) {
      int n = i % 50 == 0 ? 3000 + rnd.nextInt(2000) : rnd.nextInt(80);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < n; k++) {
        if (rnd.nextInt(10) == 0) {
          // Any code point that UTF-8 text can hold (lone surrogates cannot reach Spark intact).
          int cp = rnd.nextInt(0x20000);
          sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 'q' : cp);
        } else sb.appendCodePoint(alphabetCps[rnd.nextInt(alphabetCps.length)]);
      }
      texts.add(sb.toString());
    }
    for (boolean tail : new boolean[] {false, true}) {
      List<Row> rows = run(texts, 64, tail);
      CharEtl twin = new CharEtl(64, tail);
      int differ = 0;
      for (int i = 0; i < texts.size(); i++) {
        String t = texts.get(i);
        if (!CharEtl.clean(t).equals(rows.get(i).getString(2))) differ++;
        else if (!twin.encodeChars(t).equals(rows.get(i).getString(1))) differ++;
        else if (!toList(twin.encode(t)).equals(toList(CharEtl.indicesOf(rows.get(i).getString(1))))) differ++;
        else if (!toList(twin.encode(t)).equals(rows.get(i).getList(3))) differ++;
        assertEquals(64, rows.get(i).getString(1).length());
      }
      assertEquals(0, differ, "rows where Spark and the twin disagree (keepTail=" + tail + ")");
    }
  }

  @Test
  void nullTextIsEmptyAndSchemaIsChecked() {
    Dataset<Row> df = spark.sql("select cast(null as string) as text, 1 as n");
    List<Row> rows = SparkCharEtl.transform(df, "text", "features", 4, false).collectAsList();
    assertEquals(List.of(98, 98, 31, 33), toList(CharEtl.indicesOf(rows.get(0).getString(2))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SparkCharEtl.transform(df, "nope", "f", 4, false));
    assertTrue(e.getMessage().contains("nope"));
    e = assertThrows(IllegalArgumentException.class, () -> SparkCharEtl.transform(df, "n", "f", 4, false));
    assertTrue(e.getMessage().contains("must be a string"));
    e = assertThrows(IllegalArgumentException.class, () -> SparkCharEtl.transform(df, "text", "n", 4, false));
    assertTrue(e.getMessage().contains("already exists"));
  }

  @Test
  void planHasNoUserDefinedFunction() {
    Dataset<Row> df = spark.createDataset(List.of("x"), Encoders.STRING()).toDF("text");
    String plan =
        SparkCharEtl.transform(df, "text", "features", 8, false).queryExecution().executedPlan().toString();
    assertTrue(!plan.toLowerCase().contains("udf"), plan);
    // No higher-order function either (interpreted, per element): the ETL stays string expressions.
    assertTrue(!plan.contains("lambdafunction") && !plan.contains("transform("), plan);
  }

  static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int v : a) l.add(v);
    return l;
  }
}
