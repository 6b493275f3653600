/**
 * Mergeable metrics (binary, categorical, regression), how many positives a split's metrics rest
 * on, and the TF-IDF baselines they are compared with. No network code: every stage above may use
 * them.
 */
package io.charspark.metrics;
