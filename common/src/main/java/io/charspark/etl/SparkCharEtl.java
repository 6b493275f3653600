package io.charspark.etl;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The character ETL of SPEC.md §2 on Spark: column functions over one code-generated Catalyst
 * expression, {@link CharEtlExpression} (no UDF, no regular expression, no higher-order
 * function). Input: a string column; null text is treated as empty ({@code "<>"}).
 *
 * <ul>
 *   <li>{@link #encode}/{@link #transform}: a string of exactly {@code maxLength} vocabulary
 *       characters, pre-padded with {@link CharEtl#PAD_CHAR}; step 5 (character → index) happens
 *       while minibatches are filled ({@code Predictor.features});
 *   <li>{@link #encodeIndices}: the same as {@code array<int>} (pad {@link CharEtl#PAD});
 *   <li>{@link #indices}: the unfitted indices of the cleaned, wrapped text (language-model pairs);
 *   <li>{@link #clean}: steps 1–4 as a string.
 * </ul>
 *
 * The same expression is reachable from SQL once {@link #register}ed (every session built by
 * {@code Sessions} has it): {@code char_etl(text [, max_length [, 'post'|'pre' [, keep_newline]]])}
 * and {@code char_etl_indices(...)} with the same arguments ({@code max_length} 0 = not fitted).
 */
public final class SparkCharEtl {
  private SparkCharEtl() {}

  /** Steps 1–4: the cleaned text wrapped in markers. */
  public static Column clean(Column text) {
    return clean(text, false);
  }

  /** Steps 1–4, optionally keeping {@code \n} (language model vocabulary). */
  public static Column clean(Column text, boolean keepNewline) {
    return column(text, CharEtlExpression.Form.CLEAN, 0, false, keepNewline);
  }

  /**
   * Steps 1–5 without fitting: {@code array<int>}, one index per character of the cleaned, wrapped
   * text ({@code \n} = {@link CharEtl#NEWLINE} when kept). The language model's pairs are cut from it.
   */
  public static Column indices(Column text, boolean keepNewline) {
    return column(text, CharEtlExpression.Form.INDICES, 0, false, keepNewline);
  }

  /**
   * Steps 1–4 and 6 in character form: a string of exactly {@code maxLength} characters, the
   * cleaned text truncated (head kept, or tail) or pre-padded with {@link CharEtl#PAD_CHAR}.
   */
  public static Column encode(Column text, int maxLength, boolean keepTail) {
    return column(text, CharEtlExpression.Form.CHARS, maxLength, keepTail, false);
  }

  /** All six steps as {@code array<int>} of {@code maxLength}: the twin of {@link CharEtl#encode}. */
  public static Column encodeIndices(Column text, int maxLength, boolean keepTail) {
    return column(text, CharEtlExpression.Form.INDICES, maxLength, keepTail, false);
  }

  private static Column column(Column text, CharEtlExpression.Form form, int maxLength, boolean keepTail,
      boolean keepNewline) {
    return new Column(new CharEtlExpression(orEmpty(text.expr()), form, maxLength, keepTail, keepNewline));
  }

  private static Expression orEmpty(Expression text) {
    return new Coalesce(seq(text, Literal.create("", DataTypes.StringType)));
  }

  /** Adds {@code outCol} = encode(textCol); fails before touching data if the schema is wrong. */
  public static Dataset<Row> transform(
      Dataset<Row> df, String textCol, String outCol, int maxLength, boolean keepTail) {
    validateSchema(df, textCol, outCol);
    return df.withColumn(outCol, encode(df.col(textCol), maxLength, keepTail));
  }

  static void validateSchema(Dataset<Row> df, String textCol, String outCol) {
    java.util.List<String> names = java.util.Arrays.asList(df.columns());
    if (!names.contains(textCol)) {
      throw new IllegalArgumentException(
          "Input column " + textCol + " does not exist; columns: " + names);
    }
    String type = df.schema().apply(textCol).dataType().typeName();
    if (!type.equals("string")) {
      throw new IllegalArgumentException("Input column " + textCol + " must be a string, is " + type);
    }
    if (names.contains(outCol)) {
      throw new IllegalArgumentException("Output column " + outCol + " already exists");
    }
  }

  /** Registers {@code char_etl} and {@code char_etl_indices} as SQL functions of {@code spark}. */
  public static void register(SparkSession spark) {
    for (String name : new String[] {"char_etl", "char_etl_indices"}) {
      spark.sessionState().functionRegistry().registerFunction(
          new FunctionIdentifier(name), info(name), args -> build(name, args));
    }
  }

  static ExpressionInfo info(String name) {
    return new ExpressionInfo(CharEtlExpression.class.getName(), name);
  }

  /**
   * Builds the expression of a SQL call; the arguments after the text must be literals.
   *
   * @throws IllegalArgumentException naming the function and the bad argument
   */
  static Expression build(String name, Seq<Expression> args) {
    java.util.List<Expression> a = JavaConverters.seqAsJavaList(args);
    if (a.isEmpty() || a.size() > 4) {
      throw new IllegalArgumentException(name + " takes 1 to 4 arguments (text, max_length, truncate, keep_newline), got " + a.size());
    }
    int maxLength = a.size() > 1 ? typed(name, "max_length", a.get(1), Integer.class) : 0;
    boolean keepTail = false;
    if (a.size() > 2) {
      String t = String.valueOf(literal(name, "truncate", a.get(2))).toLowerCase(Locale.ROOT);
      if (!t.equals("pre") && !t.equals("post")) {
        throw new IllegalArgumentException(name + ": truncate must be 'post' or 'pre', got '" + t + "'");
      }
      keepTail = t.equals("pre");
    }
    boolean keepNewline = a.size() > 3 && typed(name, "keep_newline", a.get(3), Boolean.class);
    if (maxLength < 0) throw new IllegalArgumentException(name + ": max_length must be >= 0, got " + maxLength);
    CharEtlExpression.Form form = name.equals("char_etl_indices")
        ? CharEtlExpression.Form.INDICES
        : maxLength == 0 ? CharEtlExpression.Form.CLEAN : CharEtlExpression.Form.CHARS;
    return new CharEtlExpression(orEmpty(a.get(0)), form, maxLength, keepTail, keepNewline);
  }

  private static Object literal(String name, String arg, Expression e) {
    Object v = e.foldable() ? e.eval(null) : null;
    if (v == null) throw new IllegalArgumentException(name + ": " + arg + " must be a non-null literal, got " + e.sql());
    return v instanceof org.apache.spark.unsafe.types.UTF8String ? v.toString() : v;
  }

  private static <T> T typed(String name, String arg, Expression e, Class<T> type) {
    Object v = literal(name, arg, e);
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(name + ": " + arg + " must be " + (type == Integer.class ? "an int" : "a boolean")
          + " literal, got " + e.sql());
    }
    return type.cast(v);
  }

  @SuppressWarnings("unchecked")
  private static Seq<Expression> seq(Expression... e) {
    return JavaConverters.asScalaBuffer(java.util.Arrays.asList(e)).toSeq();
  }
}
