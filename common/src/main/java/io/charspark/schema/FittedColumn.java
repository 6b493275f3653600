package io.charspark.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * The fitted transform of one typed-schema column: statistics of the TRAIN split, saved as JSON
 * (inside the model's {@code model.json}) and applied with Spark SQL built-in expressions
 * ({@link #encode()}, no UDF). One immutable record per {@link ColumnType}, each holding only its
 * own statistics and owning its encoding, width, missing-value rule and description:
 *
 * <ul>
 *   <li>{@link TextColumn}: the character ETL, {@code [max_length]} character indices;
 *   <li>{@link CategoricalColumn}: an index into the train levels, 0 = UNK;
 *   <li>{@link NumericalColumn}: the standard-scaled value, missing → the train mean;
 *   <li>{@link BooleanColumn}: 0/1, missing → the train majority;
 *   <li>{@link TimestampColumn}: 12 sin/cos values of six cycles, missing → zeros.
 * </ul>
 *
 * The three types that may be outputs are {@link OutputColumn}s. In the JSON every column has
 * {@code name, sources, type, output, source_type, train_rows, train_missing} (snake_case, in this
 * order), then its type's own fields; {@code type} (the {@link ColumnType#configName() lower-case
 * name}) selects the record when it is read back. Made by {@link ColumnFitter}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TextColumn.class, name = "text"),
  @JsonSubTypes.Type(value = CategoricalColumn.class, name = "categorical"),
  @JsonSubTypes.Type(value = NumericalColumn.class, name = "numerical"),
  @JsonSubTypes.Type(value = BooleanColumn.class, name = "boolean"),
  @JsonSubTypes.Type(value = TimestampColumn.class, name = "timestamp")
})
public sealed interface FittedColumn extends Serializable
    permits TextColumn, TimestampColumn, OutputColumn {

  /** Feature name: the source column, or {@code text} for concatenated text. */
  String name();

  /** The DataFrame column(s) read: one, except concatenated text. */
  List<String> sources();

  /** The column's type (fixed per record class; the JSON's {@code type}). */
  ColumnType type();

  /** Whether this is an output (label) column. */
  boolean output();

  /** Spark type of the source in train ({@code DataType.simpleString}), e.g. {@code bigint}. */
  String sourceType();

  /** Train rows. */
  long trainRows();

  /** Train rows whose value is missing (see {@link #missing()} for what missing means per type). */
  long trainMissing();

  /** The column name of this feature in {@link FittedSchema#transform} output: {@code f_<name>} or {@code y_<name>}. */
  default String columnName() {
    return (output() ? "y_" : "f_") + name();
  }

  /** Encoded width: text → max_length; categorical, numerical, boolean → 1; timestamp → 12. */
  int width();

  /** The encoded value of this column (input or output encoding per {@link #output()}); see each type. */
  default Column encode() {
    return encode(Columns.sourceDataType(sourceType()));
  }

  /**
   * {@link #encode()} for a source whose Spark type is {@code source} (only a timestamp's encoding
   * depends on it: epoch seconds from a long/int, a timestamp or a date).
   */
  Column encode(DataType source);

  /** True when the source value is missing (null; NaN/±Infinity for numerical; empty text; an unrecognised boolean). */
  Column missing();

  /** One line on what was fitted (train log, report.html), e.g. {@code 7 levels + UNK}. */
  String describe();

  /** A column reference that survives dots, spaces and backticks in the column's name. */
  static Column col(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
