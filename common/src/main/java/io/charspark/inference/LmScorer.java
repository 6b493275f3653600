package io.charspark.inference;

import io.charspark.lm.LmEvaluator.CrossEntropy;
import io.charspark.model.Network;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-character cross-entropy of a language model on {@code (features, label)} pairs, computed on
 * the executors with a {@link PartitionScorer}: only a sum and a count per partition come back.
 */
public final class LmScorer {
  private LmScorer() {}

  public static CrossEntropy crossEntropy(SparkSession spark, Network net, Dataset<Row> pairs, int batchSize) {
    if (net.isGraph()) throw new IllegalArgumentException("A language model is a multi-layer network, not a graph");
    PartitionScorer scorer = PartitionScorer.broadcast(spark, net, batchSize);
    return pairs.select("label", "features")
        .javaRDD()
        .mapPartitions(it -> {
          // One running sum per partition, row by row: the same additions in the same order as ever.
          Iterator<Double> logs = scorer.score(it, (m, batch) -> logProbabilities((MultiLayerNetwork) m, batch));
          double nats = 0;
          long n = 0;
          while (logs.hasNext()) {
            nats -= logs.next();
            n++;
          }
          return List.of(new CrossEntropy(nats, n)).iterator();
        })
        .reduce(CrossEntropy::plus);
  }

  /** The natural log of each pair's true next-character probability (floored at 1e-12). */
  private static List<Double> logProbabilities(MultiLayerNetwork net, List<Row> batch) {
    INDArray p = net.output(Predictor.features(batch), false);
    List<Double> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(Math.log(Math.max(p.getDouble(i, batch.get(i).getInt(0)), 1e-12)));
    }
    return out;
  }
}
