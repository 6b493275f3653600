package io.charspark.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A fitted column of a type that may be a model output: {@link BooleanColumn}, {@link
 * CategoricalColumn} or {@link NumericalColumn} (as inputs too). Besides the input encoding it knows
 * its output's label and prediction: the label width ({@code [n, 1]}, or {@code [n, levels + 1]}
 * one-hot for categorical), the prediction column's Spark type and how a head's activations and an
 * encoded label read back in the column's own unit. Code outside {@code schema} that must choose per
 * type (a DL4J head, a metric) uses {@link #match}, which the compiler checks covers every type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CategoricalColumn.class, name = "categorical"),
  @JsonSubTypes.Type(value = NumericalColumn.class, name = "numerical"),
  @JsonSubTypes.Type(value = BooleanColumn.class, name = "boolean")
})
public sealed interface OutputColumn extends FittedColumn permits BooleanColumn, CategoricalColumn, NumericalColumn {

  /** Width of the label and of the head: categorical → levels + 1 (one-hot, index 0 = UNK); boolean, numerical → 1. */
  default int labelWidth() {
    return 1;
  }

  /** Spark type of the {@code p_<name>} prediction column: double, or array&lt;double&gt; of class probabilities for categorical. */
  default DataType predictionType() {
    return DataTypes.DoubleType;
  }

  /**
   * The {@code p_<name>} value of one row from its head's {@link #labelWidth()} activations: boolean →
   * the probability; categorical → the class probabilities (index 0 = UNK); numerical → the
   * prediction back in the column's unit.
   */
  Object prediction(double[] head);

  /** Spark type of the decoded {@code y_<name>} label: int (boolean 0/1, categorical index), double (numerical, in its unit). */
  default DataType labelType() {
    return DataTypes.IntegerType;
  }

  /** An encoded (non-null) label in the type of {@link #labelType()}: numerical ones back in the column's unit. */
  default Object decodeLabel(Number encoded) {
    return encoded.intValue();
  }

  /** The result of the function for this column's type: one function per output type, so every type is handled. */
  <R> R match(Function<? super BooleanColumn, ? extends R> ifBoolean,
      Function<? super CategoricalColumn, ? extends R> ifCategorical,
      Function<? super NumericalColumn, ? extends R> ifNumerical);
}
