package io.charspark.etl;

import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.ascii;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The character ETL of SPEC.md §2 as Spark SQL built-in expressions (no UDF), so Catalyst
 * generates code for it. Input: a string column; output ({@link #transform}): a string of exactly
 * {@code maxLength} vocabulary characters, pre-padded with {@link CharEtl#PAD_CHAR} (see {@link
 * #encode}); {@link #encodeIndices} gives the same as {@code array<int>}. Null text is treated as
 * empty ({@code "<>"}).
 */
public final class SparkCharEtl {
  private SparkCharEtl() {}

  /** Steps 1–4: the cleaned text wrapped in markers. */
  public static Column clean(Column text) {
    return clean(text, false);
  }

  /** Steps 1–4, optionally keeping {@code \n} (language model vocabulary). */
  public static Column clean(Column text, boolean keepNewline) {
    Column s = lower(coalesce(text, lit("")));
    // Steps 2 and 3 in one regular-expression pass (see CharEtl.SEPARATOR_RUN_REGEX).
    s = regexp_replace(s, keepNewline ? CharEtl.SEPARATOR_RUN_REGEX_NL : CharEtl.SEPARATOR_RUN_REGEX, " ");
    // After step 3 the only whitespace left is single spaces, so trimming spaces is enough.
    s = trim(s);
    return concat(lit("<"), s, lit(">"));
  }

  /**
   * Step 5 on an already cleaned column: one index per character. {@code ascii()} gives the code of
   * the first character; the cleaned text holds only codes 32..126 (tabs and form feeds were folded
   * into spaces), but the three low vocabulary entries are mapped for completeness.
   */
  public static Column toIndices(Column cleaned) {
    // split(s, '') gives one-character strings; the cleaned text is referenced once, outside the
    // lambda, so the regular expressions run once per row (substr inside the lambda would re-run
    // them for every character).
    return org.apache.spark.sql.functions.transform(
        split(cleaned, ""),
        c -> {
          Column code = ascii(c);
          return when(code.equalTo(10), lit(CharEtl.NEWLINE))
              .when(code.equalTo(9), lit(0))
              .when(code.equalTo(11), lit(1))
              .when(code.equalTo(12), lit(2))
              .otherwise(code.minus(29));
        });
  }

  /** Step 6: truncate (keep head, or tail) or pre-pad with {@link CharEtl#PAD}. */
  public static Column fit(Column indices, int maxLength, boolean keepTail) {
    Column n = size(indices);
    Column truncated = keepTail ? slice(indices, -maxLength, maxLength) : slice(indices, 1, maxLength);
    Column padded = concat(array_repeat(lit(CharEtl.PAD), lit(maxLength).minus(n)), indices);
    return when(n.geq(maxLength), truncated).otherwise(padded);
  }

  /**
   * Steps 1–4 and 6 in character form: a string of exactly {@code maxLength} characters, the
   * cleaned text truncated (head kept, or tail) or pre-padded with {@link CharEtl#PAD_CHAR}. Step 5
   * (character → index, {@link CharEtl#index}) happens while minibatches are filled
   * ({@code Predictor.features}), so the whole ETL is code-generated string expressions
   * ({@code lower}, {@code regexp_replace}, {@code trim}, {@code concat}, {@code lpad},
   * {@code substring}) — no higher-order function building a per-character array, no UDF.
   */
  public static Column encode(Column text, int maxLength, boolean keepTail) {
    return fitChars(clean(text), maxLength, keepTail);
  }

  /** Step 6 on a cleaned string; {@code lpad} pads on the left and, for a longer text, keeps the head. */
  public static Column fitChars(Column cleaned, int maxLength, boolean keepTail) {
    Column padded = lpad(cleaned, maxLength, String.valueOf(CharEtl.PAD_CHAR));
    if (!keepTail) return padded;
    return when(length(cleaned).gt(maxLength), substring(cleaned, -maxLength, maxLength)).otherwise(padded);
  }

  /** All six steps as {@code array<int>} (steps 5–6 as array functions): the twin of {@link CharEtl#encode}. */
  public static Column encodeIndices(Column text, int maxLength, boolean keepTail) {
    return fit(toIndices(clean(text)), maxLength, keepTail);
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
}
