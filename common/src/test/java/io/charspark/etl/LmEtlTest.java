package io.charspark.etl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.etl.CharEtl;
import io.charspark.etl.LmEtl;
import io.charspark.lm.LmEvaluator;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Language-model pairs: Spark SQL against the plain-Java twin, and the n-gram baselines. */
class LmEtlTest extends SparkTestBase {
  static final List<String> TEXTS =
      List.of("Dogs are really just people that should live in your house", "a", "",
          "Two\nlines <here>", "héllo ☃ wörld", "x".repeat(130));

  private Dataset<Row> texts(List<String> t) {
    return spark.createDataset(t, Encoders.STRING()).toDF("text");
  }

  @Test
  void pairsMatchTheTwinWindowByWindow() {
    for (int step : new int[] {1, 3}) {
      List<Row> rows = LmEtl.pairs(texts(TEXTS), 40, step, true).collectAsList();
      List<String> spark = new ArrayList<>();
      for (Row r : rows) {
        List<Integer> f = r.getList(0);
        assertEquals(40, f.size());
        spark.add(f + "->" + r.getInt(1));
      }
      List<String> twin = new ArrayList<>();
      for (String t : TEXTS) {
        for (int[] p : LmEtl.pairs(t, 40, step, true)) {
          List<Integer> f = new ArrayList<>();
          for (int i = 0; i < 40; i++) f.add(p[i]);
          twin.add(f + "->" + p[40]);
        }
      }
      assertEquals(twin, spark, "step " + step);
    }
  }

  @Test
  void firstPairPredictsTheFirstCharacterFromTheStartMarker() {
    int[][] p = LmEtl.pairs("ab", 4, 1, true);
    // "<ab>": targets a, b, >
    assertEquals(3, p.length);
    assertArrayEquals(new int[] {98, 98, 98, CharEtl.index('<'), CharEtl.index('a')}, p[0]);
    assertArrayEquals(new int[] {98, CharEtl.index('<'), CharEtl.index('a'), CharEtl.index('b'), CharEtl.index('>')}, p[2]);
    // The newline survives when kept, and is folded when not.
    assertTrue(java.util.Arrays.stream(CharEtl.indices("a\nb", true)).anyMatch(i -> i == CharEtl.NEWLINE));
    assertEquals("<a b>", CharEtl.clean("a\nb", false));
    assertEquals("<a\nb>", CharEtl.clean("a\nb", true));
  }

  @Test
  void ngramBaselinesMatchADirectCount() {
    Dataset<Row> train = LmEtl.pairs(texts(List.of("abab", "abba")), 4, 1, true);
    Dataset<Row> eval = LmEtl.pairs(texts(List.of("ab")), 4, 1, true);
    int v = 99;
    // Train targets of "<abab>" and "<abba>": a,b,a,b,> and a,b,b,a,> → a:4 b:4 >:2, n = 10.
    LmEvaluator.CrossEntropy uni = LmEvaluator.ngram(train, eval, 1, v);
    double expectedUni = -(Math.log((4 + 1.0) / (10 + v)) + Math.log((4 + 1.0) / (10 + v))
        + Math.log((2 + 1.0) / (10 + v))) / 3 / Math.log(2);
    assertEquals(3, uni.chars());
    assertEquals(expectedUni, uni.bitsPerChar(), 1e-9);
    // Bigram (order 2): context = previous character. Eval pairs: (<→a), (a→b), (b→>).
    // Train: after '<': a,a; after 'a': b,b,b,> (b 3 of 4); after 'b': a,>,b,a (> 1 of 4).
    LmEvaluator.CrossEntropy bi = LmEvaluator.ngram(train, eval, 2, v);
    double expectedBi = -(Math.log(3.0 / (2 + v)) + Math.log(4.0 / (4 + v)) + Math.log(2.0 / (4 + v)))
        / 3 / Math.log(2);
    assertEquals(expectedBi, bi.bitsPerChar(), 1e-9);
  }
}
