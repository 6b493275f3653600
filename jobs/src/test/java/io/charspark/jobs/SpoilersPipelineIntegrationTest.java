package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charspark.data.Manifest;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the CLI on local[2]: generate-corpus → shard → train → evaluate → score, then
 * resume and the error paths. Slow (about two minutes): tagged {@code integration}.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpoilersPipelineIntegrationTest {
  static final String CONF = "../conf/demo.conf";
  static final String MASTER = "local[2]";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path corpus;
  static Path shards;
  static Path model;

  @BeforeAll
  static void corpusAndShards() {
    corpus = tmp.resolve("corpus");
    shards = tmp.resolve("shards");
    model = tmp.resolve("model");
    CliResult.corpusAndShards(corpus, shards, 3000);
  }

  @Test
  @Order(1)
  void shardManifestBalancesAndMatchesTheShards() {
    Manifest m = Json.read(shards.resolve("manifest.json"), Manifest.class);
    assertTrue(m.balanced(), "manifest invariant");
    // 3000 posts (one of them cut off, still one record) + the generator's extra records: a t1
    // comment, 3 blank lines, a JSON array, a post without id, one with only a name, 3 without
    // label, one with a bad created_utc, and 25 later re-retrievals of earlier posts.
    assertEquals(3000 + 1 + 3 + 1 + 1 + 1 + 3 + 1 + 25, m.inputRecords);
    assertTrue(m.splits.get("train") > 2000 && m.splits.get("validation") > 250 && m.splits.get("test") > 250,
        m.splits.toString());
    for (String split : List.of("train", "validation", "test")) {
      long sum = m.labelCounts.get(split).values().stream().mapToLong(Long::longValue).sum();
      assertEquals(m.splits.get(split), sum, split);
      assertEquals(m.positiveRate("train"), m.positiveRate(split), 0.01, "stratified " + split);
    }
  }

  @Test
  @Order(2)
  void trainEvaluateScore() throws IOException {
    CliResult t = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", model.toString(), "--set", "train.epochs=8");
    assertEquals(0, t.code(), t.toString());
    assertTrue(t.out().contains("epoch 1/8") && t.out().contains("seq/s") && t.out().contains("ETA"), t.out());
    for (String f : List.of("model.zip", "model.json", "config.conf", "history.csv", "metrics.json", "_SUCCESS")) {
      assertTrue(Files.exists(model.resolve(f)), f);
    }
    assertFalse(Files.exists(OutputDir.inProgressPath(model)), "no in-progress leftovers");
    JsonNode info = JSON.readTree(model.resolve("model.json").toFile());
    int epochs = info.get("epochs_run").asInt();
    assertEquals(epochs + 1, Files.readAllLines(model.resolve("history.csv")).size());
    assertTrue(info.get("best_epoch").asInt() >= 1 && info.get("best_epoch").asInt() <= epochs);

    CliResult e = CliResult.run("evaluate", "--master", MASTER, "--model", model.toString(), "--data",
        shards.toString(), "--split", "test");
    assertEquals(0, e.code(), e.toString());
    JsonNode ev = JSON.readTree(model.resolve("evaluation/test.json").toFile());
    Manifest m = Json.read(shards.resolve("manifest.json"), Manifest.class);
    assertEquals((long) m.splits.get("test"), ev.get("rows").asLong());
    double auc = ev.get("auc").asDouble();
    // An untrained or broken model scores about 0.5; the constant prior is the log-loss floor.
    assertTrue(auc > 0.85, "test AUC " + auc);
    assertTrue(ev.get("log_loss").asDouble() < ev.get("baselines").get("constant_prior_log_loss").asDouble(), ev.toString());
    assertTrue(ev.get("accuracy").asDouble() > ev.get("baselines").get("majority_class_accuracy").asDouble(), ev.toString());

    Path scores = tmp.resolve("scores");
    CliResult s = CliResult.run("score", "--master", MASTER, "--model", model.toString(), "--input",
        corpus.resolve("RS_2016-03.zst").toString(), corpus.resolve("RS_2019-05.jsonl").toString(),
        "--output", scores.toString());
    assertEquals(0, s.code(), s.toString());
    Manifest sm = Json.read(scores.resolve("manifest.json"), Manifest.class);
    assertTrue(sm.balanced(), "score manifest invariant");
    // Scoring needs no label (the unlabelled posts are scored) but still rejects what cannot be read.
    assertEquals(1L, sm.rejected.get("bad_created_utc"));
    assertEquals(2L, sm.rejected.get("blank_line"));
    assertEquals(1L, sm.rejected.get("not_a_json_object"));
    assertEquals(25L, sm.duplicates, "the jsonl file repeats 25 posts of the zst file");
    List<String> rows;
    try (Stream<Path> files = Files.list(scores.resolve("predictions"))) {
      rows = files.filter(p -> p.toString().endsWith(".csv")).sorted().flatMap(p -> {
        try {
          return Files.readAllLines(p).stream().skip(1);
        } catch (IOException ex) {
          throw new RuntimeException(ex);
        }
      }).collect(Collectors.toList());
    }
    assertEquals(sm.outputRows, rows.size());
    for (String row : rows) {
      String[] f = row.split(",");
      double p = Double.parseDouble(f[1]);
      assertTrue(p >= 0 && p <= 1);
      assertEquals(p >= 0.5 ? "1" : "0", f[2]);
    }
  }

  @Test
  @Order(3)
  void resumeContinuesFromTheLastCheckpoint() throws IOException {
    // Simulate a driver killed after epoch 1: the unfinished run holds epoch 1's checkpoint and state.
    Path run = tmp.resolve("resumed");
    Path work = OutputDir.inProgressPath(run);
    Files.createDirectories(work.resolve("checkpoints"));
    Files.copy(model.resolve("checkpoints/epoch-0001.zip"), work.resolve("checkpoints/epoch-0001.zip"));
    Files.copy(model.resolve("config.conf"), work.resolve("config.conf"));
    List<String> history = Files.readAllLines(model.resolve("history.csv"));
    Files.write(work.resolve("history.csv"), history.subList(0, 2));
    ObjectNode state = (ObjectNode) JSON.readTree(model.resolve("state.json").toFile());
    state.put("epochs_done", 1).put("best_epoch", 1).put("epochs_without_improvement", 0)
        .put("stopped_early", false).put("best_val_loss", Double.parseDouble(history.get(1).split(",")[2]));
    Files.writeString(work.resolve("state.json"), state.toString());

    CliResult changed = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", run.toString(), "--resume", "--set", "train.epochs=2", "--set", "model.conv_filters=16");
    assertEquals(1, changed.code(), changed.toString());
    assertTrue(changed.err().contains("--resume with a different configuration: [model.conv_filters]"), changed.toString());
    assertTrue(Files.exists(work.resolve("checkpoints/epoch-0001.zip")), "a refused resume keeps the run");

    // A crash between the history line and the state: one history line too many, which resume drops.
    Files.write(work.resolve("history.csv"), history.subList(0, 3));
    CliResult r = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", run.toString(), "--resume", "--set", "train.epochs=2");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("resuming after epoch 1"), r.out());
    assertFalse(r.out().contains("epoch 1/2"), "epoch 1 is not trained again:\n" + r.out());
    assertTrue(r.out().contains("epoch 2/2"), r.out());
    List<String> after = Files.readAllLines(run.resolve("history.csv"));
    assertEquals(3, after.size());
    assertEquals(history.get(1), after.get(1), "epoch 1 kept as it was");
    assertTrue(after.get(2).startsWith("2,"), "epoch 2 written once: " + after);
    assertTrue(Files.exists(run.resolve("_SUCCESS")));

    CliResult nothing = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", tmp.resolve("never").toString(), "--resume");
    assertEquals(1, nothing.code());
    assertTrue(nothing.err().contains("Nothing to resume"), nothing.toString());
  }

  @Test
  @Order(4)
  void badInputIsAOneLineErrorAndLeavesNoOutput() throws IOException {
    CliResult exists = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", model.toString());
    assertEquals(1, exists.code());
    assertTrue(exists.err().contains("already exists (use --overwrite"), exists.toString());

    CliResult missing = CliResult.run("shard", "--conf", CONF, "--master", MASTER, "--input",
        tmp.resolve("nope").toString(), "--output", tmp.resolve("out1").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("Input path not found: " + tmp.resolve("nope")), missing.toString());
    assertFalse(Files.exists(tmp.resolve("out1")));

    CliResult notModel = CliResult.run("evaluate", "--master", MASTER, "--model", shards.toString(), "--data",
        shards.toString());
    assertEquals(1, notModel.code());
    assertTrue(notModel.err().contains("is not a charspark model directory"), notModel.toString());

    CliResult notData = CliResult.run("evaluate", "--master", MASTER, "--model", model.toString(), "--data",
        corpus.toString());
    assertEquals(1, notData.code());
    assertTrue(notData.err().contains("is not a shard directory"), notData.toString());

    // A model of another workload is refused.
    Path other = tmp.resolve("other-model");
    copyTree(model, other);
    ObjectNode info = (ObjectNode) JSON.readTree(other.resolve("model.json").toFile());
    info.put("workload", "toxic");
    Files.writeString(other.resolve("model.json"), info.toString());
    CliResult wrong = CliResult.run("evaluate", "--master", MASTER, "--model", other.toString(), "--data",
        shards.toString());
    assertEquals(1, wrong.code());
    assertTrue(wrong.err().contains("sharded for 'spoilers', not 'toxic'"), wrong.toString());

    CliResult badSplit = CliResult.run("evaluate", "--master", MASTER, "--model", model.toString(), "--data",
        shards.toString(), "--split", "dev");
    assertEquals(1, badSplit.code());
    assertTrue(badSplit.err().contains("Unknown split 'dev'"), badSplit.toString());
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
