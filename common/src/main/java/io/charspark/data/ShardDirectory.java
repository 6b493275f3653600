package io.charspark.data;

import io.charspark.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A directory written by {@code shard}: checked, then read split by split. */
public record ShardDirectory(Path dir, Manifest manifest) {
  public static ShardDirectory open(Path dir, String expectedWorkload) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Data directory not found: " + dir);
    }
    Path m = dir.resolve("manifest.json");
    if (!Files.exists(m)) {
      throw new IllegalArgumentException(
          dir + " is not a shard directory (no manifest.json; run `charspark shard` first)");
    }
    Manifest manifest = Json.read(m, Manifest.class);
    if (expectedWorkload != null && !expectedWorkload.equals(manifest.workload)) {
      throw new IllegalArgumentException(
          "Data " + dir + " was sharded for '" + manifest.workload + "', not '" + expectedWorkload
              + "'");
    }
    return new ShardDirectory(dir, manifest);
  }

  public Dataset<Row> read(SparkSession spark, String split) {
    if (!Sharder.SPLITS.contains(split)) {
      throw new IllegalArgumentException(
          "Unknown split '" + split + "'; expected one of " + Sharder.SPLITS);
    }
    if (manifest.splits.getOrDefault(split, 0L) == 0) {
      throw new IllegalArgumentException("Split '" + split + "' of " + dir + " is empty");
    }
    return spark.read().parquet(dir.resolve(split).toUri().toString());
  }
}
