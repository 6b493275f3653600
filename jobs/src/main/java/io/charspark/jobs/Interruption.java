package io.charspark.jobs;

import java.io.PrintWriter;
import java.util.function.Supplier;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * What a job with resumable state says when it is stopped by SIGTERM or SIGINT (Ctrl-C): how to
 * continue, instead of the error the dying Spark context would raise ("SparkContext has been
 * shutdown"). The hook is registered with Hadoop's shutdown-hook manager at a priority above
 * Spark's own hook (which stops the SparkContext), so the hint is printed first; {@link #close}
 * removes it when the job ends normally.
 */
final class Interruption implements AutoCloseable {
  /** Above Spark's hook (FileSystem's priority 10 + 30): runs before the SparkContext is stopped. */
  static final int PRIORITY = 50;
  /** Set once a signal stopped a job: {@link Main}'s error handler then adds nothing. */
  static volatile boolean happened;
  private final Runnable hook;

  private Interruption(Runnable hook) {
    this.hook = hook;
  }

  /** Prints {@code "charspark <job>: interrupted; " + hint.get()} to {@code err} on SIGTERM/SIGINT. */
  static Interruption onSignal(PrintWriter err, String job, Supplier<String> hint) {
    Runnable hook = () -> {
      happened = true;
      err.println("charspark " + job + ": interrupted; " + hint.get());
      err.flush();
    };
    ShutdownHookManager.get().addShutdownHook(hook, PRIORITY);
    return new Interruption(hook);
  }

  @Override
  public void close() {
    if (!ShutdownHookManager.get().isShutdownInProgress()) ShutdownHookManager.get().removeShutdownHook(hook);
  }
}
