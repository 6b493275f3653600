package io.charspark.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
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
  @JsonProperty("etl_max_length") public int etlMaxLength;
  @JsonProperty("etl_truncate") public String etlTruncate;
  @JsonProperty("vocabulary") public String vocabulary =
      "python string.printable minus \\n \\r (98 chars, ASCII order), pad=98, markers < >";
  @JsonProperty("lm_window") public Integer lmWindow;
  @JsonProperty("keep_newline") public Boolean keepNewline;
  @JsonProperty("classes") public Integer classes;
  @JsonProperty("threshold") public double threshold;
  @JsonProperty("train_positive_rate") public double trainPositiveRate;
  /** Multi-label models (toxic): the output heads in order, their training positive rates and weights. */
  @JsonProperty("labels") public java.util.List<String> labels;
  @JsonProperty("train_positive_rates") public Map<String, Double> trainPositiveRates;
  @JsonProperty("positive_weights") public java.util.List<Double> positiveWeights;
  /**
   * {@code multilayer} (one output), {@code graph} (one output per label) or {@code schema} (the
   * typed-schema graph: one input per column, one head per output).
   */
  @JsonProperty("network") public String network = "multilayer";
  /** Typed-schema models ({@link #SCHEMA}): the fitted transforms, and each output's train prior. */
  @JsonProperty("schema") public io.charspark.schema.FittedSchema schema;
  @JsonProperty("output_priors") public Map<String, java.util.List<Double>> outputPriors;
  public static final String SCHEMA = "schema";

  /** A typed-schema model (evaluated and scored through {@link #schema}). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isSchema() {
    return SCHEMA.equals(network);
  }
  @JsonProperty("best_epoch") public int bestEpoch;
  @JsonProperty("epochs_run") public int epochsRun;
  @JsonProperty("stopped_early") public boolean stoppedEarly;
  @JsonProperty("data") public String data;
  @JsonProperty("created_by") public Map<String, String> createdBy = new TreeMap<>();
}
