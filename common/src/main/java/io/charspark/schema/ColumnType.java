package io.charspark.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The declared type of a typed-schema column (SPEC.md §5). In configs and in the fitted JSON a
 * type is written by its {@link #configName() lower-case name}. Inputs may be of any type; outputs
 * only {@link #CATEGORICAL}, {@link #NUMERICAL} or {@link #BOOLEAN} ({@link #canBeOutput()}). A
 * fitted column of each type is its own record: {@link TextColumn}, {@link CategoricalColumn},
 * {@link NumericalColumn}, {@link BooleanColumn}, {@link TimestampColumn}.
 */
public enum ColumnType {
  TEXT,
  CATEGORICAL,
  NUMERICAL,
  BOOLEAN,
  TIMESTAMP;

  /** The lower-case name used in configs and JSON, e.g. {@code "numerical"}. */
  @JsonValue
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a column of this type may be a model output (a prediction head). */
  public boolean canBeOutput() {
    return this == CATEGORICAL || this == NUMERICAL || this == BOOLEAN;
  }

  /** Parses a type name, case-insensitively and trimmed; unknown names list the valid ones. */
  @JsonCreator
  public static ColumnType parse(String s) {
    if (s != null) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      for (ColumnType c : values()) {
        if (c.configName().equals(t)) return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown column type '" + s + "'; valid types are " + validNames());
  }

  /** {@code "text, categorical, numerical, boolean, timestamp"}. */
  public static String validNames() {
    return Arrays.stream(values()).map(ColumnType::configName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return configName();
  }
}
