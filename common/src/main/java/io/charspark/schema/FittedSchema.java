package io.charspark.schema;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.charspark.io.Json;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted transforms of a whole typed schema: {@link #inputs} in {@link Schema#inputColumns()}
 * order (in concat text mode one text feature {@code text}, at the place of the first text
 * column), {@link #outputs} (boolean, categorical or numerical: {@link OutputColumn}s) in declared order. Saved as JSON ({@link #toJson}) inside the model's
 * {@code model.json} and applied by {@link #transform} to any DataFrame with built-in expressions.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class FittedSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The row id column every transformed DataFrame keeps. */
  public static final String ID = "id";

  @JsonProperty("inputs")
  public List<FittedColumn> inputs = new ArrayList<>();

  @JsonProperty("outputs")
  public List<OutputColumn> outputs = new ArrayList<>();

  /** {@code separate} or {@code concat}. */
  @JsonProperty("text_mode")
  public String textMode = Schema.SEPARATE;

  public FittedSchema() {}

  /**
   * Fits every input and output of {@code schema} on {@code train}. Every column's presence and
   * Spark type are checked first, and all problems are reported in one SchemaException; then one
   * aggregation (plus one groupBy per categorical column) computes the statistics, and their
   * problems (all-missing columns, unaccepted boolean values, single-class outputs) are reported
   * together too. Cache {@code train} if it is expensive to recompute.
   */
  public static FittedSchema fit(Dataset<Row> train, Schema schema) {
    List<ColumnFitter.Declared> cols = new ArrayList<>();
    if (schema.concatText() && !schema.text().isEmpty()) {
      cols.add(ColumnFitter.declare(Schema.CONCAT_NAME, schema.text(), ColumnType.TEXT, false, schema));
    } else {
      for (String t : schema.text()) cols.add(ColumnFitter.declare(t, List.of(t), ColumnType.TEXT, false, schema));
    }
    for (String c : schema.inputColumns()) {
      ColumnType type = schema.typeOf(c);
      if (type != ColumnType.TEXT) cols.add(ColumnFitter.declare(c, List.of(c), type, false, schema));
    }
    int inputs = cols.size();
    for (Map.Entry<String, ColumnType> e : schema.outputs().entrySet()) {
      cols.add(ColumnFitter.declare(e.getKey(), List.of(e.getKey()), e.getValue(), true, schema));
    }
    List<FittedColumn> fitted = ColumnFitter.fitAll(train, cols, schema.maxLevels());
    FittedSchema f = new FittedSchema();
    f.inputs = new ArrayList<>(fitted.subList(0, inputs));
    // declare() admits only output types as outputs
    for (FittedColumn o : fitted.subList(inputs, fitted.size())) f.outputs.add((OutputColumn) o);
    f.textMode = schema.textMode();
    return f;
  }

  /**
   * {@code id}, then {@code f_<name>} per input in order, then (with {@code withOutputs}) {@code
   * y_<name>} per output. {@code df} must hold {@code id} and every input source column (and
   * every output column when {@code withOutputs}), of accepted Spark types; all problems are
   * reported in one SchemaException.
   */
  public Dataset<Row> transform(Dataset<Row> df, boolean withOutputs) {
    List<FittedColumn> used = new ArrayList<>(inputs);
    if (withOutputs) used.addAll(outputs);
    ColumnFitter.Problems problems = new ColumnFitter.Problems();
    StructType st = df.schema();
    if (!Arrays.asList(st.fieldNames()).contains(ID)) {
      problems.add(ID, "the data has no '" + ID + "' column (the row id every transformed row keeps); columns are "
          + Arrays.asList(st.fieldNames()));
    }
    for (FittedColumn c : used) ColumnFitter.checkTypes(df, c, problems, true);
    problems.throwIfAny();
    List<Column> sel = new ArrayList<>();
    sel.add(FittedColumn.col(ID));
    for (FittedColumn c : used) {
      sel.add(c.encode(st.apply(c.sources().get(0)).dataType()).as(c.columnName()));
    }
    return df.select(sel.toArray(Column[]::new));
  }

  /**
   * Per input name: {@code rows}, {@code missing} and (categorical only) {@code unseen} (non-null
   * values that are not a level, encoded as UNK), all in one aggregation over {@code df}.
   */
  public Map<String, Map<String, Long>> counts(Dataset<Row> df) {
    ColumnFitter.Problems problems = new ColumnFitter.Problems();
    for (FittedColumn c : inputs) ColumnFitter.checkTypes(df, c, problems, false);
    problems.throwIfAny();
    List<Column> aggs = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      FittedColumn c = inputs.get(i);
      aggs.add(count(when(c.missing(), lit(1))).as("m" + i));
      if (c instanceof CategoricalColumn k) aggs.add(count(when(k.unseen(), lit(1))).as("u" + i));
    }
    Row r = df.agg(count(lit(1)).as("rows"), aggs.toArray(Column[]::new)).first();
    long rows = r.getLong(0);
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      FittedColumn c = inputs.get(i);
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("missing", r.getLong(r.fieldIndex("m" + i)));
      if (c instanceof CategoricalColumn) m.put("unseen", r.getLong(r.fieldIndex("u" + i)));
      out.put(c.name(), m);
    }
    return out;
  }

  /** The input named {@code name} (feature name), or null. */
  public FittedColumn input(String name) {
    return inputs.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** The output named {@code name}, or null. */
  public OutputColumn output(String name) {
    return outputs.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** {@code f_<name>} per input, in order. */
  public List<String> featureColumns() {
    return inputs.stream().map(FittedColumn::columnName).toList();
  }

  /** {@code y_<name>} per output, in order. */
  public List<String> labelColumns() {
    return outputs.stream().map(FittedColumn::columnName).toList();
  }

  public String toJson() {
    try {
      return Json.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FittedSchema fromJson(String json) {
    try {
      return Json.MAPPER.readValue(json, FittedSchema.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a fitted schema: " + e.getOriginalMessage(), e);
    }
  }
}
