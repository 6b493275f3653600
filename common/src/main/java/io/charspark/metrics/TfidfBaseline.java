package io.charspark.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_extract_all;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark ML baseline of the toxic workload, as Kaggle users of the Jigsaw data know it
 * (scikit-learn's {@code TfidfVectorizer(analyzer="char")} + one {@code LogisticRegression} per
 * label), evaluated with the same {@link BinaryMetrics} as the neural model.
 *
 * <p>Features of a text: runs of whitespace become one space (as scikit-learn's char analyzer
 * does), the text is cut to its first {@link #MAX_CHARS} characters (code points), <b>lower-cased</b>
 * (as the Kaggle kernels do), split into characters ({@code regexp_extract_all(t, '(?s).')}, a
 * built-in: no UDF, never splits a surrogate pair), turned into character n-grams for n = 1..{@code
 * baselineNgramMax} (Spark ML {@link NGram}; n-grams cross word boundaries, spaces included), all
 * concatenated into one bag, hashed into {@code baselineFeatures} term counts ({@link HashingTF}),
 * weighted by {@link IDF} fitted on {@code train} only, and L2-normalised per row ({@link Normalizer},
 * scikit-learn's default {@code norm="l2"}; without it a long comment's many n-grams give it extreme
 * logits). The cut bounds the work per row: a 5,000-character comment would otherwise make 25,000
 * n-grams at N = 5, while most Jigsaw comments (a few hundred characters) fit in
 * {@value #MAX_CHARS} whole.
 * Known differences from scikit-learn: Spark's idf is {@code log((m + 1) / (df + 1))} (no "+ 1", so an
 * n-gram present in every document weighs 0), term counts are raw (no {@code sublinear_tf}), and
 * hashing collisions replace a vocabulary.
 *
 * <p>Per label: {@link LogisticRegression} ({@code maxIter = baselineMaxIter}, {@code regParam =
 * baselineRegParam}, {@code elasticNetParam = 0}, i.e. L2) fitted on {@code train}, <b>without</b>
 * Spark's default feature standardisation, as scikit-learn's: standardising sparse TF-IDF columns
 * divides each rare n-gram by its tiny standard deviation, which all but unregularises exactly the
 * n-grams a model memorises (on the unit-test data it made the log loss of a label of coin flips
 * several times worse, at equal AUC). So {@code regParam} is scikit-learn's {@code 1 / (C · rows)}.
 * Metrics on {@code eval} from the positive-class probability, accumulated per partition on the
 * executors and merged (no prediction reaches the driver). A label with a
 * single class in {@code train} gets no model: its metrics are those of the constant prediction of
 * the train prior (0 or 1; {@link BinaryMetrics} clamps it, so log loss stays finite).
 *
 * <p>Cost: the hashed term counts of {@code train} are computed once and cached ({@code
 * MEMORY_AND_DISK}, unpersisted at the end); the IDF weighting and normalisation are cheap and
 * re-applied on the fly. {@code eval} is featurised anew for each label (one pass, against the
 * {@code maxIter} passes of each fit) rather than cached.
 *
 * <p>Deterministic: nothing here draws a random number. Hashing is MurmurHash3, IDF a count, and
 * L-BFGS starts from zeros; with the same partitioning of the inputs the results repeat exactly.
 */
public final class TfidfBaseline {
  /** Characters (code points) of a text kept before n-gramming, after whitespace collapsing. */
  public static final int MAX_CHARS = 2_000;
  /** Longest word n-gram of the word-level baseline (word unigrams and bigrams). */
  public static final int WORD_NGRAM_MAX = 2;

  /**
   * What a bag is made of: {@code CHAR}, character n-grams 1..{@code baseline_ngram_max} as above;
   * {@code WORD}, word n-grams 1..{@value #WORD_NGRAM_MAX} where a word is a run of two or more
   * Unicode word characters (scikit-learn's default {@code token_pattern (?u)\b\w\w+\b}), after
   * the same whitespace collapsing, cut and lower-casing. The blog's "future work": token against
   * character models. {@link #key} names the baseline in {@code evaluation/<split>.json}.
   */
  public enum Analyzer {
    CHAR("tfidf_char_ngram_lr", "TF-IDF char n-gram LR"),
    WORD("tfidf_word_ngram_lr", "TF-IDF word n-gram LR");

    public final String key;
    public final String title;

    Analyzer(String key, String title) {
      this.key = key;
      this.title = title;
    }

    /** One line on what was fitted, for the evaluation JSON. */
    public String describe(CharsparkConfig.Toxic cfg) {
      return "Spark ML: lower-cased " + (this == CHAR ? "character n-grams 1.." + cfg.baselineNgramMax()
          : "word n-grams 1.." + WORD_NGRAM_MAX + " (words: \\w\\w+)")
          + ", HashingTF(" + cfg.baselineFeatures() + ") + IDF + L2 norm, one LogisticRegression per label"
          + " (maxIter " + cfg.baselineMaxIter() + ", regParam " + cfg.baselineRegParam()
          + "), fitted on the train split";
    }

    int ngramMax(CharsparkConfig.Toxic cfg) {
      return this == CHAR ? cfg.baselineNgramMax() : WORD_NGRAM_MAX;
    }
  }

  private static final String TEXT = "text";
  private static final String TF = "__tf";
  private static final String TFIDF = "__tfidf";
  private static final String FEATURES = "__features";
  private static final String PROBABILITY = "__probability";
  private static final String JOB_GROUP = "spark.jobGroup.id";
  private static final String JOB_DESCRIPTION = "spark.job.description";
  private static final String JOB_INTERRUPT = "spark.job.interruptOnCancel";

  private TfidfBaseline() {}

  /**
   * Fits the baseline on {@code train} and evaluates it on {@code eval}.
   *
   * @param train rows with a {@code text} string column and one int (0/1, non-null) column per label
   * @param eval same columns; featurised with the IDF weights of {@code train}
   * @param labels label columns, in output order
   * @param threshold decision threshold of {@link BinaryMetrics#accuracy()}
   * @param seed unused: nothing here is random (kept so all evaluators are called alike)
   * @param log one line per label: {@code baseline: <label> auc 0.xxxx log_loss 0.xxxx (n.n s)}
   * @return one {@link BinaryMetrics} per label on {@code eval}, in label order
   */
  public static Map<String, BinaryMetrics> fitAndEvaluate(
      SparkSession spark,
      Dataset<Row> train,
      Dataset<Row> eval,
      List<String> labels,
      CharsparkConfig.Toxic cfg,
      double threshold,
      long seed,
      Consumer<String> log) {
    return fitAndEvaluate(spark, train, eval, labels, cfg, threshold, Analyzer.CHAR, log);
  }

  /** One fitted TF-IDF baseline: its metrics per label on the evaluated rows, and its fit + evaluation time. */
  public record Fitted(Analyzer analyzer, Map<String, BinaryMetrics> byLabel, double seconds) {}

  /**
   * Every analyzer's baseline (character n-grams, then word n-grams) fitted on the train split of
   * {@code shards} and evaluated on {@code evalRows} (columns {@code text} and the int 0/1 {@code
   * labels}); settings from {@code toxic.baseline_*}.
   */
  public static List<Fitted> fitAll(SparkSession spark, ShardDirectory shards, Dataset<Row> evalRows,
      List<String> labels, CharsparkConfig cfg, double threshold, Consumer<String> log) {
    List<Fitted> out = new ArrayList<>();
    for (Analyzer a : Analyzer.values()) {
      long b0 = System.nanoTime();
      log.accept("evaluate: fitting the " + a.title + " baseline on the train split");
      Map<String, BinaryMetrics> b = fitAndEvaluate(spark, shards.read(spark, "train"), evalRows,
          labels, cfg.toxic, threshold, a, log);
      out.add(new Fitted(a, b, (System.nanoTime() - b0) / 1e9));
    }
    return out;
  }

  /** As above, with bags of {@code analyzer}'s n-grams. */
  public static Map<String, BinaryMetrics> fitAndEvaluate(
      SparkSession spark,
      Dataset<Row> train,
      Dataset<Row> eval,
      List<String> labels,
      CharsparkConfig.Toxic cfg,
      double threshold,
      Analyzer analyzer,
      Consumer<String> log) {
    int nMax = analyzer.ngramMax(cfg);
    String unit = analyzer == Analyzer.CHAR ? "char" : "word";
    if (cfg.baselineNgramMax() < 1) {
      throw new IllegalArgumentException("baselineNgramMax must be >= 1: " + cfg.baselineNgramMax());
    }
    if (cfg.baselineFeatures() < 1) {
      throw new IllegalArgumentException("baselineFeatures must be >= 1: " + cfg.baselineFeatures());
    }
    SparkContext sc = spark.sparkContext();
    String oldGroup = sc.getLocalProperty(JOB_GROUP);
    String oldDescription = sc.getLocalProperty(JOB_DESCRIPTION);
    String oldInterrupt = sc.getLocalProperty(JOB_INTERRUPT);
    HashingTF hashing =
        new HashingTF().setInputCol(TEXT).setOutputCol(TF).setNumFeatures(cfg.baselineFeatures());
    Dataset<Row> trainTf = hashing.transform(ngrams(train, labels, nMax, analyzer));
    trainTf.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      sc.setJobGroup("baseline-tfidf", "baseline: TF-IDF of train (" + unit + " 1.." + nMax + "-grams)", false);
      long t0 = System.nanoTime();
      IDFModel idf = new IDF().setInputCol(TF).setOutputCol(TFIDF).fit(trainTf);
      Normalizer l2 = new Normalizer().setInputCol(TFIDF).setOutputCol(FEATURES).setP(2.0);
      Dataset<Row> trainFeatures = l2.transform(idf.transform(trainTf));
      Dataset<Row> evalFeatures =
          l2.transform(idf.transform(hashing.transform(ngrams(eval, labels, nMax, analyzer))));

      // Positives per label in train, one job: which labels have a single class, and their prior.
      List<Column> sums = new ArrayList<>();
      for (String l : labels) sums.add(sum(col(l).cast("long")));
      sums.add(org.apache.spark.sql.functions.count(lit(1)));
      Row counts = trainTf.agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0])).head();
      long n = counts.getLong(labels.size());
      log.accept(String.format(Locale.ROOT, "baseline: TF-IDF of %d train rows, %s 1..%d-grams, %d features (%.1f s)",
          n, unit, nMax, cfg.baselineFeatures(), (System.nanoTime() - t0) / 1e9));

      Map<String, BinaryMetrics> out = new LinkedHashMap<>();
      for (int k = 0; k < labels.size(); k++) {
        String label = labels.get(k);
        long positives = counts.isNullAt(k) ? 0 : counts.getLong(k);
        long start = System.nanoTime();
        BinaryMetrics m;
        String note = "";
        if (positives == 0 || positives == n) {
          double prior = n == 0 ? 0.0 : (double) positives / n;
          sc.setJobGroup("baseline-" + label,
              "baseline: " + label + " (single class in train: constant " + prior + ")", false);
          m = constantMetrics(evalFeatures.select(col(label).cast("int")), prior, threshold);
          note = String.format(Locale.ROOT, ", single class in train: no model, constant prior %.4f", prior);
        } else {
          sc.setJobGroup("baseline-" + label, "baseline: logistic regression for " + label, false);
          LogisticRegressionModel model =
              new LogisticRegression()
                  .setFeaturesCol(FEATURES)
                  .setLabelCol(label)
                  .setMaxIter(cfg.baselineMaxIter())
                  .setRegParam(cfg.baselineRegParam())
                  .setElasticNetParam(0.0)
                  .setFamily("binomial")
                  .setStandardization(false)
                  .fit(trainFeatures);
          model.setProbabilityCol(PROBABILITY).setRawPredictionCol("").setPredictionCol("");
          m = modelMetrics(model.transform(evalFeatures).select(col(PROBABILITY), col(label).cast("int")),
              threshold);
        }
        out.put(label, m);
        log.accept(String.format(Locale.ROOT, "baseline: %s %s auc %.4f log_loss %.4f (%.1f s)%s",
            unit, label, m.auc(), m.logLoss(), (System.nanoTime() - start) / 1e9, note));
      }
      return out;
    } finally {
      trainTf.unpersist(false);
      sc.setLocalProperty(JOB_GROUP, oldGroup);
      sc.setLocalProperty(JOB_DESCRIPTION, oldDescription);
      sc.setLocalProperty(JOB_INTERRUPT, oldInterrupt);
    }
  }

  /**
   * {@code text} → the bag of its character 1..{@code nMax}-grams (column {@code text}, array of
   * strings; an n-gram is its characters joined by single spaces), next to the label columns.
   */
  static Dataset<Row> ngrams(Dataset<Row> rows, List<String> labels, int nMax) {
    return ngrams(rows, labels, nMax, Analyzer.CHAR);
  }

  static Dataset<Row> ngrams(Dataset<Row> rows, List<String> labels, int nMax, Analyzer analyzer) {
    Column text = coalesce(col(TEXT), lit(""));
    Column prepared = lower(substring(regexp_replace(text, "\\s+", " "), 1, MAX_CHARS));
    List<Column> cols = new ArrayList<>();
    String unit = analyzer == Analyzer.CHAR ? "(?s)." : "(?U)\\b\\w\\w+\\b";
    cols.add(regexp_extract_all(prepared, lit(unit), lit(0)).as("__c1"));
    for (String l : labels) cols.add(col(l));
    Dataset<Row> d = rows.select(cols.toArray(new Column[0]));
    Column[] grams = new Column[nMax];
    grams[0] = col("__c1");
    for (int n = 2; n <= nMax; n++) {
      d = new NGram().setN(n).setInputCol("__c1").setOutputCol("__c" + n).transform(d);
      grams[n - 1] = col("__c" + n);
    }
    List<Column> keep = new ArrayList<>();
    keep.add(concat(grams).as(TEXT));
    for (String l : labels) keep.add(col(l));
    return d.select(keep.toArray(new Column[0]));
  }

  /** Rows {@code (probability vector, label int)} → merged metrics of {@code probability[1]}. */
  private static BinaryMetrics modelMetrics(Dataset<Row> scored, double threshold) {
    return reduce(
        scored.javaRDD()
            .mapPartitions(
                it -> {
                  BinaryMetrics m = new BinaryMetrics(threshold);
                  while (it.hasNext()) {
                    Row r = it.next();
                    m.add(((Vector) r.get(0)).apply(1), r.getInt(1));
                  }
                  return List.of(m).iterator();
                }),
        threshold);
  }

  /** Rows {@code (label int)} → merged metrics of the constant prediction {@code prior}. */
  private static BinaryMetrics constantMetrics(Dataset<Row> labelsOnly, double prior, double threshold) {
    return reduce(
        labelsOnly.javaRDD()
            .mapPartitions(
                it -> {
                  BinaryMetrics m = new BinaryMetrics(threshold);
                  while (it.hasNext()) m.add(prior, it.next().getInt(0));
                  return List.of(m).iterator();
                }),
        threshold);
  }

  private static BinaryMetrics reduce(JavaRDD<BinaryMetrics> perPartition, double threshold) {
    if (perPartition.getNumPartitions() == 0) return new BinaryMetrics(threshold);
    return perPartition.reduce(BinaryMetrics::merge);
  }
}
