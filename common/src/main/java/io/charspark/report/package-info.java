/**
 * Pictures people read: exploratory statistics of shards ({@link io.charspark.report.Eda}),
 * training curves ({@link io.charspark.report.TrainingCharts}), evaluation charts ({@link
 * io.charspark.report.EvaluationCharts}) and the self-contained {@code report.html} of a model
 * ({@link io.charspark.report.ModelReport}). Charts are JFreeChart, rendered headless to PNG.
 */
package io.charspark.report;
