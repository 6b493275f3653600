/**
 * The four kinds of model ({@link io.charspark.workload.Workload}: spoilers classifier, toxic
 * multi-label, language model, typed schema) and everything that differs between them: the
 * training task (network, ETL, minibatches, validation metric, model description), the evaluation
 * and the prediction columns of {@code score}. {@code train}, {@code eval} and {@code score} ask
 * {@code Workload.of} and never test the kind themselves.
 */
package io.charspark.workload;
