package io.charspark.model;

import java.nio.file.Path;

/**
 * Follows a training run from outside {@link TrainingLoop}: charts and {@code report.html}
 * ({@code io.charspark.report.TrainingReports}) are drawn this way. Both calls get the model's work
 * directory, whose files are up to date when they come: a listener writes its own files there and
 * they are committed (and copied to a remote model directory) with the run's. A listener must not
 * stop training: it handles its own failures.
 */
public interface TrainingListener {
  /** After epoch {@code e}'s history line, {@code state.json} and checkpoint are written to {@code dir}. */
  default void onEpoch(Path dir, RunFiles.Epoch e) {}

  /** After {@code model.zip}, {@code model.json} and {@code metrics.json}, before the directory is committed. */
  default void onEnd(Path dir, ModelInfo info) {}
}
