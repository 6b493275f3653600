package io.charspark.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharTransform;
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
  @JsonProperty("lm_window") public Integer lmWindow;
  @JsonProperty("keep_newline") public Boolean keepNewline;
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
    return CharsparkConfig.LANGUAGE_MODEL.equals(workload) || lmWindow != null;
  }

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
