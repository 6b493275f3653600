package io.charspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharTransform;
import io.charspark.etl.Truncation;
import io.charspark.io.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The character ETL saved in {@code model.json} as one object, and model.json files written before it. */
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
  void aTruncationOtherThanPreOrPostIsRefused() {
    Exception e = assertThrows(Exception.class, () -> Json.MAPPER.readValue(
        "{\"etl\":{\"max_length\":10,\"truncation\":\"middle\"}}", ModelInfo.class));
    assertTrue(String.valueOf(e.getMessage()).contains("expected pre or post"), e.getMessage());
  }
}
