package io.charspark.workload;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.ShardDirectory;
import io.charspark.inference.LmScorer;
import io.charspark.io.Fs;
import io.charspark.lm.LmEvaluator;
import io.charspark.model.ModelDirectory;
import io.charspark.report.EvaluationCharts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The shower-thoughts character language model: (window, next character) pairs, evaluated by bits
 * per character and perplexity beside unigram and n-gram baselines; {@code generate} samples it,
 * {@code score} refuses it.
 */
public record LanguageModel() implements Workload {
  /** The demo: 1500 generated titles; it ends by sampling the model ({@code generate}), not scoring. */
  public static final Demo DEMO = new Demo("showerthoughts", "conf/showerthoughts-demo.conf", 1500,
      "demo: corpus of {posts} titles (unlabelled) in {corpus}", null, false);

  @Override
  public String unit() {
    return "pairs";
  }

  @Override
  public TrainingTask task(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards, Consumer<String> log) {
    return new LanguageModelTask(cfg, shards);
  }

  /**
   * Bits per character and perplexity on the split's pairs (stride {@code lm.eval_step}), next to
   * the unigram and n-gram baselines estimated on every character of the train split.
   */
  @Override
  public Evaluated evaluate(SparkSession spark, ModelDirectory model, ShardDirectory shards, String split,
      String data, Consumer<String> log) {
    CharsparkConfig cfg = model.config();
    LanguageModelTask task = new LanguageModelTask(cfg, model.info().lmWindows(cfg), shards);
    Dataset<Row> eval = task.evalPairs(spark, split).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> train = task.etl().everyPair(shards.read(spark, "train"));
    LmEvaluator.CrossEntropy ce = LmScorer.crossEntropy(spark, model.network(), eval, cfg.score.batchSize());
    int v = task.classes() - 1; // every character the model can emit, the pad slot excluded
    LmEvaluator.CrossEntropy uni = LmEvaluator.ngram(train, eval, 1, v);
    LmEvaluator.CrossEntropy ng = LmEvaluator.ngram(train, eval, cfg.lm.ngramOrder(), v);
    eval.unpersist();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", split);
    out.put("data", Fs.qualified(data));
    out.put("workload", model.info().workload);
    out.put("rows", ce.chars());
    out.put("bits_per_char", ce.bitsPerChar());
    out.put("perplexity", ce.perplexity());
    out.put("nats_per_char", ce.natsPerChar());
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("unigram_bits_per_char", uni.bitsPerChar());
    base.put("ngram_bits_per_char", ng.bitsPerChar());
    base.put("ngram_order", cfg.lm.ngramOrder());
    base.put("smoothing", "add-one over " + v + " characters");
    out.put("baselines", base);
    String headline = String.format(Locale.ROOT,
        "%s chars %d  bits/char %.4f  perplexity %.3f  (unigram %.4f, %d-gram %.4f bits/char)",
        split, ce.chars(), ce.bitsPerChar(), ce.perplexity(), uni.bitsPerChar(), cfg.lm.ngramOrder(),
        ng.bitsPerChar());
    return new Evaluated(out, List.of(), headline,
        (evalDir, s) -> List.of(EvaluationCharts.languageModel(evalDir, s, out)));
  }

  @Override
  public void checkScorable(ModelDirectory model, String location) {
    throw new IllegalArgumentException(notScorable(location, model.info().workload));
  }

  /** A language model is sampled by {@code generate}, not scored. */
  public static String notScorable(String location, String workload) {
    return "Model " + location + " is a language model ('" + workload
        + "'); score needs a classifier. Use `charspark generate --model " + location + "`";
  }

  @Override
  public Dataset<Row> predict(SparkSession spark, ModelDirectory model, Dataset<Row> ok, Manifest manifest,
      Consumer<String> log) {
    throw new IllegalArgumentException(notScorable(String.valueOf(model.origin()), model.info().workload));
  }
}
