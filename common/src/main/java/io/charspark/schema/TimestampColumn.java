package io.charspark.schema;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A fitted <b>timestamp</b> column (input only): epoch seconds {@code t} (a long/int column holds
 * UTC epoch seconds; a timestamp column keeps microseconds as a fraction; a date is its UTC
 * midnight), then {@code array<double>} of {@code sin(φ), cos(φ)} per period P of {@code periods}
 * in order (minute, hour, day, week, month, year), {@code φ = 2π · pmod(t, P) / P}: width 12.
 * <b>Missing (null) → all 12 values 0.0.</b> Nothing is learnt from the data but the counts.
 *
 * @param periods cycle name → period in seconds, in encoding order ({@link #DEFAULT_PERIODS} when absent)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "sources", "type", "output", "source_type", "train_rows", "train_missing", "periods"})
public record TimestampColumn(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "sources", required = true) List<String> sources,
    @JsonProperty("output") boolean output,
    @JsonProperty("source_type") String sourceType,
    @JsonProperty("train_rows") long trainRows,
    @JsonProperty("train_missing") long trainMissing,
    @JsonProperty(value = "periods", required = true) Map<String, Long> periods) implements FittedColumn {

  /** The fixed cycles, in seconds: minute, hour, day, week, month (30.436875 d), year (365.2425 d). */
  public static final Map<String, Long> DEFAULT_PERIODS = defaultPeriods();

  public TimestampColumn {
    sources = Columns.sources(sources, name);
    periods = periods == null ? DEFAULT_PERIODS : Collections.unmodifiableMap(new LinkedHashMap<>(periods));
  }

  private static Map<String, Long> defaultPeriods() {
    LinkedHashMap<String, Long> p = new LinkedHashMap<>();
    p.put("minute", 60L);
    p.put("hour", 3_600L);
    p.put("day", 86_400L);
    p.put("week", 604_800L);
    p.put("month", 2_629_746L);
    p.put("year", 31_556_952L);
    return Collections.unmodifiableMap(p);
  }

  @Override
  @JsonProperty("type")
  public ColumnType type() {
    return ColumnType.TIMESTAMP;
  }

  /** Two (sin, cos) per period: 12. */
  @Override
  public int width() {
    return 2 * periods.size();
  }

  @Override
  public Column encode(DataType source) {
    Column t = epochSeconds(Columns.source(sources), source);
    List<Column> parts = new ArrayList<>();
    List<Column> zeros = new ArrayList<>();
    for (long period : periods.values()) {
      Column p = lit((double) period);
      Column phase = lit(2 * Math.PI).multiply(pmod(t, p)).divide(p);
      parts.add(sin(phase));
      parts.add(cos(phase));
      zeros.add(lit(0.0));
      zeros.add(lit(0.0));
    }
    return when(t.isNull(), array(zeros.toArray(Column[]::new)))
        .otherwise(array(parts.toArray(Column[]::new)));
  }

  /** Null. */
  @Override
  public Column missing() {
    return Columns.source(sources).isNull();
  }

  @Override
  public String describe() {
    return "sin/cos of " + String.join(", ", periods.keySet());
  }

  @Override
  public String toString() {
    return Columns.toString(this);
  }

  /** Epoch seconds (double) of a long/int (seconds), timestamp or date column. */
  static Column epochSeconds(Column c, DataType t) {
    if (t instanceof LongType || t instanceof IntegerType) return c.cast("double");
    if (t instanceof TimestampType) return unix_micros(c).cast("double").divide(lit(1_000_000.0));
    if (t instanceof DateType) return unix_date(c).cast("double").multiply(lit(86_400.0));
    throw new IllegalArgumentException("a timestamp column must be long, int, timestamp or date, is " + t.simpleString());
  }

  /** Fitting: the counts only; the periods are fixed. */
  static ColumnFitter.Fit fit(ColumnFitter.Declared d) {
    return new ColumnFitter.Fit() {
      @Override
      public Column missing() {
        return d.source().isNull();
      }

      @Override
      public FittedColumn fitted(Row stats, String p, ColumnFitter.Facts f, ColumnFitter.Problems problems) {
        return new TimestampColumn(d.name(), d.sources(), d.output(), f.sourceType(), f.rows(), f.missing(),
            DEFAULT_PERIODS);
      }
    };
  }
}
