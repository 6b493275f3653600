package io.charspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.demo.DemoCorpus;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.metrics.TfidfBaseline;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TF-IDF + logistic regression baseline on real quotes (datafaker, via {@link DemoCorpus}).
 * Each row is one quote, from Star Wars or another franchise, sometimes followed by a Simpsons
 * quote. Labels: {@code star_wars} (the first quote is from Star Wars), {@code simpsons} (the text
 * holds a Simpsons quote), {@code never} (0 in every train row, 1 in some eval rows: the
 * single-class case) and {@code coin} (a coin flip, unrelated to the text). Eval rows are held-out
 * rows drawn from the same quote pools as train, so a Star Wars quote in eval has usually been seen
 * in train (beside a different Simpsons quote, or none): the test shows that the pipeline learns, not
 * that 600 rows generalise to unseen quotes (with train and eval quotes disjoint, star_wars scored
 * an AUC of about 0.75).
 */
class TfidfBaselineTest extends SparkTestBase {
  static final List<String> LABELS = List.of("star_wars", "simpsons", "never", "coin");
  static final CharsparkConfig.Toxic CFG =
      new CharsparkConfig.Toxic(LABELS, "star_wars", List.of(), true, 4, 1 << 14, 20, 1e-4);
  static final int TRAIN_ROWS = 600;
  static final int EVAL_ROWS = 400;
  static final StructType SCHEMA =
      new StructType()
          .add("text", DataTypes.StringType)
          .add("star_wars", DataTypes.IntegerType, false)
          .add("simpsons", DataTypes.IntegerType, false)
          .add("never", DataTypes.IntegerType, false)
          .add("coin", DataTypes.IntegerType, false);

  static Map<String, BinaryMetrics> metrics;
  static List<String> logLines = new ArrayList<>();
  static long evalPositivesNever;

  @BeforeAll
  static void fitAndEvaluate() throws Exception {
    List<String> sw = DemoCorpus.starWarsQuotes();
    List<String> simpsons = simpsonsQuotes();
    List<String> other = new ArrayList<>(DemoCorpus.otherQuotes());
    other.removeAll(simpsons);
    SplittableRandom rnd = new SplittableRandom(20240917L);
    List<Row> train = rows(TRAIN_ROWS, sw, simpsons, other, false, rnd);
    List<Row> eval = rows(EVAL_ROWS, sw, simpsons, other, true, rnd);
    for (Row r : eval) evalPositivesNever += r.getInt(3);
    long t0 = System.nanoTime();
    // A few partitions, so that per-partition metrics really are merged.
    metrics =
        TfidfBaseline.fitAndEvaluate(
            spark,
            spark.createDataFrame(train, SCHEMA).repartition(3),
            spark.createDataFrame(eval, SCHEMA).repartition(3),
            LABELS, CFG, 0.5, 42L,
            s -> {
              logLines.add(s);
              System.out.println(s);
            });
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("TfidfBaseline.fitAndEvaluate: %.1f s%n", seconds);
  }

  /** Quotes of datafaker's {@code en/simpsons.yml}, filtered exactly as DemoCorpus filters its own. */
  static List<String> simpsonsQuotes() throws Exception {
    Method quotes = DemoCorpus.class.getDeclaredMethod("quotes", String.class);
    quotes.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<String> q = (List<String>) quotes.invoke(null, "simpsons");
    return q;
  }

  static List<Row> rows(int n, List<String> sw, List<String> simpsons, List<String> other,
      boolean eval, SplittableRandom rnd) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean isSw = rnd.nextDouble() < 0.35;
      String text = isSw ? pick(sw, rnd) : pick(other, rnd);
      boolean hasSimpsons = rnd.nextDouble() < 0.35;
      if (hasSimpsons) text = text + " " + pick(simpsons, rnd);
      int never = eval && rnd.nextDouble() < 0.1 ? 1 : 0;
      int coin = rnd.nextDouble() < 0.4 ? 1 : 0;
      out.add(RowFactory.create(text, isSw ? 1 : 0, hasSimpsons ? 1 : 0, never, coin));
    }
    return out;
  }

  static String pick(List<String> pool, SplittableRandom rnd) {
    return pool.get(rnd.nextInt(pool.size()));
  }

  @Test
  void everyLabelIsScoredOnEveryEvalRowInLabelOrder() {
    assertEquals(LABELS, new ArrayList<>(metrics.keySet()));
    for (String l : LABELS) assertEquals(EVAL_ROWS, metrics.get(l).rows(), l);
    assertEquals(evalPositivesNever, metrics.get("never").positives());
    Set<String> logged = new HashSet<>();
    for (String line : logLines) {
      for (String l : LABELS) {
        if (line.matches("baseline: char " + l + " auc \\S+ log_loss \\d+\\.\\d{4} \\(\\d+\\.\\d s\\).*")) logged.add(l);
      }
    }
    assertEquals(Set.copyOf(LABELS), logged, String.join("\n", logLines));
  }

  @Test
  void learnableLabelsAreLearned() {
    BinaryMetrics sw = metrics.get("star_wars");
    assertTrue(sw.auc() > 0.85, "star_wars auc " + sw.auc());
    assertTrue(sw.logLoss() < sw.constantPriorLogLoss(sw.positiveRate()), "beats the constant prior");
    BinaryMetrics simpsons = metrics.get("simpsons");
    assertTrue(simpsons.auc() > 0.75, "simpsons auc " + simpsons.auc());
  }

  @Test
  void randomLabelIsNotLearned() {
    double auc = metrics.get("coin").auc();
    assertTrue(auc > 0.35 && auc < 0.65, "coin auc " + auc);
  }

  @Test
  void singleClassLabelGetsTheConstantPrior() {
    BinaryMetrics never = metrics.get("never");
    assertTrue(evalPositivesNever > 0);
    assertTrue(Double.isFinite(never.logLoss()), "log loss " + never.logLoss());
    // Constant predictions: every pair is a tie.
    assertEquals(0.5, never.auc(), 1e-12);
    assertEquals(1.0 - never.positiveRate(), never.accuracy(), 1e-12);
    assertTrue(logLines.stream().anyMatch(l -> l.startsWith("baseline: char never ") && l.contains("single class")));
  }

  @Test
  void featuresAreLowerCasedCollapsedAndTruncatedCharacterNgrams() {
    StructType schema = new StructType().add("text", DataTypes.StringType).add("y", DataTypes.IntegerType);
    List<Row> in = List.of(RowFactory.create("Ab \t\n C", 1), RowFactory.create("x".repeat(5000), 0),
        RowFactory.create(null, 0), RowFactory.create("", 0), RowFactory.create("a🚀", 0));
    List<Row> out =
        TfidfBaseline.ngrams(spark.createDataFrame(in, schema), List.of("y"), 2).collectAsList();
    assertEquals(List.of("a", "b", " ", "c", "a b", "b  ", "  c"), out.get(0).getList(0));
    assertEquals(1, out.get(0).getInt(1));
    assertEquals(TfidfBaseline.MAX_CHARS + TfidfBaseline.MAX_CHARS - 1, out.get(1).getList(0).size());
    assertTrue(out.get(2).getList(0).isEmpty());
    assertTrue(out.get(3).getList(0).isEmpty());
    assertEquals(List.of("a", "🚀", "a 🚀"), out.get(4).getList(0));
  }

  @Test
  void wordFeaturesAreLowerCasedUnicodeWordsOfTwoOrMoreCharactersAndTheirBigrams() {
    StructType schema = new StructType().add("text", DataTypes.StringType).add("y", DataTypes.IntegerType);
    List<Row> in = List.of(RowFactory.create("Hello, WORLD! a bc-dé", 1), RowFactory.create(null, 0));
    List<Row> out = TfidfBaseline.ngrams(spark.createDataFrame(in, schema), List.of("y"), 2,
        TfidfBaseline.Analyzer.WORD).collectAsList();
    // scikit-learn's token_pattern (?u)\b\w\w+\b: "a" is too short, "dé" is a word.
    assertEquals(List.of("hello", "world", "bc", "dé", "hello world", "world bc", "bc dé"), out.get(0).getList(0));
    assertTrue(out.get(1).getList(0).isEmpty());
  }

  @Test
  void wordBaselineLearnsTheStarWarsLabel() throws Exception {
    List<String> sw = DemoCorpus.starWarsQuotes();
    List<String> simpsons = simpsonsQuotes();
    List<String> other = new ArrayList<>(DemoCorpus.otherQuotes());
    other.removeAll(simpsons);
    SplittableRandom rnd = new SplittableRandom(20240917L);
    Dataset<Row> train = spark.createDataFrame(rows(TRAIN_ROWS, sw, simpsons, other, false, rnd), SCHEMA);
    Dataset<Row> eval = spark.createDataFrame(rows(EVAL_ROWS, sw, simpsons, other, true, rnd), SCHEMA);
    List<String> lines = new ArrayList<>();
    Map<String, BinaryMetrics> m = TfidfBaseline.fitAndEvaluate(spark, train, eval, List.of("star_wars"), CFG, 0.5,
        TfidfBaseline.Analyzer.WORD, lines::add);
    assertEquals(EVAL_ROWS, m.get("star_wars").rows());
    assertTrue(m.get("star_wars").auc() > 0.85, "star_wars auc " + m.get("star_wars").auc());
    assertTrue(lines.get(0).contains("word 1..2-grams"), lines.toString());
  }
}
