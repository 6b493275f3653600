package io.charspark.train;

/**
 * Early stopping on validation loss: an epoch is an improvement when its loss is strictly lower
 * than the best so far (there is no minimum delta setting); training stops once {@code patience}
 * epochs in a row brought none, unless that epoch is the last one anyway (then it is not an early
 * stop). The best epoch is the one whose checkpoint becomes the model.
 *
 * <p>Pure: no files, no Spark. A resumed run continues from the saved counters ({@link
 * #EarlyStopping(int, int, int, double, int)}), so an interrupted run stops where the uninterrupted
 * one would.
 */
public final class EarlyStopping {
  private final int patience;
  private final int epochs;
  private int bestEpoch;
  private double bestValLoss;
  private int epochsWithoutImprovement;
  private boolean stopped;

  /** A fresh run of at most {@code epochs} epochs. */
  public EarlyStopping(int patience, int epochs) {
    this(patience, epochs, 0, Double.POSITIVE_INFINITY, 0);
  }

  /** Continues from saved counters (best epoch 0 and an infinite loss: nothing seen yet). */
  public EarlyStopping(int patience, int epochs, int bestEpoch, double bestValLoss, int epochsWithoutImprovement) {
    if (patience < 1) throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    this.patience = patience;
    this.epochs = epochs;
    this.bestEpoch = bestEpoch;
    this.bestValLoss = bestValLoss;
    this.epochsWithoutImprovement = epochsWithoutImprovement;
  }

  /**
   * Records epoch {@code epoch}'s validation loss; returns whether it is the best so far. After it,
   * {@link #stopped()} says whether training ends here.
   */
  public boolean observe(int epoch, double valLoss) {
    boolean best = valLoss < bestValLoss;
    if (best) {
      bestValLoss = valLoss;
      bestEpoch = epoch;
      epochsWithoutImprovement = 0;
    } else {
      epochsWithoutImprovement++;
    }
    stopped = epochsWithoutImprovement >= patience && epoch < epochs;
    return best;
  }

  /** True when the last observed epoch ended training early ({@code stopped_early}). */
  public boolean stopped() {
    return stopped;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public double bestValLoss() {
    return bestValLoss;
  }

  public int epochsWithoutImprovement() {
    return epochsWithoutImprovement;
  }
}
