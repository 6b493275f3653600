/**
 * The {@code evaluate} and {@code score} jobs: open a model, ask its {@link
 * io.charspark.workload.Workload} for metrics or predictions, write them with a manifest, charts
 * and {@code report.html}.
 */
package io.charspark.eval;
