/**
 * The four kinds of model ({@link io.charspark.workload.Workload}: spoilers classifier, toxic
 * multi-label, language model, typed schema) and everything that differs between them: the
 * training task (network, ETL, minibatches, validation metric, model description), the evaluation
 * and the prediction columns of {@code score}, and what the {@code demo} job does for it ({@link
 * io.charspark.workload.Demo}). {@code train}, {@code eval}, {@code score} and {@code demo} ask
 * {@code Workload.of} (or {@code Demo.of}) and never test the kind themselves.
 */
package io.charspark.workload;
