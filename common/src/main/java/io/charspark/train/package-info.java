/**
 * Distributed training: minibatches from the ETL'd DataFrame, DL4J parameter averaging behind
 * {@link io.charspark.train.DistributedTrainer}, and the epoch loop with validation, early stopping,
 * atomic checkpoints and resume.
 */
package io.charspark.train;
