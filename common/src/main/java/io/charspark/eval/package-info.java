/**
 * The {@code evaluate} and {@code score} jobs: open a model, ask its {@link
 * io.charspark.workload.Workload} for metrics or predictions, write them with a manifest and
 * charts; {@code report.html} follows an evaluation as an {@link
 * io.charspark.model.EvaluationListener} ({@code io.charspark.report.EvaluationReports}), so
 * nothing here calls {@code report} code.
 */
package io.charspark.eval;
