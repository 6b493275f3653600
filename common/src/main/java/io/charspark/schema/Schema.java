package io.charspark.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A declared typed schema (what the config says, keras-pandas style): input columns by type, the
 * output columns with their types (in head order), and the transform options.
 *
 * <p>Validated on construction (every error about a column is a {@link SchemaException} naming
 * it): a column may be declared once only (not in two types, not as input and output, not twice
 * in one list); names are non-blank; at least one input and one output; outputs are categorical,
 * numerical or boolean; {@code textMode} is {@code separate} (one feature per text column, named
 * after it) or {@code concat} (one feature {@code text}: the text columns joined by a space), case
 * insensitive and stored lower-case; in concat mode no other column may be called {@code text};
 * {@code maxLevels >= 1}; {@code textMaxLength >= 1} when there are text columns. Null lists
 * are empty lists.
 *
 * @param text text inputs (character ETL)
 * @param categorical categorical inputs
 * @param numerical numerical inputs
 * @param bool boolean inputs
 * @param timestamp timestamp inputs
 * @param outputs output columns and their types, in head order
 * @param textMode {@code "separate"} or {@code "concat"}
 * @param maxLevels cap on the levels of a categorical column (the rest are UNK)
 * @param textMaxLength characters per encoded text
 * @param textKeepTail truncate long texts keeping the tail (default: keep the head)
 */
public record Schema(
    List<String> text,
    List<String> categorical,
    List<String> numerical,
    List<String> bool,
    List<String> timestamp,
    LinkedHashMap<String, ColumnType> outputs,
    String textMode,
    int maxLevels,
    int textMaxLength,
    boolean textKeepTail)
    implements Serializable {

  public static final String SEPARATE = "separate";
  public static final String CONCAT = "concat";
  /** The feature name of the concatenated text in concat mode. */
  public static final String CONCAT_NAME = "text";

  public Schema {
    text = names(text, ColumnType.TEXT);
    categorical = names(categorical, ColumnType.CATEGORICAL);
    numerical = names(numerical, ColumnType.NUMERICAL);
    bool = names(bool, ColumnType.BOOLEAN);
    timestamp = names(timestamp, ColumnType.TIMESTAMP);
    LinkedHashMap<String, ColumnType> outs = new LinkedHashMap<>();
    if (outputs != null) {
      for (Map.Entry<String, ColumnType> e : outputs.entrySet()) {
        String name = e.getKey();
        if (name == null || name.isBlank()) {
          throw new SchemaException(name, "an output column has a blank name");
        }
        ColumnType t = e.getValue();
        if (t == null) {
          throw new SchemaException(name, "output '" + name + "' has no type; outputs are boolean, categorical or numerical");
        }
        if (!t.canBeOutput()) {
          throw new SchemaException(name, "output '" + name + "' is declared " + t.configName()
              + "; outputs may only be boolean, categorical or numerical");
        }
        outs.put(name, t);
      }
    }
    outputs = outs;

    Map<String, String> seen = new LinkedHashMap<>();
    declare(seen, text, "text input");
    declare(seen, categorical, "categorical input");
    declare(seen, numerical, "numerical input");
    declare(seen, bool, "boolean input");
    declare(seen, timestamp, "timestamp input");
    for (Map.Entry<String, ColumnType> e : outs.entrySet()) {
      declare(seen, List.of(e.getKey()), e.getValue().configName() + " output");
    }
    int inputs = text.size() + categorical.size() + numerical.size() + bool.size() + timestamp.size();
    if (inputs == 0) {
      throw new SchemaException((String) null, "the schema declares no input columns; declare at least one "
          + "text, categorical, numerical, boolean or timestamp column");
    }
    if (outs.isEmpty()) {
      throw new SchemaException((String) null, "the schema declares no output columns; declare at least one "
          + "boolean, categorical or numerical output");
    }
    String mode = textMode == null ? SEPARATE : textMode.trim().toLowerCase(Locale.ROOT);
    if (!mode.equals(SEPARATE) && !mode.equals(CONCAT)) {
      throw new SchemaException((String) null, "text mode '" + textMode + "' is not valid; use separate or concat");
    }
    textMode = mode;
    if (mode.equals(CONCAT) && !text.isEmpty() && !text.contains(CONCAT_NAME) && seen.containsKey(CONCAT_NAME)) {
      throw new SchemaException(CONCAT_NAME, "in concat text mode the joined text feature is named '"
          + CONCAT_NAME + "', which clashes with the " + seen.get(CONCAT_NAME) + " 'text'; rename that column "
          + "or use separate text mode");
    }
    if (maxLevels < 1) {
      throw new SchemaException((String) null, "max levels must be >= 1, is " + maxLevels);
    }
    if (!text.isEmpty() && textMaxLength < 1) {
      throw new SchemaException((String) null, "text max length must be >= 1, is " + textMaxLength);
    }
  }

  /** The canonical constructor under a name; {@code outputs} keeps its iteration order. */
  public static Schema of(
      List<String> text,
      List<String> categorical,
      List<String> numerical,
      List<String> bool,
      List<String> timestamp,
      Map<String, ColumnType> outputs,
      String textMode,
      int maxLevels,
      int textMaxLength,
      boolean textKeepTail) {
    return new Schema(text, categorical, numerical, bool, timestamp,
        outputs == null ? null : new LinkedHashMap<>(outputs), textMode, maxLevels, textMaxLength, textKeepTail);
  }

  /** A copy of the outputs (the record's own map is never handed out). */
  @Override
  public LinkedHashMap<String, ColumnType> outputs() {
    return new LinkedHashMap<>(outputs);
  }

  /** Every declared input column in order: text, categorical, numerical, boolean, timestamp. */
  public List<String> inputColumns() {
    List<String> all = new ArrayList<>();
    all.addAll(text);
    all.addAll(categorical);
    all.addAll(numerical);
    all.addAll(bool);
    all.addAll(timestamp);
    return all;
  }

  /** Output column names in head order. */
  public List<String> outputColumns() {
    return new ArrayList<>(outputs.keySet());
  }

  /** Whether the text columns are joined into one feature {@value #CONCAT_NAME}. */
  public boolean concatText() {
    return CONCAT.equals(textMode);
  }

  /** Whether {@code col} is declared as an output. */
  public boolean isOutput(String col) {
    return outputs.containsKey(col);
  }

  /** The declared type of an input or output column; an undeclared column is a SchemaException. */
  public ColumnType typeOf(String col) {
    if (text.contains(col)) return ColumnType.TEXT;
    if (categorical.contains(col)) return ColumnType.CATEGORICAL;
    if (numerical.contains(col)) return ColumnType.NUMERICAL;
    if (bool.contains(col)) return ColumnType.BOOLEAN;
    if (timestamp.contains(col)) return ColumnType.TIMESTAMP;
    ColumnType t = outputs.get(col);
    if (t != null) return t;
    throw new SchemaException(col, "column '" + col + "' is not declared in the schema; declared columns are "
        + inputColumns() + " and outputs " + outputs.keySet());
  }

  private static List<String> names(List<String> in, ColumnType type) {
    if (in == null) return List.of();
    for (String n : in) {
      if (n == null || n.isBlank()) {
        throw new SchemaException(n, "a " + type.configName() + " column has a blank name");
      }
    }
    return List.copyOf(in);
  }

  private static void declare(Map<String, String> seen, List<String> names, String role) {
    for (String n : names) {
      String before = seen.putIfAbsent(n, role);
      if (before != null) {
        throw new SchemaException(n, "column '" + n + "' is declared twice in the schema: as "
            + before + " and as " + role + "; declare each column once");
      }
    }
  }
}
