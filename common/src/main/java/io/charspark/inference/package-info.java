/**
 * The networks applied to data on the executors: minibatches for training ({@code Batches},
 * {@code SchemaBatches}) and scoring of a partition with a broadcast network ({@code Predictor},
 * {@code SchemaPredictor}). With {@code model} and {@code train}, the only packages that use DL4J
 * and ND4J directly (docs/architecture.md).
 */
package io.charspark.inference;
