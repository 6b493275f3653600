package io.charspark.report;

import io.charspark.model.EvaluationListener;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What follows an evaluation: {@code report.html} ({@link ModelReport}) rewritten with the new
 * metrics once a split is evaluated, with its one progress line (or one warning line: a report
 * never fails the evaluation). The evaluation's own charts are drawn by the evaluation.
 */
public final class EvaluationReports implements EvaluationListener {
  private final Consumer<String> log;

  public EvaluationReports(Consumer<String> log) {
    this.log = log;
  }

  @Override
  public void onEvaluated(Path dir, String split) {
    ModelReport.update(dir, log);
  }
}
