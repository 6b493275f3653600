package io.charspark.schema;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * variance). Each phase reports every problem it finds in one {@link SchemaException}. What is
 * aggregated and checked per type is the type's own (the package-private {@code fit} of {@link
 * TextColumn}, {@link CategoricalColumn}, {@link NumericalColumn}, {@link BooleanColumn}, {@link
 * TimestampColumn}).
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
    return fitAll(train, List.of(declare(column, List.of(column), type, output, schema)), schema.maxLevels()).get(0);
  }

  /** Fits the concat-mode text feature {@code text}: {@code sources} joined by a space. */
  public static TextColumn fitConcatText(Dataset<Row> train, List<String> sources, Schema schema) {
    return (TextColumn) fitAll(train, List.of(declare(Schema.CONCAT_NAME, sources, ColumnType.TEXT, false, schema)),
        schema.maxLevels()).get(0);
  }

  /** A declared column, not fitted yet: identity and the schema's text options. */
  record Declared(String name, List<String> sources, ColumnType type, boolean output, int textMaxLength,
      boolean textKeepTail) {
    Column source() {
      return Columns.source(sources);
    }

    /** {@code output 'y'} or {@code column 'x'}, for messages. */
    String who() {
      return (output ? "output '" : "column '") + name + "'";
    }
  }

  /** Facts every fitted column records: its Spark source type and the train row and missing counts. */
  record Facts(String sourceType, long rows, long missing) {
    long present() {
      return rows - missing;
    }
  }

  /**
   * How one declared column of a type is fitted (each type's own {@code fit}): its missing rule and
   * aggregations (named with prefix {@code p}, all computed in one pass with every other column's),
   * then the fitted column from their values.
   */
  interface Fit {
    /** True when a train value is missing. */
    Column missing();

    /** Aggregations besides the row and missing counts. */
    default List<Column> statistics(String p) {
      return List.of();
    }

    /** A problem with the values that makes the other checks moot (boolean: unaccepted words), or null. */
    default String valueProblem(Row stats, String p, Facts f) {
      return null;
    }

    /** The fitted column (at least one value present); adds the problems of its statistics. */
    FittedColumn fitted(Row stats, String p, Facts f, Problems problems);
  }

  /** A declared column; outputs must be of a type that can be one. */
  static Declared declare(String name, List<String> sources, ColumnType type, boolean output, Schema schema) {
    if (output && !type.canBeOutput()) {
      throw new SchemaException(name, "output '" + name + "' is declared " + type.configName()
          + "; outputs may only be boolean, categorical or numerical");
    }
    return new Declared(name, List.copyOf(sources), type, output, schema.textMaxLength(), schema.textKeepTail());
  }

  /** The fitting of a declared column: the one place a declared type becomes its fitted record type. */
  private static Fit fitOf(Declared d, Dataset<Row> train, int maxLevels) {
    return switch (d.type()) {
      case TEXT -> TextColumn.fit(d);
      case CATEGORICAL -> CategoricalColumn.fit(d, train, maxLevels);
      case NUMERICAL -> NumericalColumn.fit(d);
      case BOOLEAN -> BooleanColumn.fit(d);
      case TIMESTAMP -> TimestampColumn.fit(d);
    };
  }

  /** Fits several columns, in order: type checks, one aggregation, one groupBy per categorical, value checks. */
  static List<FittedColumn> fitAll(Dataset<Row> train, List<Declared> cols, int maxLevels) {
    Problems typeProblems = new Problems();
    for (Declared d : cols) checkTypes(train, d.sources(), d.type(), d.output(), typeProblems, true);
    typeProblems.throwIfAny();
    StructType st = train.schema();
    List<Fit> fits = new ArrayList<>();
    List<String> sourceTypes = new ArrayList<>();
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("rows"));
    for (int i = 0; i < cols.size(); i++) {
      Declared d = cols.get(i);
      Fit fit = fitOf(d, train, maxLevels);
      fits.add(fit);
      sourceTypes.add(d.sources().size() == 1 ? st.apply(d.sources().get(0)).dataType().simpleString() : "string");
      String p = "c" + i + "_";
      aggs.add(count(when(fit.missing(), lit(1))).as(p + "missing"));
      aggs.addAll(fit.statistics(p));
    }
    Row stats = train.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long rows = stats.getLong(stats.fieldIndex("rows"));
    if (rows == 0) {
      throw new SchemaException((String) null, "the train split has no rows; nothing to fit the schema on");
    }

    Problems problems = new Problems();
    List<FittedColumn> out = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      Declared d = cols.get(i);
      String p = "c" + i + "_";
      Facts f = new Facts(sourceTypes.get(i), rows, stats.getLong(stats.fieldIndex(p + "missing")));
      String bad = fits.get(i).valueProblem(stats, p, f);
      if (bad != null) {
        problems.add(d.name(), bad);
        continue;
      }
      if (f.present() == 0) {
        problems.add(d.name(), d.output()
            ? d.who() + " has no labelled rows in the train split (all " + rows + " rows are missing)"
            : d.who() + " has no values in the train split (all " + rows + " rows are missing)");
        continue;
      }
      out.add(fits.get(i).fitted(stats, p, f, problems));
    }
    problems.throwIfAny();
    return out;
  }

  // ---- type checks ----

  /**
   * Adds the problems of one column's declaration against {@code df}'s schema: absent source
   * columns, unaccepted Spark types. With {@code examples}, a type mismatch quotes one value (a
   * small query on the error path only).
   */
  static void checkTypes(Dataset<Row> df, FittedColumn c, Problems problems, boolean examples) {
    checkTypes(df, c.sources(), c.type(), c.output(), problems, examples);
  }

  private static void checkTypes(Dataset<Row> df, List<String> sources, ColumnType type, boolean output,
      Problems problems, boolean examples) {
    StructType st = df.schema();
    List<String> names = Arrays.asList(st.fieldNames());
    String declared = type.configName();
    for (String s : sources) {
      if (!names.contains(s)) {
        problems.add(s, (output ? "output '" : "column '") + s + "' is declared " + declared
            + (output ? " output" : "") + " in schema but the data has no such column; columns are " + names);
        continue;
      }
      DataType t = st.apply(s).dataType();
      String advice = typeAdvice(type, t);
      if (advice == null) continue;
      String example = examples ? example(df, s) : null;
      problems.add(s, (output ? "output '" : "column '") + s + "' is declared " + declared + " but holds "
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
