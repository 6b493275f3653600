package io.charspark.inference;

import io.charspark.model.Nets;
import io.charspark.model.Network;
import io.charspark.spark.GpuAssignment;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;

/**
 * Scoring a partition with a network, the one way every scorer does it ({@link Predictor}, {@link
 * SchemaPredictor}, {@link LmScorer}): the network is broadcast once as bytes, restored once per
 * non-empty partition, and the partition's rows are read in minibatches one at a time, so neither
 * the rows nor their outputs of a whole partition are ever held at once.
 */
public final class PartitionScorer implements Serializable {
  /** What one minibatch gives: its rows, the restored network, and the results for those rows. */
  @FunctionalInterface
  public interface Minibatch<T> extends Serializable {
    List<T> score(Model net, List<Row> batch);
  }

  private final Broadcast<byte[]> model;
  private final boolean graph;
  private final int batchSize;

  private PartitionScorer(Broadcast<byte[]> model, boolean graph, int batchSize) {
    this.model = model;
    this.graph = graph;
    this.batchSize = batchSize;
  }

  /** Broadcasts {@code net} (once, on the driver) for minibatches of {@code batchSize} rows. */
  public static PartitionScorer broadcast(SparkSession spark, Network net, int batchSize) {
    if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1");
    Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(net.toBytes());
    return new PartitionScorer(bytes, net.isGraph(), batchSize);
  }

  /**
   * On an executor: the results of {@code score} for each minibatch of {@code rows}, in row order,
   * computed as the returned iterator is read.
   */
  public <T> Iterator<T> score(Iterator<Row> rows, Minibatch<T> score) {
    GpuAssignment.bindCurrentThread();
    if (!rows.hasNext()) return Collections.emptyIterator();
    Model net = Nets.fromBytes(model.value(), graph);
    Iterator<List<T>> batches = Batches.lazily(rows, batchSize, batch -> score.score(net, batch));
    return new Iterator<>() {
      private Iterator<T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && batches.hasNext()) current = batches.next().iterator();
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
      }
    };
  }
}
