package io.charspark.etl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which side of a text longer than the ETL's maximum length is kept: {@link #PRE} cuts the head and
 * keeps the tail (Keras' {@code truncating='pre'}), {@link #POST} keeps the head. Spelled {@code pre}
 * / {@code post} in the configuration ({@code etl.truncate}) and in {@code model.json}.
 */
public enum Truncation {
  PRE,
  POST;

  /** Whether the end of a long text is kept ({@link #PRE}). */
  public boolean keepsTail() {
    return this == PRE;
  }

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code pre} or {@code post}; anything else is an {@link IllegalArgumentException} naming both. */
  @JsonCreator
  public static Truncation of(String value) {
    for (Truncation t : values()) {
      if (t.value().equals(value)) return t;
    }
    throw new IllegalArgumentException("Truncation '" + value + "': expected pre or post");
  }

  public static Truncation keepingTail(boolean keepTail) {
    return keepTail ? PRE : POST;
  }
}
