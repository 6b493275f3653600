package io.charspark.schema;

import java.util.List;

/**
 * A typed-schema problem a user can fix: a declaration that contradicts itself, or data that does
 * not fit the declaration. Every message about a column names it; {@link #column()} is that column
 * (the first one when the message reports several problems, all listed in {@link #columns()}).
 */
public class SchemaException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String column;
  private final List<String> columns;

  public SchemaException(String column, String message) {
    super(message);
    this.column = column;
    this.columns = column == null ? List.of() : List.of(column);
  }

  /** Several problems at once: {@code columns} in the order of the messages. */
  public SchemaException(List<String> columns, String message) {
    super(message);
    this.columns = columns.stream().filter(java.util.Objects::nonNull).toList();
    this.column = this.columns.isEmpty() ? null : this.columns.get(0);
  }

  /** The column the message is about (the first one if several), or null for a schema-wide problem. */
  public String column() {
    return column;
  }

  /** Every column the message names, in order. */
  public List<String> columns() {
    return columns;
  }
}
