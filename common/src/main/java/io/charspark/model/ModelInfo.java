package io.charspark.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharTransform;
import io.charspark.etl.LmWindows;
import io.charspark.etl.Truncation;
import io.charspark.schema.FittedSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code model.json} in a model directory: what a scorer needs besides the weights (workload, ETL
 * settings, label, threshold, training prior) and how the model was made.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ModelInfo {
  @JsonProperty("format") public String format = "charspark-model-v1";
  @JsonProperty("workload") public String workload;
  @JsonProperty("arch") public String arch;
  @JsonProperty("label_field") public String labelField;
  /** The character ETL of a classifier (null for a language model and a typed schema). */
  @JsonProperty("etl") public CharTransform etl;
  @JsonProperty("vocabulary") public String vocabulary =
      "python string.printable minus \\n \\r (98 chars, ASCII order), pad=98, markers < >";
  /**
   * The ETL of a language model (null for a classifier and a typed schema). A {@code model.json}
   * written before it was saved as one object has loose {@code lm_window} and {@code keep_newline}
   * instead: {@link #lmWindows(CharsparkConfig)} completes them from the saved configuration.
   */
  @JsonProperty("lm_windows") public LmWindows lmWindows;
  @JsonProperty("classes") public Integer classes;
  @JsonProperty("threshold") public double threshold;
  @JsonProperty("train_positive_rate") public double trainPositiveRate;
  /** Multi-label models (toxic): the output heads in order, their training positive rates and weights. */
  @JsonProperty("labels") public List<String> labels;
  @JsonProperty("train_positive_rates") public Map<String, Double> trainPositiveRates;
  @JsonProperty("positive_weights") public List<Double> positiveWeights;
  /**
   * {@code multilayer} (one output), {@code graph} (one output per label) or {@code schema} (the
   * typed-schema graph: one input per column, one head per output).
   */
  @JsonProperty("network") public String network = "multilayer";
  /** Typed-schema models ({@link #SCHEMA}): the fitted transforms, and each output's train prior. */
  @JsonProperty("schema") public FittedSchema schema;
  @JsonProperty("output_priors") public Map<String, List<Double>> outputPriors;
  public static final String SCHEMA = "schema";

  /** A language model: sampled by {@code generate}, never scored. */
  @JsonIgnore
  public boolean isLanguageModel() {
    return CharsparkConfig.LANGUAGE_MODEL.equals(workload) || contextWindow() != null;
  }

  /** A language model's context window in characters ({@code lm_windows.window}, or the old {@code lm_window}); else null. */
  @JsonIgnore
  public Integer contextWindow() {
    return lmWindows != null ? Integer.valueOf(lmWindows.window()) : legacyLmWindow;
  }

  /**
   * The language model's ETL: {@link #lmWindows}, or for a {@code model.json} written before it,
   * the loose {@code lm_window} and {@code keep_newline} with what they did not record ({@code
   * lm.step}, {@code lm.eval_step}, and {@code lm.keep_newline} when absent) from {@code saved}, the
   * configuration the model was trained with ({@code config.conf}, which is what evaluate and
   * generate read them from then).
   */
  public LmWindows lmWindows(CharsparkConfig saved) {
    if (lmWindows != null) return lmWindows;
    LmWindows fromConfig = saved.lm.windows();
    return new LmWindows(legacyLmWindow != null ? legacyLmWindow : fromConfig.window(), fromConfig.step(),
        fromConfig.evalStep(), legacyKeepNewline != null ? legacyKeepNewline : fromConfig.keepNewline());
  }

  /** Before the language model's ETL was saved as one object: {@code lm_window}. Still read. */
  @JsonSetter("lm_window")
  void legacyLmWindow(Integer window) {
    legacyLmWindow = window;
  }

  /** Before the language model's ETL was saved as one object: {@code keep_newline}. Still read. */
  @JsonSetter("keep_newline")
  void legacyKeepNewline(Boolean keep) {
    legacyKeepNewline = keep;
  }

  private Integer legacyLmWindow;
  private Boolean legacyKeepNewline;

  /** A typed-schema model (evaluated and scored through {@link #schema}). */
  @JsonIgnore
  public boolean isSchema() {
    return SCHEMA.equals(network);
  }
  /**
   * Before the ETL was saved as one object: {@code etl_max_length} and {@code etl_truncate} as
   * loose fields. Still read, into {@link #etl}.
   */
  @JsonSetter("etl_max_length")
  void legacyMaxLength(int maxLength) {
    legacyMaxLength = maxLength;
    legacyEtl();
  }

  @JsonSetter("etl_truncate")
  void legacyTruncate(String truncate) {
    legacyTruncate = truncate;
    legacyEtl();
  }

  private int legacyMaxLength;
  private String legacyTruncate;

  private void legacyEtl() {
    if (etl == null && legacyMaxLength > 0 && legacyTruncate != null) {
      etl = new CharTransform(legacyMaxLength, Truncation.of(legacyTruncate));
    }
  }

  @JsonProperty("best_epoch") public int bestEpoch;
  @JsonProperty("epochs_run") public int epochsRun;
  @JsonProperty("stopped_early") public boolean stoppedEarly;
  @JsonProperty("data") public String data;
  @JsonProperty("created_by") public Map<String, String> createdBy = new TreeMap<>();
}
