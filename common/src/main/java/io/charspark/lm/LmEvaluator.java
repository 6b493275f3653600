package io.charspark.lm;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sum;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Per-character cross-entropy ({@link CrossEntropy}; the model's own is computed by {@code
 * inference.LmScorer}) and the two baselines computed with Spark SQL on the same pairs: the unigram character distribution and an order-k
 * character n-gram model with add-one smoothing, both estimated on the training pairs.
 */
public final class LmEvaluator {
  private static final double LN2 = Math.log(2);

  private LmEvaluator() {}

  /**
   * Summed natural-log loss and count; {@link #natsPerChar()} is the mean. A class, not a record:
   * it travels back from executors through Kryo, which cannot build records.
   */
  public static final class CrossEntropy implements Serializable {
    private final double nats;
    private final long chars;

    public CrossEntropy(double nats, long chars) {
      this.nats = nats;
      this.chars = chars;
    }

    public double nats() {
      return nats;
    }

    public long chars() {
      return chars;
    }

    public double natsPerChar() {
      return chars == 0 ? Double.NaN : nats / chars;
    }

    public double bitsPerChar() {
      return natsPerChar() / LN2;
    }

    public double perplexity() {
      return Math.pow(2, bitsPerChar());
    }

    public CrossEntropy plus(CrossEntropy o) {
      return new CrossEntropy(nats + o.nats, chars + o.chars);
    }
  }

  /**
   * Cross-entropy of an order-{@code order} character model with add-one smoothing over
   * {@code vocabulary} possible next characters, estimated on {@code train} and measured on
   * {@code eval}. Order 1 is the unigram distribution.
   */
  public static CrossEntropy ngram(Dataset<Row> train, Dataset<Row> eval, int order, int vocabulary) {
    int k = order - 1;
    Column ctx = k == 0 ? lit("") : slice(col("features"), -k, k).cast("string");
    Dataset<Row> t = train.select(ctx.as("ctx"), col("label"));
    Dataset<Row> joint = t.groupBy("ctx", "label").agg(count(lit(1)).as("n_cy"));
    Dataset<Row> marginal = t.groupBy("ctx").agg(count(lit(1)).as("n_c"));
    Row r =
        eval.select(ctx.as("ctx"), col("label"))
            .join(joint, new String[] {"ctx", "label"}, "left")
            .join(marginal, new String[] {"ctx"}, "left")
            .select(
                log(
                        coalesce(col("n_cy"), lit(0)).plus(1)
                            .divide(coalesce(col("n_c"), lit(0)).plus(vocabulary)))
                    .as("ln_p"))
            .agg(sum(col("ln_p")).as("s"), count(lit(1)).as("n"))
            .first();
    return new CrossEntropy(-r.getDouble(0), r.getLong(1));
  }
}
