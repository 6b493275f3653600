package io.charspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.schema.ColumnType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharsparkConfigTest {
  static final Path SPOILERS = Path.of("../conf/spoilers.conf");
  static final Path DEMO = Path.of("../conf/demo.conf");

  @Test
  void workloadFilesLoadAndDemoIncludesSpoilers() {
    CharsparkConfig s = CharsparkConfig.load(SPOILERS, List.of());
    assertEquals("spoilers", s.workload);
    assertEquals(2000, s.etl.maxLength());
    assertEquals("adam", s.optimizer.name()); // auto → adam for cnn
    CharsparkConfig d = CharsparkConfig.load(DEMO, List.of());
    assertEquals(160, d.etl.maxLength());
    assertEquals(List.of("starwars"), d.input.subreddits());
  }

  @Test
  void setOverridesAnyKey() {
    CharsparkConfig c =
        CharsparkConfig.load(
            SPOILERS,
            List.of("model.arch=bilstm", "train.epochs=3", "etl.truncate=pre", "input.from=2017-01-01",
                "input.subreddits=[StarWars, movies]"));
    assertEquals("bilstm", c.model.arch());
    assertEquals("rmsprop", c.optimizer.name());
    assertEquals(3, c.train.epochs());
    assertTrue(c.etl.keepTail());
    assertEquals("2017-01-01", c.input.from().toString());
    assertEquals(List.of("starwars", "movies"), c.input.subreddits());
    assertTrue(c.render().contains("bilstm"));
  }

  @Test
  void unknownKeyNamesTheKeyAndTheValidOnes() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> CharsparkConfig.load(SPOILERS, List.of("model.archx=cnn")));
    assertTrue(e.getMessage().contains("'model.archx'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean model.arch?"), e.getMessage());
  }

  @Test
  void unknownKeyInAFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("typo.conf");
    Files.writeString(f, "train { epocs = 3 }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> CharsparkConfig.load(f, List.of()));
    assertTrue(e.getMessage().contains("train.epocs") && e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void badValuesNameKeyValueAndExpectation() {
    assertMessage("model.arch=transformer", "model.arch = 'transformer' is not valid");
    assertMessage("train.epochs=0", "train.epochs must be >= 1, got 0");
    assertMessage("train.epochs=many", "train.epochs");
    assertMessage("split.test=0.5", "must sum to 1");
    assertMessage("input.from=yesterday", "input.from = 'yesterday' is not a date");
    assertMessage("etl.truncate=middle", "etl.truncate");
    assertMessage("score.threshold=2", "score.threshold must be in [0, 1]");
    assertMessage("workload=poetry", "workload = 'poetry' is not valid");
    assertMessage("noequals", "--set expects key=value");
  }

  @Test
  void missingFileIsAClearError() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> CharsparkConfig.load(Path.of("nope.conf"), List.of()));
    assertEquals("Config file not found: nope.conf", e.getMessage());
  }

  @Test
  void savedConfigReloadsToTheSameValues(@TempDir Path dir) {
    CharsparkConfig c = CharsparkConfig.load(SPOILERS, List.of("model.arch=lstm", "seed=7"));
    Path saved = dir.resolve("config.conf");
    c.saveTo(saved);
    CharsparkConfig back = CharsparkConfig.fromSaved(saved);
    assertEquals(c.model, back.model);
    assertEquals(7, back.seed);
    assertEquals(c.render(), back.render());
  }

  @Test
  void workloadsAreTypedSchemas() {
    CharsparkConfig s = CharsparkConfig.load(SPOILERS, List.of());
    assertEquals(List.of("text"), s.schema.text());
    assertEquals(java.util.Map.of("label", ColumnType.BOOLEAN), s.schema.outputs());
    assertTrue(s.isWorkloadSchema(), "spoilers.conf declares the workload's own schema");
    CharsparkConfig t = CharsparkConfig.load(Path.of("../conf/toxic.conf"), List.of());
    assertEquals(t.toxic.labels().stream().sorted().toList(), List.copyOf(t.schema.outputs().keySet()),
        "six boolean heads, in name order");
    assertTrue(t.isWorkloadSchema());
    // The defaults alone (empty schema block) imply the same schema.
    CharsparkConfig d = CharsparkConfig.load(null, List.of());
    assertEquals(List.of("text"), d.schema.text());
    assertTrue(d.isWorkloadSchema());
    assertEquals(null, CharsparkConfig.load(Path.of("../conf/showerthoughts.conf"), List.of()).schema);
    assertTrue(!CharsparkConfig.load(SPOILERS, List.of("schema.network=typed")).isWorkloadSchema(),
        "schema.network = typed forces the typed graph");
  }

  @Test
  void metadataSchemaIsGeneralAndOutputsMayBeSet() {
    CharsparkConfig m = CharsparkConfig.load(Path.of("../conf/spoilers-meta.conf"),
        List.of("schema.outputs.domain=categorical", "schema.categorical=[]"));
    assertEquals(List.of("title"), m.schema.text());
    assertEquals(List.of("score", "num_comments"), m.schema.numerical());
    assertEquals(List.of("domain", "label"), List.copyOf(m.schema.outputs().keySet()));
    assertEquals(ColumnType.CATEGORICAL, m.schema.outputs().get("domain"));
    assertTrue(!m.isWorkloadSchema());
  }

  @Test
  void badSchemasNameTheColumnOrKey() {
    assertMessage("schema.outputs.label=text", "output 'label' is declared text");
    assertMessage("schema.outputs.label=bool", "schema.outputs.label");
    ConfigException twice = assertThrows(ConfigException.class, () -> CharsparkConfig.load(SPOILERS,
        List.of("schema.numerical=[score]", "schema.categorical=[score]")));
    assertTrue(twice.getMessage().contains("score"), twice.getMessage());
    ConfigException lm = assertThrows(ConfigException.class, () -> CharsparkConfig.load(
        Path.of("../conf/showerthoughts.conf"), List.of("schema.text=[title]")));
    assertTrue(lm.getMessage().contains("language model"), lm.getMessage());
  }

  private static void assertMessage(String set, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> CharsparkConfig.load(SPOILERS, List.of(set)));
    assertTrue(e.getMessage().contains(expected), "for " + set + ": " + e.getMessage());
  }
}
