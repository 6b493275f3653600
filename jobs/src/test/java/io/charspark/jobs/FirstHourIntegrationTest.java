package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 with data, through the CLI on local[2]: a {@code train} stopped by SIGTERM (a real
 * second JVM running {@link Main}) says how to resume, a rerun without {@code --resume} refuses to
 * delete its checkpoints, {@code --resume} continues it; empty inputs say so (shard, score, a
 * Kaggle header-only {@code train.csv}). About a minute: tagged {@code integration}.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstHourIntegrationTest {
  static final String CONF = "../conf/demo.conf";
  static final String MASTER = "local[2]";
  @TempDir static Path tmp;
  static Path corpus;
  static Path shards;
  static Path model;

  @BeforeAll
  static void corpusAndShards() {
    corpus = tmp.resolve("corpus");
    shards = tmp.resolve("shards");
    model = tmp.resolve("model");
    CliResult.corpusAndShards(corpus, shards, 600);
  }

  /** {@code java <flags> -cp <test classpath> Main args...} in jobs/. */
  static Process launch(Path stdout, Path stderr, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String flag : Files.readAllLines(Path.of("../conf/jvm.options"))) {
      if (!flag.isBlank()) cmd.add(flag.trim());
    }
    cmd.addAll(List.of("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=2G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=5G",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  @Test
  @Order(1)
  void interruptedTrainSaysHowToResumeAndIsNotClobbered() throws Exception {
    String[] train = {"train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", model.toString(), "--set", "train.epochs=40", "--set", "train.patience=40"};
    Path out = tmp.resolve("train.out");
    Path err = tmp.resolve("train.err");
    Process p = launch(out, err, train);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!Files.readString(out).contains("epoch 1/40")) {
        if (!p.isAlive()) fail("train ended before its first epoch:\n" + Files.readString(out) + Files.readString(err));
        if (System.nanoTime() > deadline) fail("no epoch within 240 s:\n" + Files.readString(out));
        Thread.sleep(200);
      }
      p.destroy(); // SIGTERM, as `kill` or a cluster manager sends it
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "train did not stop after SIGTERM");
    } finally {
      p.destroyForcibly();
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertTrue(stderr.contains("charspark train: interrupted; the unfinished run (")
        && stderr.contains("rerun with --resume to continue it"), stderr);
    assertFalse(stderr.contains("SparkContext has been shutdown"), stderr);
    Path work = OutputDir.inProgressPath(model);
    int done = new ObjectMapper().readTree(work.resolve("state.json").toFile()).get("epochs_done").asInt();
    assertTrue(done >= 1, "state after the signal: " + done);
    assertTrue(Files.exists(work.resolve("checkpoints/epoch-0001.zip")));

    // The same command again: refused, the checkpoints kept.
    CliResult again = CliResult.run(train);
    assertEquals(1, again.code(), again.toString());
    assertTrue(again.err().contains("has an unfinished run (" + done + " epoch(s) done")
        && again.err().contains("rerun with --resume to continue it, or with --overwrite"), again.toString());
    assertTrue(Files.exists(work.resolve("checkpoints/epoch-0001.zip")), "a refused rerun keeps the checkpoints");

    // --resume continues after the last finished epoch.
    CliResult resumed = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", model.toString(), "--resume", "--set", "train.epochs=" + (done + 1));
    assertEquals(0, resumed.code(), resumed.toString());
    assertTrue(resumed.out().contains("resuming after epoch " + done), resumed.out());
    assertTrue(resumed.out().contains("epoch " + (done + 1) + "/" + (done + 1)), resumed.out());
    assertTrue(Files.exists(model.resolve(OutputDir.SUCCESS)));
  }

  @Test
  @Order(2)
  void emptyInputsSaySo() throws IOException {
    Path empty = tmp.resolve("empty.jsonl");
    Files.writeString(empty, "");
    CliResult shard = CliResult.run("shard", "--conf", CONF, "--master", MASTER, "--input", empty.toString(),
        "--output", tmp.resolve("empty-shards").toString());
    assertEquals(1, shard.code(), shard.toString());
    assertTrue(shard.err().startsWith("charspark shard: error: Input " + empty + " holds no records"), shard.toString());
    assertFalse(Files.exists(tmp.resolve("empty-shards")));

    // Scoring: no record at all is an error (documented in docs/cli.md), nothing written.
    CliResult score = CliResult.run("score", "--master", MASTER, "--model", model.toString(), "--input",
        empty.toString(), "--output", tmp.resolve("empty-scores").toString());
    assertEquals(1, score.code(), score.toString());
    assertTrue(score.err().startsWith("charspark score: error: Input " + empty + " holds no records: nothing to score"),
        score.toString());
    assertFalse(Files.exists(tmp.resolve("empty-scores")));

    // Records, none usable: a warning with the count, and the output with the reasons.
    Path blank = tmp.resolve("blank.jsonl");
    Files.writeString(blank, "\n\nnot json\n");
    CliResult rejected = CliResult.run("score", "--master", MASTER, "--model", model.toString(), "--input",
        blank.toString(), "--output", tmp.resolve("blank-scores").toString());
    assertEquals(0, rejected.code(), rejected.toString());
    assertTrue(rejected.out().contains("score: warning: none of the 3 input records can be scored, all rejected"),
        rejected.out());
    assertTrue(Files.exists(tmp.resolve("blank-scores/rejected")));

    Path kaggle = tmp.resolve("kaggle");
    Files.createDirectories(kaggle);
    Files.writeString(kaggle.resolve("train.csv"), "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n");
    CliResult header = CliResult.run("shard", "--conf", "../conf/toxic-demo.conf", "--master", MASTER, "--input",
        kaggle.toString(), "--output", tmp.resolve("toxic-shards").toString());
    assertEquals(1, header.code(), header.toString());
    assertTrue(header.err().contains("train.csv holds no records (a CSV header only)"), header.toString());
  }
}
