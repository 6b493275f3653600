package io.charspark.workload;

import static org.apache.spark.sql.functions.col;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.ShardDirectory;
import io.charspark.model.ModelDirectory;
import io.charspark.report.EvaluationCharts;
import io.charspark.schema.BooleanColumn;
import io.charspark.schema.FittedSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A typed-schema model ({@code schema} block): transforms fitted on the train split and saved in
 * {@code model.json}, one input per column, one head per output; evaluated per output type
 * ({@link SchemaEvaluation}).
 */
public record TypedSchema() implements Workload {

  @Override
  public TrainingTask task(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards, Consumer<String> log) {
    return new SchemaTask(spark, cfg, shards, log);
  }

  @Override
  public Evaluated evaluate(SparkSession spark, ModelDirectory model, ShardDirectory shards, String split,
      String data, Consumer<String> log) {
    SchemaEvaluation.Result result = SchemaEvaluation.evaluate(spark, model, shards, split, data);
    List<String> details = SchemaEvaluation.summary(result.json()).stream().map(l -> split + " " + l).toList();
    // No boolean output: no ROC or calibration chart to draw.
    Charts charts = result.binary().isEmpty() ? null
        : (evalDir, s) -> EvaluationCharts.classifier(evalDir, s, result.binary());
    return new Evaluated(result.json(), details, split + " rows " + result.json().get("rows"), charts);
  }

  /**
   * A typed-schema model of the toxic workload scores Kaggle CSV files (id, comment_text) when it
   * reads only the comment text and has one boolean output per {@code toxic.labels}.
   */
  @Override
  public void checkScorable(ModelDirectory model, String location) {
    if (!model.config().isToxic()) return;
    List<String> labels = model.config().toxic.labels();
    FittedSchema s = model.info().schema;
    boolean textOnly = s.inputs.stream().allMatch(c -> c.sources().equals(List.of("text")));
    boolean heads = s.outputs.size() == labels.size() && s.outputs.stream()
        .allMatch(o -> o instanceof BooleanColumn && labels.contains(o.name()));
    if (!textOnly || !heads) {
      throw new IllegalArgumentException("Model " + location + " is a typed-schema toxic model with inputs "
          + s.inputs.stream().map(c -> c.name()).toList() + " and outputs " + s.outputs.stream().map(o -> o.name()).toList()
          + "; Kaggle CSV files carry only id and comment_text, so score needs inputs [text] and one boolean"
          + " output per toxic.labels " + labels + " (evaluate it on a shard directory instead)");
    }
  }

  /**
   * {@link SchemaEvaluation#predictions}; for the toxic workload (Kaggle CSV input), {@code id} and
   * one probability column per {@code toxic.labels}, as {@link ToxicMultiLabel} writes them. Each
   * input column's missing values and unseen categorical levels are counted into the manifest's
   * {@code schema_inputs}.
   */
  @Override
  public Dataset<Row> predict(SparkSession spark, ModelDirectory model, Dataset<Row> ok, Manifest manifest,
      Consumer<String> log) {
    manifest.schemaInputs = model.info().schema.counts(ok);
    manifest.schemaInputs.forEach((c, n) -> {
      if (n.getOrDefault("missing", 0L) + n.getOrDefault("unseen", 0L) > 0) {
        log.accept("score: input " + c + ": " + n.getOrDefault("missing", 0L) + " missing (imputed), "
            + n.getOrDefault("unseen", 0L) + " unseen levels (→ UNK)");
      }
    });
    Dataset<Row> p = SchemaEvaluation.predictions(spark, model, ok);
    if (!model.config().isToxic()) return p;
    List<Column> cols = new ArrayList<>(List.of(col("id")));
    for (String l : model.config().toxic.labels()) cols.add(col(l + "_probability").as(l));
    return p.select(cols.toArray(Column[]::new));
  }
}
