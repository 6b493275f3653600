package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The convergence settings through a real {@code train} on local[2]: the epoch plan before epoch 1,
 * auto batch size, scaled learning rate with warm-up, progress lines within the epoch, the mean
 * minibatch loss in history.csv, and the time budget stopping after the epoch that crosses it; then
 * {@code evaluate} of that spoilers model beside the TF-IDF character and word n-gram baselines.
 */
@Tag("integration")
class ConvergenceIntegrationTest {
  @TempDir Path tmp;

  @Test
  void trainStatesItsPlanReportsProgressAndStopsAtTheTimeBudget() throws Exception {
    Path corpus = tmp.resolve("corpus");
    Path shards = tmp.resolve("shards");
    Path model = tmp.resolve("model");
    CliResult.corpusAndShards(corpus, shards, 800);
    CliResult t = CliResult.run("train", "--conf", "../conf/demo.conf", "--master", "local[2]", "--data",
        shards.toString(), "--model", model.toString(), "--set", "etl.max_length=64", "--set", "train.epochs=3",
        "--set", "train.batch_size_per_worker=auto", "--set", "train.min_steps_per_epoch=10",
        "--set", "train.lr_scaling=linear", "--set", "train.warmup_steps=5",
        "--set", "train.max_minutes=0.0001", "--set", "train.progress_seconds=0.2");
    assertEquals(0, t.code(), t.toString());
    String out = t.out();
    assertTrue(out.contains("train: 2 workers × batch ") && out.contains("(auto)")
        && out.matches("(?s).*per epoch: 1[01] optimizer steps per worker.*"), out);
    assertTrue(out.contains("learning rate 0.003 × 2 (linear, 2 workers) = 0.006, linear warm-up over 5 steps"), out);
    assertTrue(!out.contains("WARNING"), out);
    assertTrue(out.matches("(?s).*epoch 1/3: [0-9,]+/[0-9,]+ sequences \\(.*ETA.*"), "a progress line within epoch 1:\n" + out);
    assertTrue(out.contains("time budget train.max_minutes = 1.0E-4 reached after epoch 1"), out);
    JsonNode info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
    assertEquals(1, info.get("epochs_run").asInt());
    assertEquals(1, info.get("best_epoch").asInt());
    List<String> history = Files.readAllLines(model.resolve("history.csv"));
    assertEquals(2, history.size());
    double trainLoss = Double.parseDouble(history.get(1).split(",")[1]);
    // A mean of binary cross-entropies of a barely trained model: near the prior's entropy, not ~0.
    assertTrue(trainLoss > 0.2 && trainLoss < 1.5, history.toString());

    // evaluate of a spoilers model: both TF-IDF baselines, fitted on train, scored on the same split.
    CliResult e = CliResult.run("evaluate", "--master", "local[2]", "--model", model.toString(), "--data",
        shards.toString(), "--split", "test");
    assertEquals(0, e.code(), e.toString());
    JsonNode ev = new ObjectMapper().readTree(model.resolve("evaluation/test.json").toFile());
    for (String b : List.of("tfidf_char_ngram_lr", "tfidf_word_ngram_lr")) {
      JsonNode base = ev.get("baselines").get(b);
      assertTrue(base != null && base.get("auc").asDouble() > 0.5 && base.get("auc").asDouble() <= 1
          && base.get("log_loss").asDouble() > 0 && base.has("accuracy") && base.get("what").asText().contains("train split"),
          ev.toString());
    }
    String report = Files.readString(model.resolve("report.html"));
    assertTrue(report.contains("TF-IDF char n-gram LR") && report.contains("TF-IDF word n-gram LR"), "baseline rows in report.html");
  }
}
