package io.charspark.schema;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Helpers shared by the fitted column types. */
final class Columns {
  private Columns() {}

  /** The column reference of a single-source column. */
  static Column source(List<String> sources) {
    return FittedColumn.col(sources.get(0));
  }

  /** The Spark type a saved {@code source_type} names (string when absent). */
  static DataType sourceDataType(String sourceType) {
    if (sourceType == null) return DataTypes.StringType;
    return switch (sourceType) {
      case "bigint" -> DataTypes.LongType;
      case "int" -> DataTypes.IntegerType;
      case "timestamp" -> DataTypes.TimestampType;
      case "date" -> DataTypes.DateType;
      default -> DataType.fromDDL(sourceType);
    };
  }

  /** {@code numerical input 'x'}: how a column names itself in messages. */
  static String toString(FittedColumn c) {
    return c.type().configName() + (c.output() ? " output '" : " input '") + c.name() + "'";
  }

  /** An immutable copy of the sources (required). */
  static List<String> sources(List<String> sources, String name) {
    if (sources == null || sources.isEmpty()) throw new IllegalArgumentException("column '" + name + "' has no sources");
    return List.copyOf(sources);
  }
}
