package io.charspark.workload;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.charspark.data.ShardDirectory;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.metrics.CategoricalMetrics;
import io.charspark.metrics.RegressionMetrics;
import io.charspark.model.ModelDirectory;
import io.charspark.model.ModelInfo;
import io.charspark.schema.CategoricalColumn;
import io.charspark.schema.FittedColumn;
import io.charspark.schema.FittedSchema;
import io.charspark.schema.OutputColumn;
import io.charspark.inference.SchemaPredictor;
import io.charspark.io.Fs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Evaluation and scoring of typed-schema models: metrics per output type with the matching naive
 * baseline beside each (boolean: AUC, log loss, accuracy vs the constant train prior; categorical:
 * accuracy, macro-F1, log loss vs the majority class and the class prior; numerical: RMSE, MAE, R²
 * vs the train mean), plus each input column's missing and unseen-level counts on the data scored.
 */
public final class SchemaEvaluation {
  private SchemaEvaluation() {}

  /** The evaluation JSON, and the boolean outputs' metrics for the ROC/calibration charts. */
  public record Result(Map<String, Object> json, Map<String, BinaryMetrics> binary) {}

  public static Result evaluate(SparkSession spark, ModelDirectory model, ShardDirectory shards, String split,
      String data) {
    ModelInfo info = model.info();
    FittedSchema s = info.schema;
    Dataset<Row> rows = shards.read(spark, split);
    Map<String, Map<String, Long>> counts = s.counts(rows);
    Dataset<Row> p = SchemaPredictor.predict(spark, model.network(), s, s.transform(rows, true),
        model.config().score.batchSize()).persist(StorageLevel.MEMORY_AND_DISK());
    List<Serializable> m;
    try {
      m = SchemaPredictor.metrics(p, s, info.outputPriors, info.threshold);
    } finally {
      p.unpersist();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("split", split);
    out.put("data", Fs.qualified(data));
    out.put("workload", info.workload);
    out.put("network", ModelInfo.SCHEMA);
    out.put("arch", info.arch);
    out.put("rows", shards.manifest().splits.getOrDefault(split, 0L));
    out.put("inputs", counts);
    Map<String, Object> outputs = new LinkedHashMap<>();
    Map<String, BinaryMetrics> binary = new LinkedHashMap<>();
    for (int k = 0; k < s.outputs.size(); k++) {
      OutputColumn o = s.outputs.get(k);
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("type", o.type().configName());
      Serializable a = m.get(k);
      one.putAll(o.match(
          b -> {
            BinaryMetrics bm = (BinaryMetrics) a;
            binary.put(b.name(), bm);
            return bm.toMap(info.outputPriors.get(b.name()).get(0));
          },
          c -> {
            CategoricalMetrics cm = (CategoricalMetrics) a;
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("levels", c.levels());
            x.putAll(cm.toMap());
            x.put("baselines", cm.baselineMap());
            return x;
          },
          n -> {
            RegressionMetrics r = (RegressionMetrics) a;
            Map<String, Object> x = new LinkedHashMap<>(r.toMap());
            x.put("baselines", r.baselineMap());
            return x;
          }));
      outputs.put(o.name(), one);
    }
    out.put("outputs", outputs);
    return new Result(out, binary);
  }

  /** One console line per output: the metrics and their baselines. */
  public static List<String> summary(Map<String, Object> json) {
    List<String> lines = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> outputs = (Map<String, Map<String, Object>>) json.get("outputs");
    outputs.forEach((name, o) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> b = (Map<String, Object>) o.get("baselines");
      String line = switch ((String) o.get("type")) {
        case "boolean" -> String.format(java.util.Locale.ROOT,
            "auc %.4f  log_loss %.4f (constant prior %.4f)  accuracy %.4f (majority %.4f)",
            o.get("auc"), o.get("log_loss"), b.get("constant_prior_log_loss"), o.get("accuracy"),
            b.get("majority_class_accuracy"));
        case "categorical" -> String.format(java.util.Locale.ROOT,
            "accuracy %.4f (majority %.4f)  macro_f1 %.4f (majority %.4f)  log_loss %.4f (prior %.4f)",
            o.get("accuracy"), b.get("majority_class_accuracy"), o.get("macro_f1"),
            b.get("majority_class_macro_f1"), o.get("log_loss"), b.get("prior_log_loss"));
        default -> String.format(java.util.Locale.ROOT,
            "rmse %.4g (mean %.4g)  mae %.4g (mean %.4g)  r2 %.4f (mean %.4f)", o.get("rmse"),
            b.get("mean_rmse"), o.get("mae"), b.get("mean_mae"), o.get("r2"), b.get("mean_r2"));
      };
      lines.add(name + " (" + o.get("type") + "): " + line);
    });
    return lines;
  }

  /**
   * Prediction columns of a schema model for {@code ok} rows (raw columns as in the shards): {@code
   * id}, then per output — boolean: {@code <name>_probability} and {@code <name>} (1 at or above the
   * threshold); categorical: {@code <name>} (the most probable level, {@code <UNK>} for the UNK class)
   * and {@code <name>_probability}; numerical: {@code <name>} in the target's unit.
   */
  public static Dataset<Row> predictions(SparkSession spark, ModelDirectory model, Dataset<Row> ok) {
    ModelInfo info = model.info();
    FittedSchema s = info.schema;
    Dataset<Row> p = SchemaPredictor.predict(spark, model.network(), s, s.transform(ok, false),
        model.config().score.batchSize());
    List<Column> cols = new ArrayList<>(List.of(col("id")));
    for (OutputColumn o : s.outputs) {
      Column v = FittedColumn.col("p_" + o.name());
      cols.addAll(o.match(
          b -> List.of(v.as(b.name() + "_probability"),
              when(v.geq(info.threshold), lit(1)).otherwise(lit(0)).as(b.name())),
          c -> {
            List<Column> names = new ArrayList<>(List.of(lit(CategoricalColumn.UNK)));
            for (String l : c.levels()) names.add(lit(l));
            return List.of(
                element_at(array(names.toArray(Column[]::new)), array_position(v, array_max(v)).cast("int")).as(c.name()),
                array_max(v).as(c.name() + "_probability"));
          },
          n -> List.of(v.as(n.name()))));
    }
    return p.select(cols.toArray(Column[]::new));
  }
}
