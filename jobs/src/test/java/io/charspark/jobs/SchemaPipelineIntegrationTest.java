package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charspark.data.Manifest;
import io.charspark.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata + text example (conf/spoilers-meta.conf) end to end through the CLI on local[2]:
 * shard → train (typed schema: title, domain, score, num_comments, over_18, created_utc) →
 * evaluate → score raw posts; and the schema errors that must come before any training. Tagged
 * integration (about a minute).
 */
@Tag("integration")
class SchemaPipelineIntegrationTest {
  static final String CONF = "../conf/spoilers-meta.conf";
  static final String MASTER = "local[2]";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path corpus;
  static Path shards;

  @BeforeAll
  static void corpusAndShards() {
    corpus = tmp.resolve("corpus");
    shards = tmp.resolve("shards");
    assertEquals(0, CliResult.run("generate-corpus", "--output", corpus.toString(), "--posts", "2000").code());
    CliResult s = CliResult.run("shard", "--conf", CONF, "--master", MASTER, "--input", corpus.toString(),
        "--output", shards.toString());
    assertEquals(0, s.code(), s.toString());
  }

  @Test
  void metadataAndTextModelTrainsEvaluatesAndScores() throws IOException {
    Path model = tmp.resolve("model");
    CliResult t = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", model.toString(), "--set", "train.epochs=4");
    assertEquals(0, t.code(), t.toString());
    assertTrue(t.out().contains("schema input  domain         categorical"), t.out());
    assertTrue(t.out().contains("typed schema (graph, 1 outputs)"), t.out());
    JsonNode info = JSON.readTree(model.resolve("model.json").toFile());
    assertEquals("schema", info.get("network").asText());
    assertEquals(6, info.get("schema").get("inputs").size());

    CliResult e = CliResult.run("evaluate", "--master", MASTER, "--model", model.toString(), "--data",
        shards.toString(), "--split", "test");
    assertEquals(0, e.code(), e.toString());
    JsonNode ev = JSON.readTree(model.resolve("evaluation/test.json").toFile());
    JsonNode label = ev.get("outputs").get("label");
    assertTrue(label.get("auc").asDouble() > 0.85, label.toString());
    assertTrue(label.get("log_loss").asDouble() < label.get("baselines").get("constant_prior_log_loss").asDouble(),
        label.toString());
    Manifest sm = Json.read(shards.resolve("manifest.json"), Manifest.class);
    assertEquals((long) sm.splits.get("test"), ev.get("inputs").get("domain").get("rows").asLong());
    assertTrue(Files.exists(model.resolve("evaluation/test-roc.png")));

    Path scores = tmp.resolve("scores");
    CliResult s = CliResult.run("score", "--master", MASTER, "--model", model.toString(), "--input",
        corpus.resolve("api").toString(), "--output", scores.toString());
    assertEquals(0, s.code(), s.toString());
    Manifest m = Json.read(scores.resolve("manifest.json"), Manifest.class);
    assertTrue(m.balanced());
    // Scoring applies no subreddit filter: other subreddits' self posts are domains the model never saw.
    assertTrue(m.schemaInputs.get("domain").get("unseen") > 0, m.schemaInputs.toString());
    assertTrue(m.schemaInputs.get("domain").get("missing") > 0, m.schemaInputs.toString());
    List<Path> csv;
    try (Stream<Path> f = Files.list(scores.resolve("predictions"))) {
      csv = f.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    assertEquals("id,label_probability,label", Files.readAllLines(csv.get(0)).get(0));
    long rows = 0;
    for (Path p : csv) rows += Files.readAllLines(p).size() - 1;
    assertEquals(m.outputRows, rows);
  }

  @Test
  void schemaErrorsComeBeforeTrainingAndNameTheColumn() {
    assertSchemaError("title", "schema.numerical=[title]");
    assertSchemaError("flair", "schema.categorical=[domain, flair]");
    // Declared as an input and as an output: a configuration error, before Spark starts.
    assertSchemaError("over_18", "schema.outputs.over_18=boolean");
    // (Single-class outputs: SchemaErrorsTest. Here subreddit is not one: the case-insensitive
    // filter keeps both "StarWars" and "starwars", two levels.)
  }

  private static CliResult assertSchemaError(String column, String set) {
    Path model = tmp.resolve("bad-" + column);
    CliResult r = CliResult.run("train", "--conf", CONF, "--master", MASTER, "--data", shards.toString(),
        "--model", model.toString(), "--set", set);
    assertNotEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("'" + column + "'"), r.toString());
    assertFalse(r.out().contains("epoch 1/"), "no training started: " + r.out());
    assertFalse(Files.exists(model), "no model directory for " + set);
    return r;
  }
}
