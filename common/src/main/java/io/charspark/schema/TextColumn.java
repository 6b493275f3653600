package io.charspark.schema;

import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.charspark.etl.SparkCharEtl;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * A fitted <b>text</b> column (string; input only): {@link SparkCharEtl#encode} to {@code
 * max_length} characters (null encodes as {@code "<>"}), width {@code max_length}, fed to the
 * network as {@code [n, max_length]} character indices. In concat mode (feature {@code text}) the
 * source columns are joined by a space first, nulls skipped. Missing = null or empty (all sources,
 * for concat). Nothing is learnt from the data but the counts.
 *
 * @param maxLength characters kept (the workload's {@code etl.max_length} when fitted)
 * @param keepTail whether the last characters are kept rather than the first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "sources", "type", "output", "source_type", "train_rows", "train_missing",
    "max_length", "keep_tail"})
public record TextColumn(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "sources", required = true) List<String> sources,
    @JsonProperty("output") boolean output,
    @JsonProperty("source_type") String sourceType,
    @JsonProperty("train_rows") long trainRows,
    @JsonProperty("train_missing") long trainMissing,
    @JsonProperty(value = "max_length", required = true) int maxLength,
    @JsonProperty(value = "keep_tail", required = true) boolean keepTail) implements FittedColumn {

  public TextColumn {
    sources = Columns.sources(sources, name);
    if (maxLength < 1) {
      throw new SchemaException(name, "text column '" + name + "': max_length " + maxLength + " (must be >= 1)");
    }
  }

  @Override
  @JsonProperty("type")
  public ColumnType type() {
    return ColumnType.TEXT;
  }

  /** {@code max_length}. */
  @Override
  public int width() {
    return maxLength;
  }

  @Override
  public Column encode(DataType source) {
    return SparkCharEtl.encode(value(), maxLength, keepTail);
  }

  /** Null or empty (every source, in concat mode). */
  @Override
  public Column missing() {
    return missing(sources);
  }

  @Override
  public String describe() {
    return "character ETL, " + maxLength + " characters" + (sources.size() > 1 ? " of " + sources : "");
  }

  @Override
  public String toString() {
    return Columns.toString(this);
  }

  private Column value() {
    if (sources.size() == 1) return Columns.source(sources);
    return concat_ws(" ", sources.stream().map(FittedColumn::col).toArray(Column[]::new));
  }

  static Column missing(List<String> sources) {
    Column all = null;
    for (String s : sources) {
      Column c = FittedColumn.col(s);
      Column m = c.isNull().or(c.equalTo(lit("")));
      all = all == null ? m : all.and(m);
    }
    return all;
  }

  /** Fitting: the counts only; length and side come from the schema. */
  static ColumnFitter.Fit fit(ColumnFitter.Declared d) {
    return new ColumnFitter.Fit() {
      @Override
      public Column missing() {
        return TextColumn.missing(d.sources());
      }

      @Override
      public FittedColumn fitted(Row stats, String p, ColumnFitter.Facts f, ColumnFitter.Problems problems) {
        return new TextColumn(d.name(), d.sources(), d.output(), f.sourceType(), f.rows(), f.missing(),
            d.textMaxLength(), d.textKeepTail());
      }
    };
  }
}
