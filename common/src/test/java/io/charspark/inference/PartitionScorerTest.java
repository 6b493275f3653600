package io.charspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.charspark.SparkTestBase;
import io.charspark.model.Nets;
import io.charspark.model.Network;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The one partition scorer: minibatches read one at a time, outputs in row order, a real restored network. */
class PartitionScorerTest extends SparkTestBase {

  /** Two inputs, one sigmoid output, fixed weights: p = sigmoid(x0 + 2 x1 - 1). */
  static Network tiny() {
    Network net = Network.init(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(2).nOut(1)
            .activation(Activation.SIGMOID).build())
        .build());
    net.dl4j().setParams(Nd4j.create(new float[] {1f, 2f, -1f}, new long[] {1, 3}));
    return net;
  }

  /** Rows {@code (i)}, counting how many the scorer has taken. */
  static Iterator<Row> rows(int n, AtomicInteger taken) {
    Iterator<Integer> it = IntStream.range(0, n).iterator();
    return new Iterator<>() {
      public boolean hasNext() {
        return it.hasNext();
      }

      public Row next() {
        taken.incrementAndGet();
        return RowFactory.create(it.next());
      }
    };
  }

  @Test
  void readsOneMinibatchAtATimeAndKeepsRowOrder() {
    PartitionScorer scorer = PartitionScorer.broadcast(spark, tiny(), 4);
    AtomicInteger taken = new AtomicInteger();
    Iterator<Double> out = scorer.score(rows(10, taken), (net, batch) -> {
      float[] f = new float[batch.size() * 2];
      for (int i = 0; i < batch.size(); i++) {
        f[2 * i] = batch.get(i).getInt(0);
        f[2 * i + 1] = 0.5f;
      }
      var p = Nets.output(net, Nd4j.create(f, new long[] {batch.size(), 2}, 'c'));
      List<Double> v = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) v.add(p.getDouble(i, 0));
      return v;
    });
    assertEquals(0, taken.get(), "nothing read before the first output is asked for");
    assertEquals(0.5, out.next(), 1e-6); // sigmoid(0 + 1 - 1)
    assertEquals(4, taken.get(), "one minibatch read, not the partition");
    List<Double> rest = new ArrayList<>();
    out.forEachRemaining(rest::add);
    assertEquals(10, taken.get());
    assertEquals(9, rest.size());
    for (int i = 1; i < 10; i++) assertEquals(1 / (1 + Math.exp(-i)), rest.get(i - 1), 1e-6, "row " + i);
  }

  @Test
  void anEmptyPartitionGivesNothingAndABadBatchSizeIsRefused() {
    PartitionScorer scorer = PartitionScorer.broadcast(spark, tiny(), 3);
    assertFalse(scorer.score(rows(0, new AtomicInteger()), (net, batch) -> List.of(1)).hasNext());
    assertThrows(IllegalArgumentException.class, () -> PartitionScorer.broadcast(spark, tiny(), 0));
  }
}
