package io.charspark.train;

/**
 * {@code train.max_minutes}: training stops after the epoch that reaches the budget (0 = none).
 * The last epoch is not a stop, and neither is an epoch that early stopping already ended. Pure.
 */
public record TimeBudget(double maxMinutes) {
  /** Whether training stops after {@code epoch} of {@code epochs}, {@code elapsedMinutes} into this invocation. */
  public boolean spent(int epoch, int epochs, double elapsedMinutes, boolean stoppedEarly) {
    return !stoppedEarly && maxMinutes > 0 && elapsedMinutes >= maxMinutes && epoch < epochs;
  }
}
