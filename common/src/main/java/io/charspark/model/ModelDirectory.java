package io.charspark.model;

import io.charspark.config.CharsparkConfig;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished model directory: {@code model.zip} (DL4J, with updater), {@code model.json}
 * ({@link ModelInfo}), {@code config.conf} (resolved), {@code history.csv}, {@code metrics.json},
 * {@code checkpoints/}, {@code _SUCCESS}. Opening checks the directory, {@code model.json}, the
 * {@code _SUCCESS} marker and the workload, and says what is wrong.
 *
 * <p>A model on a remote filesystem (HDFS, S3) is copied to a local cache first ({@code dir} is
 * then that copy); {@link #publish} copies files written locally (evaluations, the report) back to
 * {@code origin}.
 */
public record ModelDirectory(Path dir, ModelInfo info, CharsparkConfig config, String origin) {
  public static final String MODEL = "model.zip";
  public static final String INFO = "model.json";
  public static final String CONFIG = "config.conf";

  public static ModelDirectory open(Path dir, String expectedWorkload) {
    return open(dir.toString(), expectedWorkload);
  }

  /**
   * Checks that {@code location} is a finished model directory (a directory with {@code model.json}
   * and {@code _SUCCESS}) and returns its {@link ModelInfo}, without copying it or loading the
   * network: cheap enough to run before Spark starts.
   *
   * @throws IllegalArgumentException naming the path and what is missing
   */
  public static ModelInfo check(String location) {
    if (!Fs.isDirectory(location)) {
      throw new IllegalArgumentException("Model directory not found: " + location);
    }
    if (!Fs.exists(Fs.resolve(location, INFO))) {
      throw new IllegalArgumentException(
          location + " is not a charspark model directory (no " + INFO + ")");
    }
    if (!Fs.exists(Fs.resolve(location, OutputDir.SUCCESS))) {
      String hint = OutputDir.hasUnfinished(location, "state.json")
          ? "; an interrupted `train` left an unfinished run: rerun it with --resume" : "";
      throw new IllegalArgumentException(location + " is not a complete model (no _SUCCESS marker" + hint + ")");
    }
    try {
      return Json.MAPPER.readValue(Fs.readBytes(Fs.resolve(location, INFO)), ModelInfo.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + Fs.resolve(location, INFO) + ": " + e.getMessage(), e);
    }
  }

  public static ModelDirectory open(String location, String expectedWorkload) {
    check(location);
    Path dir = OutputDir.isLocal(location) ? OutputDir.localPath(location) : cache(location);
    ModelInfo info = Json.read(dir.resolve(INFO), ModelInfo.class);
    if (expectedWorkload != null && !expectedWorkload.equals(info.workload)) {
      throw new IllegalArgumentException(
          "Model " + location + " is a '" + info.workload + "' model, not '" + expectedWorkload + "'");
    }
    CharsparkConfig cfg = CharsparkConfig.fromSaved(dir.resolve(CONFIG));
    // An old language model's loose lm_window/keep_newline, completed from its config: one object.
    if (info.isLanguageModel()) info.lmWindows = info.lmWindows(cfg);
    if (!info.isLanguageModel() && !info.isSchema() && info.etl == null) {
      // A classifier reads its texts through the saved ETL; old files had etl_max_length (> 0).
      throw new IllegalArgumentException("Model " + location + ": " + INFO + " has no usable \"etl\""
          + " (max_length >= 1 and truncation pre|post): edited, or written by another tool?");
    }
    return new ModelDirectory(dir, info, cfg, location);
  }

  /** A local copy of a remote model directory (without its checkpoints). */
  private static Path cache(String location) {
    Path local;
    try {
      // A fresh directory per open: concurrent evaluate/score runs of one model never collide.
      local = Files.createTempDirectory("charspark-model-" + Fs.name(location) + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a local copy of " + location, e);
    }
    for (String f : Fs.list(location)) {
      String name = Fs.name(f);
      if (name.equals("checkpoints")) continue;
      Fs.copy(f, local.resolve(name).toUri().toString());
    }
    return local;
  }

  /** Copies {@code relative} (a file or directory written into {@link #dir}) back to a remote origin. */
  public void publish(String relative) {
    if (OutputDir.isLocal(origin)) return;
    Path local = dir.resolve(relative);
    if (!Files.exists(local)) return;
    String remote = Fs.resolve(origin, relative);
    if (Fs.exists(remote)) Fs.delete(remote);
    Fs.copy(local.toUri().toString(), remote);
  }

  /**
   * The trained network, whichever kind (a graph for toxic and typed schemas), its LSTM layers in
   * the configured {@code model.lstm_impl} (a model written with DL4J's LSTM is served by the fused
   * layer, same parameters).
   */
  public Network network() {
    return Network.of(LstmImpl.resolve(config.model.lstmImpl()).convert(Nets.restore(dir.resolve(MODEL).toFile(), false)));
  }
}
