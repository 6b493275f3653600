package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charspark.etl.CharEtl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language model end to end on local[2]: short generated titles → shard → a brief training →
 * evaluate against the unigram and n-gram baselines → generate. Tagged {@code integration}.
 */
@Tag("integration")
class ShowerthoughtsIntegrationTest {
  static final String CONF = "../conf/showerthoughts-demo.conf";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path model;
  static JsonNode validation;

  @BeforeAll
  static void trainBriefly() throws Exception {
    Path corpus = tmp.resolve("corpus");
    Path shards = tmp.resolve("shards");
    model = tmp.resolve("model");
    assertEquals(0, CliResult.run("generate-corpus", "--workload", "showerthoughts", "--output",
        corpus.toString(), "--posts", "700").code());
    CliResult s = CliResult.run("shard", "--conf", CONF, "--master", "local[2]", "--input", corpus.toString(),
        "--output", shards.toString());
    assertEquals(0, s.code(), s.toString());
    CliResult t = CliResult.run("train", "--conf", CONF, "--master", "local[2]", "--data", shards.toString(),
        "--model", model.toString(), "--set", "model.lm_units=48", "--set", "train.epochs=3");
    assertEquals(0, t.code(), t.toString());
    assertTrue(t.out().contains("val_bits_per_char"), t.out());
    CliResult e = CliResult.run("evaluate", "--master", "local[2]", "--model", model.toString(), "--data",
        shards.toString(), "--split", "validation");
    assertEquals(0, e.code(), e.toString());
    validation = JSON.readTree(model.resolve("evaluation/validation.json").toFile());
  }

  @Test
  void validationBitsPerCharBeatTheUnigramBaseline() {
    double bpc = validation.get("bits_per_char").asDouble();
    JsonNode base = validation.get("baselines");
    assertTrue(bpc < base.get("unigram_bits_per_char").asDouble(), validation.toString());
    assertTrue(bpc > 0.5 && bpc < 8, validation.toString());
    assertEquals(Math.pow(2, bpc), validation.get("perplexity").asDouble(), 1e-6);
    assertTrue(base.get("ngram_bits_per_char").asDouble() > 0);
    assertEquals(3, base.get("ngram_order").asInt());
    assertTrue(validation.get("rows").asLong() > 1000, "every validation character is scored");
  }

  @Test
  void generationIsDeterministicBoundedAndInVocabulary() {
    CliResult a = CliResult.run("generate", "--model", model.toString(), "--temperature", "0.5,1.0",
        "--count", "3", "--length", "30", "--random-seed", "7");
    CliResult b = CliResult.run("generate", "--model", model.toString(), "--temperature", "0.5,1.0",
        "--count", "3", "--length", "30", "--random-seed", "7");
    assertEquals(0, a.code(), a.toString());
    assertEquals(a.out(), b.out(), "same random seed, same text");
    CliResult c = CliResult.run("generate", "--model", model.toString(), "--temperature", "1.0",
        "--count", "3", "--length", "30", "--random-seed", "8");
    assertNotEquals(a.out(), c.out());
    List<String> lines = a.out().lines().filter(l -> l.startsWith("[T=")).collect(Collectors.toList());
    assertEquals(6, lines.size(), a.out());
    for (String l : lines) {
      String generated = l.substring(l.indexOf("] ") + 2);
      assertTrue(generated.length() <= 30, "length respected: " + l);
      for (char ch : generated.toCharArray()) {
        int i = CharEtl.index(ch);
        assertTrue(i >= 0 && i != CharEtl.PAD && ch != '<' && ch != '>', "in vocabulary: " + (int) ch);
      }
    }
  }

  @Test
  void lowTemperatureIsNearlyGreedyAndHighTemperatureVaries() {
    String cold1 = sample("0.01", "1");
    String cold2 = sample("0.01", "2");
    assertEquals(cold1, cold2, "at T=0.01 the most likely character wins whatever the seed");
    String hot1 = sample("3.0", "1");
    String hot2 = sample("3.0", "2");
    assertNotEquals(hot1, hot2);
  }

  @Test
  void seedTextIsCleanedAndBadInputIsAClearError() throws Exception {
    CliResult r = CliResult.run("generate", "--model", model.toString(), "--seed-text", "Dogs are ☃ really",
        "--temperature", "0.5", "--length", "10");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("seed text cleaned by the ETL: 'Dogs are ☃ really' -> 'dogs are really'"), r.out());
    assertTrue(r.out().contains("] dogs are really"), r.out());
    CliResult zero = CliResult.run("generate", "--model", model.toString(), "--temperature", "0");
    assertEquals(1, zero.code());
    assertTrue(zero.err().contains("--temperature must be > 0, got 0.0"), zero.toString());
    // A classifier's model directory is refused.
    Path classifier = tmp.resolve("classifier");
    SpoilersPipelineIntegrationTest.copyTree(model, classifier);
    Path conf = classifier.resolve("config.conf");
    Files.writeString(conf, Files.readString(conf).replace("workload=showerthoughts", "workload=spoilers")
        .replaceAll("(?m)^(\\s*)\"?label_field\"?=.*$", "$1label_field=spoiler"));
    CliResult wrong = CliResult.run("generate", "--model", classifier.toString());
    assertEquals(1, wrong.code());
    assertTrue(wrong.err().contains("generate needs a language model"), wrong.toString());
    Path out = tmp.resolve("samples.json");
    assertEquals(0, CliResult.run("generate", "--model", model.toString(), "--output", out.toString(),
        "--temperature", "1.0", "--length", "5").code());
    assertEquals(1, JSON.readTree(out.toFile()).get("samples").size());
  }

  private static String sample(String temperature, String seed) {
    CliResult r = CliResult.run("generate", "--model", model.toString(), "--temperature", temperature,
        "--length", "25", "--random-seed", seed);
    assertEquals(0, r.code(), r.toString());
    return r.out();
  }
}
