package io.charspark.data;

import io.charspark.io.Fs;
import io.charspark.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A directory written by {@code shard}, on any Hadoop filesystem: checked, then read split by
 * split. {@code dir} is the path as given (local path or URI).
 */
public record ShardDirectory(String dir, Manifest manifest) {
  /** Toxic only: Kaggle test rows whose labels are -1 (kept for prediction, never in metrics). */
  public static final String UNSCORED = "unscored";

  public static ShardDirectory open(Path dir, String expectedWorkload) {
    return open(dir.toString(), expectedWorkload);
  }

  public static ShardDirectory open(String dir, String expectedWorkload) {
    if (!Fs.isDirectory(dir)) {
      throw new IllegalArgumentException("Data directory not found: " + dir);
    }
    String m = Fs.resolve(dir, "manifest.json");
    if (!Fs.exists(m)) {
      throw new IllegalArgumentException(
          dir + " is not a shard directory (no manifest.json; run `charspark shard` first)");
    }
    Manifest manifest;
    try {
      manifest = Json.MAPPER.readValue(Fs.readBytes(m), Manifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + m + ": " + e.getMessage(), e);
    }
    if (expectedWorkload != null && !expectedWorkload.equals(manifest.workload)) {
      throw new IllegalArgumentException(
          "Data " + dir + " was sharded for '" + manifest.workload + "', not '" + expectedWorkload
              + "'");
    }
    return new ShardDirectory(dir, manifest);
  }

  /**
   * Checks from the manifest alone (no Spark) that {@code split} is a split of this directory and
   * holds rows; {@link #read} makes the same check.
   */
  public void checkSplit(String split) {
    boolean unscored = UNSCORED.equals(split) && manifest.splits.containsKey(UNSCORED);
    if (!Sharder.SPLITS.contains(split) && !unscored) {
      throw new IllegalArgumentException(
          "Unknown split '" + split + "'; expected one of " + Sharder.SPLITS);
    }
    if (manifest.splits.getOrDefault(split, 0L) == 0) {
      throw new IllegalArgumentException("Split '" + split + "' of " + dir + " is empty");
    }
  }

  public Dataset<Row> read(SparkSession spark, String split) {
    checkSplit(split);
    return spark.read().parquet(Fs.qualified(Fs.resolve(dir, split)));
  }
}
