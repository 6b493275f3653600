package io.charspark.collect;

import java.time.Duration;

/**
 * Waits for a duration. Production uses {@link #real()}; tests pass a recorder so that rate-limit
 * and backoff waits are asserted without really sleeping.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  /** {@link Thread#sleep}. */
  static Sleeper real() {
    return d -> {
      if (!d.isNegative() && !d.isZero()) Thread.sleep(d.toMillis());
    };
  }
}
