package io.charspark.etl;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charspark.SparkTestBase;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's own answer as the oracle: {@code etl/python-reference.jsonl}, ≥ 10,000 random strings
 * over all of Unicode with the output of Python's {@code str.lower}, {@code string.printable} and
 * {@code re} ({@code scripts/etl_reference.py}, fixed seed). The code-generated Spark expression,
 * the interpreted expression and the Java twin must give exactly Python's output on every string,
 * under the default locale and under a Turkish one (where {@code "I".toLowerCase()} is {@code ı}).
 */
class EtlPythonReferenceTest extends SparkTestBase {
  /** Lengths the code-generated path fits every string to (both sides), around typical lengths. */
  static final int[] LENGTHS = {1, 2, 5, 12, 30, 64};

  @TempDir Path tmp;

  record Case(String text, String clean, String cleanNl, int length, boolean tail, String chars) {}

  static List<Case> cases;

  @BeforeAll
  static void load() throws Exception {
    ObjectMapper json = new ObjectMapper();
    cases = new ArrayList<>();
    try (InputStream in = EtlPythonReferenceTest.class.getResourceAsStream("/etl/python-reference.jsonl");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      JsonNode header = json.readTree(r.readLine());
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode n = json.readTree(line);
        String clean = n.get("clean").asText();
        cases.add(new Case(n.get("text").asText(), clean, n.has("clean_nl") ? n.get("clean_nl").asText() : clean,
            n.get("length").asInt(), n.get("truncate").asText().equals("pre"), n.get("chars").asText()));
      }
      assertEquals(header.get("count").asInt(), cases.size(), "cases in the reference file");
    }
    assertTrue(cases.size() >= 10_000, "cases: " + cases.size());
    assertTrue(cases.stream().anyMatch(c -> c.text().chars().anyMatch(ch -> Character.isSurrogate((char) ch))), "surrogates drawn");
    assertTrue(cases.stream().anyMatch(c -> c.text().contains("\u0130")), "U+0130 drawn");
    assertTrue(cases.stream().anyMatch(c -> c.text().contains("\u212A")), "U+212A drawn");
  }

  @Test
  void allPathsGivePythonsOutputUnderTheDefaultLocale() {
    check("default locale " + Locale.getDefault());
  }

  @Test
  void allPathsGivePythonsOutputUnderATurkishLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(new Locale("tr", "TR"));
      assertEquals("ı", "I".toLowerCase(), "the Turkish locale is in effect");
      check("Turkish locale");
    } finally {
      Locale.setDefault(saved);
    }
  }

  private void check(String where) {
    List<String> texts = new ArrayList<>();
    for (Case c : cases) texts.add(c.text());
    Map<String, Column> cols = new LinkedHashMap<>();
    cols.put("clean", SparkCharEtl.clean(col("text")));
    cols.put("clean_nl", SparkCharEtl.clean(col("text"), true));
    cols.put("lm", SparkCharEtl.indices(col("text"), true));
    for (int len : LENGTHS) {
      cols.put("post" + len, SparkCharEtl.encode(col("text"), len, false));
      cols.put("pre" + len, SparkCharEtl.encode(col("text"), len, true));
    }
    cols.put("idx30", SparkCharEtl.encodeIndices(col("text"), 30, true));
    List<Row> rows = EtlPaths.codegen(spark, tmp, texts, cols);
    assertEquals(cases.size(), rows.size());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      Row r = rows.get(i);
      String id = "case " + (i + 2) + " " + escape(c.text()) + " (" + where + ")";
      // Java twin
      expect(failures, id + " twin clean", c.clean(), CharEtl.clean(c.text()));
      expect(failures, id + " twin clean_nl", c.cleanNl(), CharEtl.clean(c.text(), true));
      expect(failures, id + " twin chars", c.chars(), new CharEtl(c.length(), c.tail()).encodeChars(c.text()));
      // interpreted expression
      expect(failures, id + " interpreted clean", c.clean(),
          EtlPaths.interpreted(c.text(), CharEtlExpression.Form.CLEAN, 0, false, false));
      expect(failures, id + " interpreted clean_nl", c.cleanNl(),
          EtlPaths.interpreted(c.text(), CharEtlExpression.Form.CLEAN, 0, false, true));
      expect(failures, id + " interpreted chars", c.chars(),
          EtlPaths.interpreted(c.text(), CharEtlExpression.Form.CHARS, c.length(), c.tail(), false));
      expect(failures, id + " interpreted indices", EtlPaths.indices(c.chars()),
          EtlPaths.interpreted(c.text(), CharEtlExpression.Form.INDICES, c.length(), c.tail(), false));
      // code-generated expression
      expect(failures, id + " codegen clean", c.clean(), r.getString(0));
      expect(failures, id + " codegen clean_nl", c.cleanNl(), r.getString(1));
      expect(failures, id + " codegen lm indices", EtlPaths.indices(c.cleanNl()), r.getList(2));
      for (int k = 0; k < LENGTHS.length; k++) {
        expect(failures, id + " codegen post " + LENGTHS[k], EtlPaths.fit(c.clean(), LENGTHS[k], false), r.getString(3 + 2 * k));
        expect(failures, id + " codegen pre " + LENGTHS[k], EtlPaths.fit(c.clean(), LENGTHS[k], true), r.getString(4 + 2 * k));
      }
      expect(failures, id + " codegen indices 30 pre", EtlPaths.indices(EtlPaths.fit(c.clean(), 30, true)),
          r.getList(3 + 2 * LENGTHS.length));
    }
    assertTrue(failures.isEmpty(), failures.size() + " differences from Python, first: "
        + failures.subList(0, Math.min(5, failures.size())));
  }

  private static void expect(List<String> failures, String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      failures.add(what + ": expected " + escape(String.valueOf(expected)) + ", got " + escape(String.valueOf(actual)));
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch >= 0x20 && ch < 0x7F) b.append(ch);
      else b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
    }
    return b.append('"').toString();
  }
}
