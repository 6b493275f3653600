package io.charspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.ShardDirectory;
import io.charspark.data.Sharder;
import io.charspark.demo.DemoCorpus;
import io.charspark.eval.Evaluation;
import io.charspark.eval.Scoring;
import io.charspark.model.ModelDirectory;
import io.charspark.report.EvaluationReports;
import io.charspark.report.TrainingReports;
import io.charspark.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a non-local Hadoop filesystem: {@code viewfs://x/…} with a fallback link
 * to the local disk, so every read and write goes through Hadoop's FileSystem API (the code path of
 * {@code hdfs://} and {@code s3a://}) while the test can still look at the bytes on disk.
 */
@Tag("integration")
class RemoteFilesystemTest extends SparkTestBase {
  @TempDir Path tmp;

  static String remote(Path p) {
    return "viewfs://x" + p.toAbsolutePath();
  }

  @Test
  void shardTrainEvaluateScoreAndResumeOnAHadoopFilesystem() throws Exception {
    spark.sparkContext().hadoopConfiguration().set("fs.viewfs.mounttable.x.linkFallback", "file:///");
    Path corpus = tmp.resolve("corpus");
    DemoCorpus.write(corpus, 600, 42, false);
    CharsparkConfig cfg = CharsparkConfig.load(Path.of("../conf/demo.conf"),
        List.of("etl.max_length=48", "model.conv_filters=8", "model.dense_units=16", "train.epochs=1",
            "shard.files_per_split=1"));
    assertFalse(OutputDir.isLocal(remote(tmp)), "viewfs is treated as remote");

    String shards = remote(tmp.resolve("shards"));
    Manifest m = Sharder.run(spark, cfg, List.of(remote(corpus)), shards, false, s -> {});
    assertTrue(m.balanced());
    assertTrue(Files.exists(tmp.resolve("shards/_SUCCESS")) && Files.exists(tmp.resolve("shards/manifest.json")));
    assertTrue(Files.isDirectory(tmp.resolve("shards/train")));
    assertFalse(Files.exists(tmp.resolve(".shards.inprogress")));
    assertEquals(m.outputRows, ShardDirectory.open(shards, "spoilers").manifest().outputRows);

    String model = remote(tmp.resolve("model"));
    TrainingLoop.run(spark, cfg, shards, model, false, false, s -> {}, List.of(new TrainingReports(s -> {})));
    for (String f : List.of("model.zip", "model.json", "history.csv", "config.conf", "checkpoints/epoch-0001.zip", "_SUCCESS")) {
      assertTrue(Files.exists(tmp.resolve("model").resolve(f)), f);
    }

    Map<String, Object> ev = Evaluation.run(spark, model, shards, "test", s -> {}, List.of(new EvaluationReports(s -> {})));
    assertEquals(m.splits.get("test"), ((Number) ev.get("rows")).longValue());
    assertTrue(Files.exists(tmp.resolve("model/evaluation/test.json")), "evaluation copied back");
    assertTrue(Files.exists(tmp.resolve("model/report.html")), "report copied back");

    Manifest scored = Scoring.run(spark, model, List.of(remote(corpus.resolve("api"))), remote(tmp.resolve("scores")), false, s -> {});
    assertTrue(scored.balanced() && scored.outputRows > 0);
    assertTrue(Files.exists(tmp.resolve("scores/_SUCCESS")));

    // A run interrupted after epoch 1 on the remote filesystem resumes from there.
    String run = remote(tmp.resolve("resumed"));
    Path work = tmp.resolve(".resumed.inprogress");
    Files.createDirectories(work.resolve("checkpoints"));
    Files.copy(tmp.resolve("model/checkpoints/epoch-0001.zip"), work.resolve("checkpoints/epoch-0001.zip"));
    Files.copy(tmp.resolve("model/config.conf"), work.resolve("config.conf"));
    Files.copy(tmp.resolve("model/history.csv"), work.resolve("history.csv"));
    Files.copy(tmp.resolve("model/state.json"), work.resolve("state.json"));
    List<String> log = new java.util.ArrayList<>();
    TrainingLoop.run(spark, CharsparkConfig.load(Path.of("../conf/demo.conf"),
        List.of("etl.max_length=48", "model.conv_filters=8", "model.dense_units=16", "train.epochs=2")),
        shards, run, true, false, log::add, List.of(new TrainingReports(log::add)));
    assertTrue(log.stream().anyMatch(l -> l.contains("resuming after epoch 1")), log.toString());
    assertEquals(3, Files.readAllLines(tmp.resolve("resumed/history.csv")).size());
    assertEquals("spoilers", ModelDirectory.open(run, "spoilers").info().workload);
  }
}
