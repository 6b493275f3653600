package io.charspark.schema;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.charspark.etl.SparkCharEtl;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The fitted transform of one typed-schema column: statistics of the TRAIN split, saved as JSON
 * (inside the model's {@code model.json}) and applied with Spark SQL built-in expressions
 * ({@link #encode()}, no UDF). Fields are public (camelCase in Java, snake_case in the JSON); type-specific fields are
 * null (and absent from the JSON) for other types. Made by {@link ColumnFitter}.
 *
 * <p>Encodings, by {@link #type} (input unless {@link #output}):
 *
 * <ul>
 *   <li><b>numerical</b>: input {@code (coalesce(x, mean) - mean) / std} as double: a missing value
 *       (null, NaN or ±Infinity) is imputed with the train mean, i.e. encodes as 0.0. Output {@code
 *       (x - mean) / std}, null when missing (the caller masks those rows); {@link #decode} maps a
 *       prediction back. {@code mean} and {@code std} are the mean and the <em>population</em>
 *       standard deviation of the non-missing train values; <b>when that std is 0 or NaN,
 *       {@code std} is 1</b> (a constant input then encodes as 0.0).
 *   <li><b>categorical</b>: values are cast to string; {@code levels} are the distinct non-null
 *       train values by count descending, then value ascending, capped at {@code max levels};
 *       {@code levels.get(i)} has index {@code i + 1}; index 0 is UNK: a value that is not a level
 *       (unseen in train, or cut by the cap). Input: int index, null → 0. Output: int index, null
 *       when missing, a non-level value → 0 (the UNK class). {@link #classes()} = levels + 1.
 *   <li><b>boolean</b>: {@code lower(trim(cast(x as string)))} in {@code true/1/yes/t/y} → 1, in
 *       {@code false/0/no/f/n} → 0 (a boolean column casts to true/false, an integral one to its
 *       digits); anything else (only possible at scoring time: fitting rejects it) counts as
 *       missing. Input: double 0/1, <b>missing → {@code fill}, the train majority value, 0 on a
 *       tie</b>. Output: int 0/1, null when missing.
 *   <li><b>timestamp</b> (input only): epoch seconds {@code t} (a long/int column holds UTC epoch
 *       seconds; a timestamp column keeps microseconds as a fraction; a date is its UTC midnight),
 *       then {@code array<double>} of {@code sin(φ), cos(φ)} per period P of {@link #periods} in
 *       order (minute, hour, day, week, month, year), {@code φ = 2π · pmod(t, P) / P}: 12 values.
 *       <b>Missing → all 12 values 0.0.</b>
 *   <li><b>text</b> (input only): {@link SparkCharEtl#encode} to {@code maxLength} characters
 *       (null encodes as {@code "<>"}); in concat mode (feature {@code text}) the source columns are
 *       joined by a space first, nulls skipped. Missing = null or empty (all sources, for concat).
 * </ul>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "sources", "type", "output", "source_type", "train_rows", "train_missing"})
public class FittedColumn implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Label of index 0 of a categorical column. */
  public static final String UNK = "<UNK>";

  /** The fixed timestamp cycles, in seconds: minute, hour, day, week, month (30.436875 d), year (365.2425 d). */
  public static final Map<String, Long> DEFAULT_PERIODS = defaultPeriods();

  /** Above this many levels the categorical lookup is split into hash buckets (see {@link #lookup}). */
  static final int LEVELS_PER_BUCKET = 32;

  /** Feature name: the source column, or {@code text} for concatenated text. */
  @JsonProperty("name")
  public String name;

  /** The DataFrame column(s) read: one, except concatenated text. */
  @JsonProperty("sources")
  public List<String> sources;

  @JsonProperty("type")
  public ColumnType type;

  /** Whether this is an output (label) column. */
  @JsonProperty("output")
  public boolean output;

  /** Spark type of the source in train ({@code DataType.simpleString}), e.g. {@code bigint}. */
  @JsonProperty("source_type")
  public String sourceType;

  @JsonProperty("train_rows")
  public long trainRows;

  /** Train rows whose value is missing (see the class comment for what missing means per type). */
  @JsonProperty("train_missing")
  public long trainMissing;

  // numerical
  @JsonProperty("mean")
  public Double mean;

  /** Population std of the non-missing train values, or 1 when that is 0 or NaN. */
  @JsonProperty("std")
  public Double std;

  @JsonProperty("min")
  public Double min;

  @JsonProperty("max")
  public Double max;

  // categorical
  /** Levels in index order (index = position + 1; 0 is UNK). */
  @JsonProperty("levels")
  public List<String> levels;

  /** Train rows per level, parallel to {@link #levels}. */
  @JsonProperty("level_counts")
  public List<Long> levelCounts;

  /** Train rows with a non-null value that is not a level (cut by the cap). */
  @JsonProperty("train_unk")
  public Long trainUnk;

  // boolean
  /** The value imputed for a missing boolean input: the train majority, 0 on a tie. */
  @JsonProperty("fill")
  public Integer fill;

  @JsonProperty("train_positive")
  public Long trainPositive;

  // timestamp
  /** Cycle name → period in seconds, in encoding order. */
  @JsonProperty("periods")
  public LinkedHashMap<String, Long> periods;

  // text
  @JsonProperty("max_length")
  public Integer maxLength;

  @JsonProperty("keep_tail")
  public Boolean keepTail;

  public FittedColumn() {}

  private static Map<String, Long> defaultPeriods() {
    LinkedHashMap<String, Long> p = new LinkedHashMap<>();
    p.put("minute", 60L);
    p.put("hour", 3_600L);
    p.put("day", 86_400L);
    p.put("week", 604_800L);
    p.put("month", 2_629_746L);
    p.put("year", 31_556_952L);
    return java.util.Collections.unmodifiableMap(p);
  }

  /** The column name of this feature in {@link FittedSchema#transform} output: {@code f_<name>} or {@code y_<name>}. */
  public String columnName() {
    return (output ? "y_" : "f_") + name;
  }

  /** Encoded width: text → maxLength; categorical, numerical, boolean → 1; timestamp → 12. */
  public int width() {
    return switch (type) {
      case TEXT -> maxLength;
      case TIMESTAMP -> 2 * periods().size();
      default -> 1;
    };
  }

  /** Categorical: levels + 1 (index 0 is UNK): the embedding vocabulary of an input, the softmax width of an output. */
  public int classes() {
    requireType(ColumnType.CATEGORICAL, "classes");
    return levels.size() + 1;
  }

  /** Categorical: the level of an index, {@code "<UNK>"} for 0. */
  public String label(int index) {
    requireType(ColumnType.CATEGORICAL, "label");
    if (index == 0) return UNK;
    if (index < 0 || index > levels.size()) {
      throw new IndexOutOfBoundsException("index " + index + " of '" + name + "' is not in 0.." + levels.size());
    }
    return levels.get(index - 1);
  }

  /** Categorical: the index of a value (0 for a non-level, including null). */
  public int index(String value) {
    requireType(ColumnType.CATEGORICAL, "index");
    int i = value == null ? -1 : levels.indexOf(value);
    return i + 1;
  }

  /** Numerical: a scaled value (a prediction) back in the column's unit: {@code scaled * std + mean}. */
  public double decode(double scaled) {
    requireType(ColumnType.NUMERICAL, "decode");
    return scaled * std + mean;
  }

  /** The encoded value of this column (input or output encoding per {@link #output}), see the class comment. */
  public Column encode() {
    return encodeFrom(sourceDataType());
  }

  /** {@link #encode()} for a source whose Spark type is {@code actual} (matters for timestamps only). */
  Column encodeFrom(DataType actual) {
    switch (type) {
      case NUMERICAL: {
        Column v = validNumber();
        Column m = lit(mean);
        Column s = lit(std);
        return output ? v.minus(m).divide(s) : coalesce(v, m).minus(m).divide(s);
      }
      case CATEGORICAL: {
        Column v = categoricalValue();
        Column index = coalesce(lookup(v), lit(0));
        return output ? when(v.isNotNull(), index).cast("int") : index.cast("int");
      }
      case BOOLEAN: {
        Column b = booleanValue();
        return output ? b : coalesce(b, lit(fill)).cast("double");
      }
      case TIMESTAMP: {
        Column t = epochSeconds(source(), actual);
        List<Column> parts = new ArrayList<>();
        List<Column> zeros = new ArrayList<>();
        for (long period : periods().values()) {
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
      case TEXT:
        return SparkCharEtl.encode(textValue(), maxLength, keepTail);
      default:
        throw new IllegalStateException("unknown type " + type);
    }
  }

  /** True when the source value is missing (null; NaN/±Infinity for numerical; empty text; an unrecognised boolean). */
  public Column missing() {
    switch (type) {
      case NUMERICAL:
        return validNumber().isNull();
      case BOOLEAN:
        return booleanValue().isNull();
      case TEXT: {
        Column all = null;
        for (String s : sources) {
          Column c = col(s);
          Column m = c.isNull().or(c.equalTo(lit("")));
          all = all == null ? m : all.and(m);
        }
        return all;
      }
      default:
        return source().isNull();
    }
  }

  /** Categorical: a non-null value that is not a level (encoded as UNK); {@code lit(false)} for other types. */
  public Column unseen() {
    if (type != ColumnType.CATEGORICAL) return lit(false);
    Column v = categoricalValue();
    return v.isNotNull().and(lookup(v).isNull());
  }

  /** The periods, or {@link #DEFAULT_PERIODS} when absent. */
  public Map<String, Long> periods() {
    return periods == null ? DEFAULT_PERIODS : periods;
  }

  // ---- expressions ----

  /** A column reference that survives dots, spaces and backticks in the column's name. */
  public static Column col(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  /** One line on what was fitted (train log, report.html), e.g. {@code 7 levels + UNK}. */
  public String describe() {
    return switch (type) {
      case TEXT -> "character ETL, " + maxLength + " characters" + (sources.size() > 1 ? " of " + sources : "");
      case CATEGORICAL -> levels.size() + " levels + UNK" + (trainUnk > 0 ? " (" + trainUnk + " train rows beyond max_levels)" : "");
      case NUMERICAL -> String.format(java.util.Locale.ROOT, "mean %.4g, std %.4g", mean, std);
      case BOOLEAN -> output ? trainPositive + " positive" : "missing → " + (int) fill;
      case TIMESTAMP -> "sin/cos of " + String.join(", ", periods().keySet());
    };
  }

  Column source() {
    return col(sources.get(0));
  }

  /** Numerical value as double, null when null, NaN or infinite. */
  Column validNumber() {
    Column v = source().cast("double");
    return when(isnan(v).or(v.equalTo(lit(Double.POSITIVE_INFINITY))).or(v.equalTo(lit(Double.NEGATIVE_INFINITY))),
            lit(null).cast("double"))
        .otherwise(v);
  }

  Column categoricalValue() {
    return source().cast("string");
  }

  static final String[] TRUE_WORDS = {"true", "1", "yes", "t", "y"};
  static final String[] FALSE_WORDS = {"false", "0", "no", "f", "n"};

  /** Boolean value as int 0/1, null when null or not a recognised boolean word. */
  Column booleanValue() {
    return booleanValue(source());
  }

  static Column booleanValue(Column c) {
    Column s = lower(trim(c.cast("string")));
    return when(s.isin((Object[]) TRUE_WORDS), lit(1)).when(s.isin((Object[]) FALSE_WORDS), lit(0));
  }

  Column textValue() {
    if (sources.size() == 1) return source();
    return concat_ws(" ", sources.stream().map(FittedColumn::col).toArray(Column[]::new));
  }

  /** Epoch seconds (double) of a long/int (seconds), timestamp or date column. */
  static Column epochSeconds(Column c, DataType t) {
    if (t instanceof LongType || t instanceof IntegerType) return c.cast("double");
    if (t instanceof TimestampType) return unix_micros(c).cast("double").divide(lit(1_000_000.0));
    if (t instanceof DateType) return unix_date(c).cast("double").multiply(lit(86_400.0));
    throw new IllegalArgumentException("a timestamp column must be long, int, timestamp or date, is " + t.simpleString());
  }

  DataType sourceDataType() {
    if (sourceType == null) return DataTypes.StringType;
    return switch (sourceType) {
      case "bigint" -> DataTypes.LongType;
      case "int" -> DataTypes.IntegerType;
      case "timestamp" -> DataTypes.TimestampType;
      case "date" -> DataTypes.DateType;
      default -> DataType.fromDDL(sourceType);
    };
  }

  /**
   * Index of a (string) value among the levels, null when it is not a level. Built-ins only: a
   * literal map looked up with {@code element_at}. Spark looks a map up by scanning its keys, so
   * beyond {@link #LEVELS_PER_BUCKET} levels the levels are split into buckets by Spark's own
   * {@code hash()} of the value (Murmur3, seed 42, computed here with the same function), and the
   * lookup is {@code element_at(element_at(array(map_0, ..., map_B-1), pmod(hash(v), B) + 1), v)}:
   * constant time whatever the number of levels.
   */
  Column lookup(Column v) {
    int n = levels.size();
    if (n == 0) return lit(null).cast("int");
    if (n <= LEVELS_PER_BUCKET) return element_at(literalMap(levels, 0, n), v);
    int buckets = (n + LEVELS_PER_BUCKET - 1) / LEVELS_PER_BUCKET;
    List<List<Integer>> members = new ArrayList<>();
    for (int b = 0; b < buckets; b++) members.add(new ArrayList<>());
    for (int i = 0; i < n; i++) members.get(Math.floorMod(sparkHash(levels.get(i)), buckets)).add(i);
    Column[] maps = new Column[buckets];
    for (int b = 0; b < buckets; b++) {
      List<Integer> m = members.get(b);
      String[] keys = new String[m.size()];
      Integer[] values = new Integer[m.size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = levels.get(m.get(k));
        values[k] = m.get(k) + 1;
      }
      maps[b] = map_from_arrays(lit(keys).cast("array<string>"), lit(values).cast("array<int>"));
    }
    Column bucket = pmod(hash(v), lit(buckets)).plus(lit(1));
    return element_at(element_at(array(maps), bucket), v);
  }

  private static Column literalMap(List<String> levels, int from, int to) {
    String[] keys = levels.subList(from, to).toArray(String[]::new);
    Integer[] values = new Integer[to - from];
    for (int i = from; i < to; i++) values[i - from] = i + 1;
    return map_from_arrays(lit(keys), lit(values));
  }

  /** Spark's {@code hash(s)} of one string column: Murmur3 x86_32 of its UTF-8 bytes, seed 42. */
  static int sparkHash(String s) {
    UTF8String u = UTF8String.fromString(s);
    return Murmur3_x86_32.hashUnsafeBytes(u.getBaseObject(), u.getBaseOffset(), u.numBytes(), 42);
  }

  private void requireType(ColumnType t, String what) {
    if (type != t) {
      throw new IllegalStateException(what + "() is for " + t.configName() + " columns; '" + name + "' is " + type.configName());
    }
  }

  @Override
  public String toString() {
    return type.configName() + (output ? " output '" : " input '") + name + "'";
  }
}
