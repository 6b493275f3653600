package io.charspark.schema;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * A fitted <b>boolean</b> column (boolean, integral holding 0/1, or string). The value is {@code
 * lower(trim(cast(x as string)))}: in {@code true/1/yes/t/y} → 1, in {@code false/0/no/f/n} → 0 (a
 * boolean column casts to true/false, an integral one to its digits); anything else (only possible
 * at scoring time: fitting rejects it) counts as missing. Input: double 0/1, width 1, <b>missing →
 * {@code fill}, the train majority value, 0 on a tie</b>. Output: int 0/1, null when missing; the
 * head is one sigmoid probability. An output needs both classes in train.
 *
 * @param fill the value imputed for a missing input: the train majority, 0 on a tie
 * @param trainPositive train rows whose value is 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "sources", "type", "output", "source_type", "train_rows", "train_missing",
    "fill", "train_positive"})
public record BooleanColumn(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "sources", required = true) List<String> sources,
    @JsonProperty("output") boolean output,
    @JsonProperty("source_type") String sourceType,
    @JsonProperty("train_rows") long trainRows,
    @JsonProperty("train_missing") long trainMissing,
    @JsonProperty(value = "fill", required = true) int fill,
    @JsonProperty("train_positive") long trainPositive) implements OutputColumn {

  static final String[] TRUE_WORDS = {"true", "1", "yes", "t", "y"};
  static final String[] FALSE_WORDS = {"false", "0", "no", "f", "n"};

  public BooleanColumn {
    sources = Columns.sources(sources, name);
  }

  @Override
  @JsonProperty("type")
  public ColumnType type() {
    return ColumnType.BOOLEAN;
  }

  @Override
  public int width() {
    return 1;
  }

  @Override
  public Column encode(DataType source) {
    Column b = value(Columns.source(sources));
    return output ? b : coalesce(b, lit(fill)).cast("double");
  }

  /** Null, or not one of the recognised words. */
  @Override
  public Column missing() {
    return value(Columns.source(sources)).isNull();
  }

  @Override
  public String describe() {
    return output ? trainPositive + " positive" : "missing → " + fill;
  }

  /** The probability of 1. */
  @Override
  public Object prediction(double[] head) {
    return head[0];
  }

  @Override
  public <R> R match(Function<? super BooleanColumn, ? extends R> ifBoolean,
      Function<? super CategoricalColumn, ? extends R> ifCategorical,
      Function<? super NumericalColumn, ? extends R> ifNumerical) {
    return ifBoolean.apply(this);
  }

  @Override
  public String toString() {
    return Columns.toString(this);
  }

  /** The value as int 0/1, null when null or not a recognised boolean word. */
  static Column value(Column c) {
    Column s = lower(trim(c.cast("string")));
    return when(s.isin((Object[]) TRUE_WORDS), lit(1)).when(s.isin((Object[]) FALSE_WORDS), lit(0));
  }

  /** Fitting: class counts; every non-null value must be a boolean word; an output needs both classes. */
  static ColumnFitter.Fit fit(ColumnFitter.Declared d) {
    return new ColumnFitter.Fit() {
      @Override
      public Column missing() {
        return value(d.source()).isNull();
      }

      @Override
      public List<Column> statistics(String p) {
        Column b = value(d.source());
        Column bad = d.source().isNotNull().and(b.isNull());
        return List.of(count(when(b.equalTo(1), lit(1))).as(p + "positive"),
            count(when(b.equalTo(0), lit(1))).as(p + "negative"),
            count(when(bad, lit(1))).as(p + "bad"),
            min(when(bad, d.source().cast("string"))).as(p + "bad_example"));
      }

      @Override
      public String valueProblem(Row stats, String p, ColumnFitter.Facts f) {
        long bad = stats.getLong(stats.fieldIndex(p + "bad"));
        if (bad == 0) return null;
        String example = stats.getString(stats.fieldIndex(p + "bad_example"));
        boolean integral = ColumnFitter.isIntegral(Columns.sourceDataType(f.sourceType()));
        return "column '" + d.name() + "' is declared boolean but holds the value '" + example + "' ("
            + bad + (bad == 1 ? " row has" : " rows have") + " values other than "
            + (integral ? "0/1" : "true/false, 1/0, yes/no, t/f, y/n") + ")";
      }

      @Override
      public FittedColumn fitted(Row stats, String p, ColumnFitter.Facts f, ColumnFitter.Problems problems) {
        long pos = stats.getLong(stats.fieldIndex(p + "positive"));
        long neg = stats.getLong(stats.fieldIndex(p + "negative"));
        if (d.output() && (pos == 0 || neg == 0)) {
          problems.add(d.name(), d.who() + " has a single class in the train split (all " + f.present()
              + " labelled rows are " + (pos == 0 ? 0 : 1) + ")");
        }
        return new BooleanColumn(d.name(), d.sources(), d.output(), f.sourceType(), f.rows(), f.missing(),
            pos > neg ? 1 : 0, pos);
      }
    };
  }
}
