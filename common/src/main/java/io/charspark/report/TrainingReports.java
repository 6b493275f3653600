package io.charspark.report;

import io.charspark.model.ModelInfo;
import io.charspark.model.RunFiles;
import io.charspark.model.TrainingListener;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The pictures that follow a training run: the training curves ({@link TrainingCharts}) redrawn
 * after every epoch, and {@code report.html} ({@link ModelReport}) written once the model is kept.
 * Failures become one warning line each: a chart never stops training.
 */
public final class TrainingReports implements TrainingListener {
  private final Consumer<String> log;

  public TrainingReports(Consumer<String> log) {
    this.log = log;
  }

  @Override
  public void onEpoch(Path dir, RunFiles.Epoch e) {
    TrainingCharts.update(dir, log);
  }

  @Override
  public void onEnd(Path dir, ModelInfo info) {
    ModelReport.update(dir, log);
  }
}
