package io.charspark.model;

import io.charspark.config.CharsparkConfig;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A finished model directory: {@code model.zip} (DL4J, with updater), {@code model.json}
 * ({@link ModelInfo}), {@code config.conf} (resolved), {@code history.csv}, {@code metrics.json},
 * {@code checkpoints/}, {@code _SUCCESS}. Loading checks each of these and says what is wrong.
 */
public record ModelDirectory(Path dir, ModelInfo info, CharsparkConfig config) {
  public static final String MODEL = "model.zip";
  public static final String INFO = "model.json";
  public static final String CONFIG = "config.conf";

  public static ModelDirectory open(Path dir, String expectedWorkload) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Model directory not found: " + dir);
    }
    if (!Files.exists(dir.resolve(INFO))) {
      throw new IllegalArgumentException(
          dir + " is not a charspark model directory (no " + INFO + ")");
    }
    if (!Files.exists(dir.resolve(OutputDir.SUCCESS))) {
      throw new IllegalArgumentException(dir + " is not a complete model (no _SUCCESS marker)");
    }
    ModelInfo info = Json.read(dir.resolve(INFO), ModelInfo.class);
    if (expectedWorkload != null && !expectedWorkload.equals(info.workload)) {
      throw new IllegalArgumentException(
          "Model " + dir + " is a '" + info.workload + "' model, not '" + expectedWorkload + "'");
    }
    CharsparkConfig cfg = CharsparkConfig.fromSaved(dir.resolve(CONFIG));
    return new ModelDirectory(dir, info, cfg);
  }

  public MultiLayerNetwork network() {
    try {
      return ModelSerializer.restoreMultiLayerNetwork(dir.resolve(MODEL).toFile(), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + dir.resolve(MODEL) + ": " + e.getMessage(), e);
    }
  }
}
