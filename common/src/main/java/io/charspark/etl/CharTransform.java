package io.charspark.etl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The character ETL of a classifier as a fitted transform: the sequence length and the truncation
 * side, fixed when the model is trained, saved in {@code model.json} ({@code "etl": {"max_length":
 * 160, "truncation": "post"}}) and used from this one object by {@code train}, {@code evaluate} and
 * {@code score} (as {@code FittedSchema} is for typed schemas). Nothing is learnt from data: the
 * vocabulary is fixed ({@link CharEtl}); "fitted" means the settings travel with the model.
 */
public record CharTransform(
    @JsonProperty("max_length") int maxLength, @JsonProperty("truncation") Truncation truncation)
    implements Serializable {

  public CharTransform {
    if (maxLength < 1) throw new IllegalArgumentException("ETL max_length " + maxLength + " must be at least 1");
    if (truncation == null) throw new IllegalArgumentException("ETL truncation missing: expected pre or post");
  }

  /**
   * {@code rows} with column {@code out} added: the character form of {@code in}
   * ({@link SparkCharEtl#transform}).
   */
  public Dataset<Row> transform(Dataset<Row> rows, String in, String out) {
    return SparkCharEtl.transform(rows, in, out, maxLength, truncation.keepsTail());
  }

  /** The character form of one text column ({@link SparkCharEtl#encode}). */
  public Column encode(Column text) {
    return SparkCharEtl.encode(text, maxLength, truncation.keepsTail());
  }

  /** The plain-Java twin of this transform, for one text at a time. */
  public CharEtl local() {
    return new CharEtl(maxLength, truncation.keepsTail());
  }

  /** {@code max_length 160, truncate post}: how {@code report.html} and logs name it. */
  public String describe() {
    return "max_length " + maxLength + ", truncate " + truncation.value();
  }
}
