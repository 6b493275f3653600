package io.charspark.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.config.CharsparkConfig;
import io.charspark.workload.SchemaTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --resume} of a typed-schema run checks: the same fitted transforms, the same outputs. */
class SchemaResumeChecksTest {
  @Test
  void resumeRefusesOtherTransformsAndARemovedOutput(@TempDir Path dir) throws Exception {
    Path saved = dir.resolve(SchemaTask.FITTED);
    TrainingLoop.checkFittedSchema("{\"a\":1}", saved, false, "shards");
    assertEquals("{\"a\":1}", Files.readString(saved));
    assertDoesNotThrow(() -> TrainingLoop.checkFittedSchema("{\"a\":1}", saved, true, "shards"));
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> TrainingLoop.checkFittedSchema("{\"a\":2}", saved, true, "other-shards"));
    assertTrue(other.getMessage().contains("same --data"), other.getMessage());

    Path conf = dir.resolve("config.conf");
    CharsparkConfig.load(null, List.of("schema.numerical=[x]", "schema.outputs.a=boolean", "schema.outputs.k=categorical"))
        .saveTo(conf);
    IllegalArgumentException removed = assertThrows(IllegalArgumentException.class, () -> TrainingLoop.checkResumable(
        CharsparkConfig.load(null, List.of("schema.numerical=[x]", "schema.outputs.a=boolean")), conf));
    assertTrue(removed.getMessage().contains("schema.outputs.k"), removed.getMessage());
  }
}
