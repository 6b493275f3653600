/**
 * The {@code compare} job (SPEC.md §4): several architectures and hyperparameter points trained on
 * the same shards, evaluated on the same test split beside the TF-IDF (or n-gram) baselines, in one
 * table with the curves on one chart (docs/compare.md).
 */
package io.charspark.compare;
