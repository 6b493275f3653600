/**
 * Distributed training: DL4J parameter averaging behind {@link io.charspark.train.DistributedTrainer},
 * and the epoch loop with validation, early stopping, atomic checkpoints and resume. What differs
 * between workloads (network, rows, minibatches, validation) comes from their {@link
 * io.charspark.workload.TrainingTask}.
 */
package io.charspark.train;
