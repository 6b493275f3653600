package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charspark.io.OutputDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} end to end on local[2] with a small demo corpus and tiny models: every model row
 * of the table equals the run's own evaluation/test.json, the TF-IDF baselines are rows of the same
 * table, a rerun skips the finished runs, and an interrupted run continues from its checkpoint.
 */
@Tag("integration")
class CompareIntegrationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  CliResult compare(Path shards, Path out) {
    return CliResult.run("compare", "--conf", "../conf/demo.conf", "--master", "local[2]", "--data",
        shards.toString(), "--output", out.toString(), "--archs", "cnn,lstm", "--set", "etl.max_length=64",
        "--set", "train.epochs=2", "--set", "model.lstm_units=16", "--set", "model.conv_filters=8",
        "--set", "model.conv_kernel=3", "--set", "model.dense_units=16", "--set", "toxic.baseline_features=4096",
        "--set", "toxic.baseline_max_iter=10", "--set", "train.progress_seconds=0");
  }

  @Test
  void tableRowsMatchEachRunsEvaluationAndARerunSkipsFinishedRuns() throws Exception {
    Path corpus = tmp.resolve("corpus");
    Path shards = tmp.resolve("shards");
    Path out = tmp.resolve("cmp");
    CliResult.corpusAndShards(corpus, shards, 600);

    CliResult first = compare(shards, out);
    assertEquals(0, first.code(), first.toString());
    JsonNode doc = JSON.readTree(out.resolve("comparison.json").toFile());
    List<String> names = new ArrayList<>();
    for (JsonNode row : doc.get("rows")) names.add(row.get("model").asText());
    assertEquals(List.of("cnn", "lstm", "tfidf_char_ngram_lr", "tfidf_word_ngram_lr"), names);
    for (JsonNode row : doc.get("rows")) {
      if (!row.get("kind").asText().equals("model")) {
        double auc = row.get("test_auc").asDouble();
        assertTrue(auc > 0.5 && auc <= 1, row.toString());
        continue;
      }
      Path run = out.resolve("runs").resolve(row.get("model").asText());
      JsonNode ev = JSON.readTree(run.resolve("evaluation/test.json").toFile());
      assertEquals(ev.get("auc").asDouble(), row.get("test_auc").asDouble(), 0.0, row.toString());
      assertEquals(ev.get("log_loss").asDouble(), row.get("test_log_loss").asDouble(), 0.0);
      assertEquals(ev.get("accuracy").asDouble(), row.get("test_accuracy").asDouble(), 0.0);
      JsonNode info = JSON.readTree(run.resolve("model.json").toFile());
      assertEquals(info.get("best_epoch").asInt(), row.get("best_epoch").asInt());
      assertEquals(info.get("epochs_run").asInt(), row.get("epochs_run").asInt());
      assertEquals(JSON.readTree(run.resolve("metrics.json").toFile()).get("val_loss").asDouble(),
          row.get("best_val_loss").asDouble(), 0.0);
      assertTrue(row.get("parameters").asLong() > 1000 && row.get("wall_seconds").asDouble() > 0, row.toString());
      assertEquals(row.get("model").asText(), info.get("arch").asText());
    }
    List<String> csv = Files.readAllLines(out.resolve("comparison.csv"));
    assertEquals(5, csv.size(), csv.toString());
    assertTrue(csv.get(0).startsWith("model,kind,parameters,best_val_loss,best_epoch,epochs_run,test_auc"), csv.get(0));
    assertTrue(first.out().contains("tfidf_word_ngram_lr") && first.out().matches("(?s).*\\nmodel +kind +parameters.*"),
        first.out());
    assertTrue(Files.size(out.resolve("comparison.html")) > 20_000);

    // Rerun: both runs and the baselines are reused, the table is the same.
    CliResult again = compare(shards, out);
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().contains("[1/2 cnn] finished earlier") && again.out().contains("[2/2 lstm] finished earlier")
        && again.out().contains("baselines fitted earlier"), again.out());
    assertFalse(again.out().contains("epoch 1/2"), again.out());
    assertEquals(doc.get("rows"), JSON.readTree(out.resolve("comparison.json").toFile()).get("rows"));

    // An interrupted run (the driver died after lstm's epoch 1) continues from its checkpoint.
    Path lstm = out.resolve("runs/lstm");
    Path work = OutputDir.inProgressPath(lstm);
    Files.move(lstm, work);
    Files.delete(work.resolve("_SUCCESS"));
    Files.delete(work.resolve("checkpoints/epoch-0002.zip"));
    List<String> history = Files.readAllLines(work.resolve("history.csv"));
    Files.write(work.resolve("history.csv"), history.subList(0, 2));
    ObjectNode state = (ObjectNode) JSON.readTree(work.resolve("state.json").toFile());
    state.put("epochs_done", 1).put("best_epoch", 1).put("epochs_without_improvement", 0)
        .put("stopped_early", false).put("best_val_loss", Double.parseDouble(history.get(1).split(",")[2]));
    Files.writeString(work.resolve("state.json"), state.toString());
    CliResult resumed = compare(shards, out);
    assertEquals(0, resumed.code(), resumed.toString());
    assertTrue(resumed.out().contains("[1/2 cnn] finished earlier")
        && resumed.out().contains("[2/2 lstm] continuing the interrupted training")
        && resumed.out().contains("resuming after epoch 1") && resumed.out().contains("[2/2 lstm] epoch 2/2"),
        resumed.out());
    assertFalse(resumed.out().contains("epoch 1/2"), resumed.out());
    assertEquals(3, Files.readAllLines(lstm.resolve("history.csv")).size());
    Set<String> after = new TreeSet<>();
    for (JsonNode row : JSON.readTree(out.resolve("comparison.json").toFile()).get("rows")) after.add(row.get("model").asText());
    assertEquals(new TreeSet<>(names), after);
  }

  @Test
  void badArchitectureOrGridIsAOneLineError() {
    CliResult r = CliResult.run("compare", "--conf", "../conf/demo.conf", "--data", tmp.toString(), "--output",
        tmp.resolve("o").toString(), "--archs", "cnn,transformer");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--archs: 'transformer' is not an architecture of workload spoilers"), r.toString());
    CliResult g = CliResult.run("compare", "--conf", "../conf/demo.conf", "--data", tmp.toString(), "--output",
        tmp.resolve("o").toString(), "--grid", "train.learnign_rate=1,2");
    assertEquals(1, g.code());
    assertTrue(g.err().contains("--grid: unknown configuration key 'train.learnign_rate'"), g.toString());
  }
}
