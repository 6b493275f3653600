package io.charspark.model;

import java.nio.file.Path;

/**
 * Follows an evaluation from outside {@code io.charspark.eval.Evaluation}, as {@link
 * TrainingListener} follows training: {@code report.html} ({@code
 * io.charspark.report.EvaluationReports}) is rewritten this way. The call gets the model's local
 * directory once {@code evaluation/<split>.json} and the split's charts are written there; files a
 * listener writes into it (such as {@code report.html}) are then copied to a remote model directory
 * with the evaluation's. A listener must not fail the evaluation: it handles its own failures.
 */
public interface EvaluationListener {
  /** After {@code dir/evaluation/<split>.json} (and the split's charts) are written. */
  default void onEvaluated(Path dir, String split) {}
}
