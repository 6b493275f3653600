package io.charspark.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The language model's ETL as a fitted transform: how texts become (window, next character) pairs
 * ({@link LmEtl}), fixed when the model is trained, saved in {@code model.json} ({@code
 * "lm_windows": {"window": 40, "step": 3, "eval_step": 1, "keep_newline": true}}) and used from this
 * one object by {@code train}, {@code evaluate} and {@code generate}, as {@link CharTransform} is
 * for the classifiers. Nothing is learnt from data: "fitted" means the settings travel with the
 * model.
 *
 * <ul>
 *   <li>{@code window}: characters of context per pair (at least 2; the network's input length);
 *   <li>{@code step}: stride between training pairs within a text (at least 1);
 *   <li>{@code evalStep}: stride of the validation and evaluation pairs (1 = every character counts);
 *   <li>{@code keepNewline}: {@code \n} kept as index 99 (one more output class) instead of being
 *       folded into a space.
 * </ul>
 *
 * The text itself (the title, or title and selftext: {@code input.text}) is chosen when the shards
 * are written, before this transform.
 */
public record LmWindows(
    @JsonProperty("window") int window,
    @JsonProperty("step") int step,
    @JsonProperty("eval_step") int evalStep,
    @JsonProperty("keep_newline") boolean keepNewline)
    implements Serializable {

  public LmWindows {
    if (window < 2) throw new IllegalArgumentException("LM window " + window + " must be at least 2");
    if (step < 1) throw new IllegalArgumentException("LM step " + step + " must be at least 1");
    if (evalStep < 1) throw new IllegalArgumentException("LM eval_step " + evalStep + " must be at least 1");
  }

  /** Training pairs of {@code texts} (column {@code text}): every {@code step}-th character a target. */
  public Dataset<Row> trainingPairs(Dataset<Row> texts) {
    return LmEtl.pairs(texts, window, step, keepNewline);
  }

  /** Validation and evaluation pairs: every {@code evalStep}-th character a target. */
  public Dataset<Row> evaluationPairs(Dataset<Row> texts) {
    return LmEtl.pairs(texts, window, evalStep, keepNewline);
  }

  /** Every character a target (stride 1): what the n-gram baselines are estimated on. */
  public Dataset<Row> everyPair(Dataset<Row> texts) {
    return LmEtl.pairs(texts, window, 1, keepNewline);
  }

  /** The {@code window} indices before position {@code t} of {@code seq}, pre-padded ({@link LmEtl#context}). */
  public int[] context(int[] seq, int t) {
    return LmEtl.context(seq, t, window);
  }

  /** Output classes of the model: the 98 characters, the pad slot, and the newline if kept. */
  public int classes() {
    return LmEtl.classes(keepNewline);
  }

  /** The vocabulary line of {@code model.json}. */
  public String vocabulary() {
    return "python string.printable minus \\n \\r (98 chars, ASCII order, index = code - 29), pad=98"
        + (keepNewline ? ", \\n kept as index 99" : ", \\n folded into a space")
        + ", markers < >";
  }
}
