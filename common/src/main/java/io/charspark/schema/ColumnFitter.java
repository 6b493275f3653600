package io.charspark.schema;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Fits {@link FittedColumn}s on the TRAIN split. First the declaration is checked against the
 * DataFrame's schema (column present, Spark type accepted by the declared type), before any
 * statistics; then one aggregation computes every column's statistics together (row and missing
 * counts, numerical mean/std/min/max, boolean class counts and unaccepted values), plus one
 * {@code groupBy} per categorical column for its levels; then the statistics are checked (no
 * column all missing, boolean values all accepted, outputs with at least two classes / non-zero
 * variance). Each phase reports every problem it finds in one {@link SchemaException}.
 *
 * <p>Accepted Spark types: text — string; numerical — any numeric type; categorical — string,
 * integral or boolean (values cast to string); boolean — boolean, integral holding only 0/1, string
 * holding only true/false/1/0/yes/no/t/f/y/n (case-insensitive, trimmed); timestamp — long or int
 * (UTC epoch seconds), timestamp, date. The fitting reads {@code train} once per phase: cache it
 * if it is expensive to recompute.
 */
public final class ColumnFitter {
  private ColumnFitter() {}

  /** Fits one column (for concatenated text see {@link #fitConcatText}). */
  public static FittedColumn fit(Dataset<Row> train, String column, ColumnType type, boolean output, Schema schema) {
    return fitAll(train, List.of(blank(column, List.of(column), type, output, schema)), schema.maxLevels()).get(0);
  }

  /** Fits the concat-mode text feature {@code text}: {@code sources} joined by a space. */
  public static FittedColumn fitConcatText(Dataset<Row> train, List<String> sources, Schema schema) {
    return fitAll(train, List.of(blank(Schema.CONCAT_NAME, sources, ColumnType.TEXT, false, schema)), schema.maxLevels()).get(0);
  }

  /** An unfitted column: identity and options only. */
  static FittedColumn blank(String name, List<String> sources, ColumnType type, boolean output, Schema schema) {
    if (output && !type.canBeOutput()) {
      throw new SchemaException(name, "output '" + name + "' is declared " + type.configName()
          + "; outputs may only be boolean, categorical or numerical");
    }
    FittedColumn c = new FittedColumn();
    c.name = name;
    c.sources = new ArrayList<>(sources);
    c.type = type;
    c.output = output;
    if (type == ColumnType.TEXT) {
      c.maxLength = schema.textMaxLength();
      c.keepTail = schema.textKeepTail();
    }
    if (type == ColumnType.TIMESTAMP) c.periods = new LinkedHashMap<>(FittedColumn.DEFAULT_PERIODS);
    return c;
  }

  /** Fits several columns: type checks, one aggregation, one groupBy per categorical, value checks. */
  static List<FittedColumn> fitAll(Dataset<Row> train, List<FittedColumn> cols, int maxLevels) {
    Problems typeProblems = new Problems();
    for (FittedColumn c : cols) checkTypes(train, c, typeProblems, true);
    typeProblems.throwIfAny();
    StructType st = train.schema();
    for (FittedColumn c : cols) {
      c.sourceType = c.sources.size() == 1 ? st.apply(c.sources.get(0)).dataType().simpleString() : "string";
    }

    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("rows"));
    for (int i = 0; i < cols.size(); i++) {
      FittedColumn c = cols.get(i);
      String p = "c" + i + "_";
      aggs.add(count(when(c.missing(), lit(1))).as(p + "missing"));
      switch (c.type) {
        case NUMERICAL -> {
          Column v = c.validNumber();
          aggs.add(avg(v).as(p + "mean"));
          aggs.add(stddev_pop(v).as(p + "std"));
          aggs.add(min(v).as(p + "min"));
          aggs.add(max(v).as(p + "max"));
        }
        case BOOLEAN -> {
          Column b = c.booleanValue();
          Column bad = c.source().isNotNull().and(b.isNull());
          aggs.add(count(when(b.equalTo(1), lit(1))).as(p + "positive"));
          aggs.add(count(when(b.equalTo(0), lit(1))).as(p + "negative"));
          aggs.add(count(when(bad, lit(1))).as(p + "bad"));
          aggs.add(min(when(bad, c.source().cast("string"))).as(p + "bad_example"));
        }
        default -> {}
      }
    }
    Row stats = train.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long rows = stats.getLong(stats.fieldIndex("rows"));
    if (rows == 0) {
      throw new SchemaException((String) null, "the train split has no rows; nothing to fit the schema on");
    }

    Problems problems = new Problems();
    for (int i = 0; i < cols.size(); i++) {
      FittedColumn c = cols.get(i);
      String p = "c" + i + "_";
      c.trainRows = rows;
      c.trainMissing = stats.getLong(stats.fieldIndex(p + "missing"));
      long present = rows - c.trainMissing;
      String who = (c.output ? "output '" : "column '") + c.name + "'";
      if (c.type == ColumnType.BOOLEAN) {
        long bad = stats.getLong(stats.fieldIndex(p + "bad"));
        if (bad > 0) {
          String example = stats.getString(stats.fieldIndex(p + "bad_example"));
          boolean integral = isIntegral(st.apply(c.sources.get(0)).dataType());
          problems.add(c.name, "column '" + c.name + "' is declared boolean but holds the value '" + example + "' ("
              + bad + (bad == 1 ? " row has" : " rows have") + " values other than "
              + (integral ? "0/1" : "true/false, 1/0, yes/no, t/f, y/n") + ")");
          continue;
        }
      }
      if (present == 0) {
        problems.add(c.name, c.output
            ? who + " has no labelled rows in the train split (all " + rows + " rows are missing)"
            : who + " has no values in the train split (all " + rows + " rows are missing)");
        continue;
      }
      switch (c.type) {
        case NUMERICAL -> {
          c.mean = stats.getDouble(stats.fieldIndex(p + "mean"));
          double sd = stats.getDouble(stats.fieldIndex(p + "std"));
          c.min = stats.getDouble(stats.fieldIndex(p + "min"));
          c.max = stats.getDouble(stats.fieldIndex(p + "max"));
          c.std = sd == 0.0 || Double.isNaN(sd) ? 1.0 : sd;
          if (c.output && c.min.equals(c.max)) {
            problems.add(c.name, who + " has zero variance in the train split (all " + present
                + " labelled rows are " + c.min + ")");
          }
        }
        case BOOLEAN -> {
          long pos = stats.getLong(stats.fieldIndex(p + "positive"));
          long neg = stats.getLong(stats.fieldIndex(p + "negative"));
          c.trainPositive = pos;
          c.fill = pos > neg ? 1 : 0;
          if (c.output && (pos == 0 || neg == 0)) {
            problems.add(c.name, who + " has a single class in the train split (all " + present
                + " labelled rows are " + (pos == 0 ? 0 : 1) + ")");
          }
        }
        case CATEGORICAL -> {
          fitLevels(train, c, maxLevels);
          if (c.output && c.levels.size() + (c.trainUnk > 0 ? 1 : 0) < 2) {
            problems.add(c.name, who + " has a single class in the train split (all " + present
                + " labelled rows are '" + c.levels.get(0) + "')");
          }
        }
        default -> {}
      }
    }
    problems.throwIfAny();
    return cols;
  }

  /** The levels of a categorical column: one groupBy, top {@code maxLevels} by count desc, value asc. */
  private static void fitLevels(Dataset<Row> train, FittedColumn c, int maxLevels) {
    List<Row> top = train.select(c.categoricalValue().as("v"))
        .where(functions.col("v").isNotNull())
        .groupBy("v").count()
        .orderBy(functions.col("count").desc(), functions.col("v").asc())
        .limit(maxLevels)
        .collectAsList();
    c.levels = new ArrayList<>();
    c.levelCounts = new ArrayList<>();
    long covered = 0;
    for (Row r : top) {
      c.levels.add(r.getString(0));
      c.levelCounts.add(r.getLong(1));
      covered += r.getLong(1);
    }
    c.trainUnk = c.trainRows - c.trainMissing - covered;
  }

  // ---- type checks ----

  /**
   * Adds the problems of one column's declaration against {@code df}'s schema: absent source
   * columns, unaccepted Spark types. With {@code examples}, a type mismatch quotes one value (a
   * small query on the error path only).
   */
  static void checkTypes(Dataset<Row> df, FittedColumn c, Problems problems, boolean examples) {
    StructType st = df.schema();
    List<String> names = Arrays.asList(st.fieldNames());
    String declared = c.type.configName();
    for (String s : c.sources) {
      if (!names.contains(s)) {
        problems.add(s, (c.output ? "output '" : "column '") + s + "' is declared " + declared
            + (c.output ? " output" : "") + " in schema but the data has no such column; columns are " + names);
        continue;
      }
      DataType t = st.apply(s).dataType();
      String advice = typeAdvice(c.type, t);
      if (advice == null) continue;
      String example = examples ? example(df, s) : null;
      problems.add(s, (c.output ? "output '" : "column '") + s + "' is declared " + declared + " but holds "
          + t.simpleString() + " values" + (example == null ? "" : " (e.g. '" + example + "')") + "; " + advice);
    }
  }

  /** Null when {@code type} accepts Spark type {@code t}, else what to do about it. */
  static String typeAdvice(ColumnType type, DataType t) {
    boolean ok = switch (type) {
      case TEXT -> t instanceof StringType;
      case NUMERICAL -> t instanceof NumericType;
      case CATEGORICAL, BOOLEAN -> t instanceof StringType || isIntegral(t) || t instanceof BooleanType;
      case TIMESTAMP -> t instanceof LongType || t instanceof IntegerType || t instanceof TimestampType
          || t instanceof DateType;
    };
    if (ok) return null;
    if (type == ColumnType.TIMESTAMP) {
      if (t instanceof StringType) return "convert it to a timestamp, a date or epoch seconds (long) first, or declare it text or categorical";
      if (t instanceof TimestampNTZType) return "convert it to a timestamp (with a time zone) or epoch seconds first";
      if (t instanceof NumericType) return "epoch seconds must be long or int; cast it, or declare it numerical";
    }
    String suggest = suggestion(t);
    return suggest == null ? "no declared type accepts it; convert it first" : "declare it " + suggest;
  }

  private static String suggestion(DataType t) {
    if (t instanceof StringType) return "text or categorical";
    if (isIntegral(t)) return "numerical or categorical";
    if (t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType) return "numerical";
    if (t instanceof BooleanType) return "boolean or categorical";
    if (t instanceof TimestampType || t instanceof DateType) return "timestamp";
    return null;
  }

  static boolean isIntegral(DataType t) {
    return t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType;
  }

  private static String example(Dataset<Row> df, String s) {
    try {
      Column c = FittedColumn.col(s);
      List<Row> r = df.select(c.cast("string")).where(c.isNotNull()).limit(1).collectAsList();
      if (r.isEmpty()) return null;
      String v = r.get(0).getString(0);
      return v.length() > 30 ? v.substring(0, 30) + "..." : v;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Problems collected across columns, thrown as one SchemaException. */
  static final class Problems {
    private final List<String> columns = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    void add(String column, String message) {
      columns.add(column);
      messages.add(message);
    }

    boolean isEmpty() {
      return messages.isEmpty();
    }

    void throwIfAny() {
      if (messages.isEmpty()) return;
      if (messages.size() == 1) throw new SchemaException(columns, messages.get(0));
      throw new SchemaException(columns, messages.size() + " problems with the schema: " + String.join("; ", messages));
    }
  }
}
