package io.charspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharTransform;
import io.charspark.etl.LmWindows;
import io.charspark.etl.Truncation;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character ETL and the language model's ETL saved in {@code model.json} as one object each,
 * and model.json files written before them.
 */
class ModelInfoJsonTest {

  @Test
  void theEtlIsWrittenAsOneObjectAndReadBack() throws Exception {
    ModelInfo info = new ModelInfo();
    info.workload = "spoilers";
    info.etl = CharsparkConfig.load(null, List.of("etl.max_length=96", "etl.truncate=pre")).etl.transform();
    String json = Json.MAPPER.writeValueAsString(info);
    JsonNode tree = Json.MAPPER.readTree(json);
    assertEquals(96, tree.path("etl").path("max_length").asInt());
    assertEquals("pre", tree.path("etl").path("truncation").asText());
    assertFalse(tree.has("etl_max_length"), json);
    assertFalse(tree.has("etl_truncate"), json);
    assertEquals(new CharTransform(96, Truncation.PRE), Json.MAPPER.readValue(json, ModelInfo.class).etl);
  }

  /** A classifier trained before the ETL was one object: loose {@code etl_max_length} and {@code etl_truncate}. */
  @Test
  void anOldModelJsonWithLooseEtlFieldsStillLoads() throws Exception {
    String old = "{\"format\":\"charspark-model-v1\",\"workload\":\"spoilers\",\"arch\":\"cnn\","
        + "\"label_field\":\"spoiler\",\"etl_max_length\":160,\"etl_truncate\":\"post\",\"threshold\":0.5}";
    ModelInfo info = Json.MAPPER.readValue(old, ModelInfo.class);
    assertEquals(new CharTransform(160, Truncation.POST), info.etl);
    assertFalse(info.etl.truncation().keepsTail());
    // Field order does not matter, and "pre" keeps the tail.
    ModelInfo pre = Json.MAPPER.readValue(
        "{\"etl_truncate\":\"pre\",\"workload\":\"toxic\",\"etl_max_length\":200}", ModelInfo.class);
    assertEquals(new CharTransform(200, Truncation.PRE), pre.etl);
    assertTrue(pre.etl.truncation().keepsTail());
  }

  /** An old language model wrote {@code etl_max_length: 0} and no truncation: it has no character ETL. */
  @Test
  void anOldLanguageModelHasNoCharacterEtl() throws Exception {
    ModelInfo lm = Json.MAPPER.readValue(
        "{\"workload\":\"showerthoughts\",\"etl_max_length\":0,\"etl_truncate\":null,\"lm_window\":48}",
        ModelInfo.class);
    assertNull(lm.etl);
    assertTrue(lm.isLanguageModel());
  }

  @Test
  void theLanguageModelEtlIsWrittenAsOneObjectAndReadBack() throws Exception {
    ModelInfo info = new ModelInfo();
    info.workload = "showerthoughts";
    info.lmWindows = lmConfig("lm.window=32", "lm.step=2", "lm.eval_step=4", "lm.keep_newline=false").lm.windows();
    String json = Json.MAPPER.writeValueAsString(info);
    JsonNode tree = Json.MAPPER.readTree(json);
    assertEquals(32, tree.path("lm_windows").path("window").asInt());
    assertEquals(2, tree.path("lm_windows").path("step").asInt());
    assertEquals(4, tree.path("lm_windows").path("eval_step").asInt());
    assertFalse(tree.path("lm_windows").path("keep_newline").asBoolean(true));
    assertFalse(tree.has("lm_window"), json);
    assertFalse(tree.has("keep_newline"), json);
    ModelInfo back = Json.MAPPER.readValue(json, ModelInfo.class);
    assertEquals(new LmWindows(32, 2, 4, false), back.lmWindows);
    assertTrue(back.isLanguageModel());
    assertEquals(32, back.contextWindow());
    // Saved beats configured: a config that differs changes nothing.
    assertEquals(new LmWindows(32, 2, 4, false), back.lmWindows(lmConfig("lm.window=40")));
    assertEquals(99, back.lmWindows.classes());
  }

  /**
   * A language model trained before its ETL was one object: loose {@code lm_window} and {@code
   * keep_newline} in model.json, the strides only in its config.conf (where evaluate read them).
   */
  @Test
  void anOldLanguageModelJsonWithLooseFieldsStillLoads(@TempDir Path dir) throws Exception {
    String old = "{\"format\":\"charspark-model-v1\",\"workload\":\"showerthoughts\",\"arch\":\"lstm_lm\","
        + "\"etl_max_length\":0,\"etl_truncate\":null,\"lm_window\":48,\"keep_newline\":false,\"classes\":99}";
    ModelInfo info = Json.MAPPER.readValue(old, ModelInfo.class);
    assertNull(info.lmWindows);
    assertNull(info.etl);
    assertTrue(info.isLanguageModel());
    assertEquals(48, info.contextWindow());
    CharsparkConfig saved = lmConfig("lm.window=48", "lm.step=5", "lm.eval_step=2", "lm.keep_newline=false");
    assertEquals(new LmWindows(48, 5, 2, false), info.lmWindows(saved));
    // keep_newline missing (the oldest files): the config's.
    ModelInfo oldest = Json.MAPPER.readValue("{\"workload\":\"showerthoughts\",\"lm_window\":40}", ModelInfo.class);
    assertEquals(new LmWindows(40, 3, 1, true), oldest.lmWindows(lmConfig()));

    // Opening the model directory completes it once, so every job reads the one object.
    Files.writeString(dir.resolve(ModelDirectory.INFO), old);
    saved.saveTo(dir.resolve(ModelDirectory.CONFIG));
    Files.writeString(dir.resolve(OutputDir.SUCCESS), "");
    ModelDirectory model = ModelDirectory.open(dir, null);
    assertEquals(new LmWindows(48, 5, 2, false), model.info().lmWindows);
  }

  private static CharsparkConfig lmConfig(String... overrides) {
    return CharsparkConfig.load(Path.of("../conf/showerthoughts.conf"), List.of(overrides));
  }

  @Test
  void aTruncationOtherThanPreOrPostIsRefused() {
    Exception e = assertThrows(Exception.class, () -> Json.MAPPER.readValue(
        "{\"etl\":{\"max_length\":10,\"truncation\":\"middle\"}}", ModelInfo.class));
    assertTrue(String.valueOf(e.getMessage()).contains("expected pre or post"), e.getMessage());
  }

  /**
   * A classifier's model.json without a usable ETL (the object deleted, or an old file whose
   * etl_max_length is not positive) is refused when the directory is opened, with one line — not a
   * NullPointerException once Spark has started.
   */
  @Test
  void aClassifierWithoutAUsableEtlIsRefusedAtOpen(@TempDir Path dir) throws Exception {
    CharsparkConfig.load(Path.of("../conf/spoilers.conf"), List.of()).saveTo(dir.resolve(ModelDirectory.CONFIG));
    Files.writeString(dir.resolve(OutputDir.SUCCESS), "");
    for (String json : List.of(
        "{\"workload\":\"spoilers\",\"arch\":\"cnn\"}",
        "{\"workload\":\"spoilers\",\"arch\":\"cnn\",\"etl_max_length\":-3,\"etl_truncate\":\"post\"}")) {
      Files.writeString(dir.resolve(ModelDirectory.INFO), json);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.open(dir, null));
      assertTrue(e.getMessage().contains("model.json has no usable \"etl\""), e.getMessage());
    }
    Files.writeString(dir.resolve(ModelDirectory.INFO),
        "{\"workload\":\"spoilers\",\"arch\":\"cnn\",\"etl_max_length\":160,\"etl_truncate\":\"pre\"}");
    assertEquals(new CharTransform(160, Truncation.PRE), ModelDirectory.open(dir, null).info().etl);
  }
}
