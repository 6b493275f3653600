package io.charspark.schema;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A fitted <b>numerical</b> column (any Spark numeric type). Input: {@code (coalesce(x, mean) -
 * mean) / std} as double: a missing value (null, NaN or ±Infinity) is imputed with the train mean,
 * i.e. encodes as 0.0; width 1. Output: {@code (x - mean) / std}, null when missing (the caller
 * masks those rows); {@link #decode} maps a prediction back to the column's unit. {@code mean} and
 * {@code std} are the mean and the <em>population</em> standard deviation of the non-missing train
 * values; <b>when that std is 0 or NaN, {@code std} is 1</b> (a constant input then encodes as
 * 0.0). An output must not be constant in train.
 *
 * @param mean mean of the non-missing train values
 * @param std population std of the non-missing train values, or 1 when that is 0 or NaN
 * @param min smallest non-missing train value
 * @param max largest non-missing train value
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "sources", "type", "output", "source_type", "train_rows", "train_missing",
    "mean", "std", "min", "max"})
public record NumericalColumn(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "sources", required = true) List<String> sources,
    @JsonProperty("output") boolean output,
    @JsonProperty("source_type") String sourceType,
    @JsonProperty("train_rows") long trainRows,
    @JsonProperty("train_missing") long trainMissing,
    @JsonProperty(value = "mean", required = true) double mean,
    @JsonProperty(value = "std", required = true) double std,
    @JsonProperty("min") double min,
    @JsonProperty("max") double max) implements OutputColumn {

  public NumericalColumn {
    sources = Columns.sources(sources, name);
  }

  @Override
  @JsonProperty("type")
  public ColumnType type() {
    return ColumnType.NUMERICAL;
  }

  @Override
  public int width() {
    return 1;
  }

  /** A scaled value (a prediction) back in the column's unit: {@code scaled * std + mean}. */
  public double decode(double scaled) {
    return scaled * std + mean;
  }

  @Override
  public Column encode(DataType source) {
    Column v = valid(Columns.source(sources));
    Column m = lit(mean);
    Column s = lit(std);
    return output ? v.minus(m).divide(s) : coalesce(v, m).minus(m).divide(s);
  }

  /** Null, NaN or ±Infinity. */
  @Override
  public Column missing() {
    return valid(Columns.source(sources)).isNull();
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "mean %.4g, std %.4g", mean, std);
  }

  /** The prediction in the column's unit. */
  @Override
  public Object prediction(double[] head) {
    return decode(head[0]);
  }

  @Override
  public DataType labelType() {
    return DataTypes.DoubleType;
  }

  @Override
  public Object decodeLabel(Number encoded) {
    return decode(encoded.doubleValue());
  }

  @Override
  public <R> R match(Function<? super BooleanColumn, ? extends R> ifBoolean,
      Function<? super CategoricalColumn, ? extends R> ifCategorical,
      Function<? super NumericalColumn, ? extends R> ifNumerical) {
    return ifNumerical.apply(this);
  }

  @Override
  public String toString() {
    return Columns.toString(this);
  }

  /** The value as double, null when null, NaN or infinite. */
  static Column valid(Column source) {
    Column v = source.cast("double");
    return when(isnan(v).or(v.equalTo(lit(Double.POSITIVE_INFINITY))).or(v.equalTo(lit(Double.NEGATIVE_INFINITY))),
            lit(null).cast("double"))
        .otherwise(v);
  }

  /** Fitting: mean, population std, min and max of the valid values; an output must vary. */
  static ColumnFitter.Fit fit(ColumnFitter.Declared d) {
    return new ColumnFitter.Fit() {
      @Override
      public Column missing() {
        return valid(d.source()).isNull();
      }

      @Override
      public List<Column> statistics(String p) {
        Column v = valid(d.source());
        return List.of(avg(v).as(p + "mean"), stddev_pop(v).as(p + "std"), functions.min(v).as(p + "min"),
            functions.max(v).as(p + "max"));
      }

      @Override
      public FittedColumn fitted(Row stats, String p, ColumnFitter.Facts f, ColumnFitter.Problems problems) {
        double mean = stats.getDouble(stats.fieldIndex(p + "mean"));
        double sd = stats.getDouble(stats.fieldIndex(p + "std"));
        double min = stats.getDouble(stats.fieldIndex(p + "min"));
        double max = stats.getDouble(stats.fieldIndex(p + "max"));
        if (d.output() && Double.valueOf(min).equals(max)) {
          problems.add(d.name(), d.who() + " has zero variance in the train split (all " + f.present()
              + " labelled rows are " + min + ")");
        }
        return new NumericalColumn(d.name(), d.sources(), d.output(), f.sourceType(), f.rows(), f.missing(),
            mean, sd == 0.0 || Double.isNaN(sd) ? 1.0 : sd, min, max);
      }
    };
  }
}
