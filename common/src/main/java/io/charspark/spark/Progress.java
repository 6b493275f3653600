package io.charspark.spark;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A progress line every {@code seconds} while a long phase runs (an epoch, a validation, an
 * evaluation), logged from a daemon thread on the driver until {@link #close()}. {@link #of} logs
 * whatever a supplier says (the training loop's sequences done / total, rate, ETA); {@link #tasks}
 * counts the Spark tasks of every stage submitted while it is open (tasks done / submitted, rows
 * read, rate, ETA). {@code seconds <= 0} logs nothing.
 */
public final class Progress implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final Runnable onClose;

  private Progress(double seconds, Consumer<String> log, Supplier<String> line, Runnable onClose) {
    this.onClose = onClose;
    if (seconds <= 0) {
      this.timer = null;
      return;
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "charspark-progress");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, Math.round(seconds * 1000));
    timer.scheduleAtFixedRate(() -> {
      try {
        String s = line.get();
        if (s != null) log.accept(s);
      } catch (RuntimeException e) {
        // A progress line must never break the phase it reports on.
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Logs {@code line.get()} (skipped when null) every {@code seconds}. */
  public static Progress of(double seconds, Consumer<String> log, Supplier<String> line) {
    return new Progress(seconds, log, line, () -> {});
  }

  /** Logs the progress of the Spark tasks submitted while open, prefixed with {@code label}. */
  public static Progress tasks(SparkContext sc, String label, double seconds, Consumer<String> log) {
    if (seconds <= 0) return of(0, log, () -> null);
    TaskCounter c = new TaskCounter();
    sc.addSparkListener(c);
    Rate rate = new Rate();
    return new Progress(seconds, log, () -> {
      long done = c.done.get();
      long total = c.submitted.get();
      if (total == 0) return null;
      long rows = c.records.get();
      return label + ": " + rate.line(done, total, "tasks")
          + (rows > 0 ? String.format(Locale.ROOT, ", %,d rows read", rows) : "");
    }, () -> sc.removeSparkListener(c));
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
    onClose.run();
  }

  /**
   * {@code done/total unit (p%), r unit/s, ETA t}: the rate over the interval since the previous
   * line (since creation for the first), the ETA from it. One instance per progress source.
   */
  public static final class Rate {
    private long lastNanos = System.nanoTime();
    private long lastDone;

    public synchronized String line(long done, long total, String unit) {
      long now = System.nanoTime();
      double secs = (now - lastNanos) / 1e9;
      double r = secs > 0 ? (done - lastDone) / secs : 0;
      lastNanos = now;
      lastDone = done;
      return format(done, total, unit, r);
    }

    public static String format(long done, long total, String unit, double rate) {
      String eta = rate > 0 ? eta(Math.max(0, total - done) / rate) : "?";
      return String.format(Locale.ROOT, "%,d/%,d %s (%.1f%%), %s %s/s, ETA %s", done, total, unit,
          total > 0 ? 100.0 * done / total : 0.0, rate >= 100 ? String.format(Locale.ROOT, "%,.0f", rate)
              : String.format(Locale.ROOT, "%.1f", rate), unit, eta);
    }
  }

  /** {@code 42s}, {@code 7m38s} or {@code 2h05m}. */
  public static String eta(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) return (s / 3600) + "h" + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
    return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
  }

  /** Tasks of the stages submitted while registered. */
  static final class TaskCounter extends SparkListener {
    final AtomicLong submitted = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final AtomicLong records = new AtomicLong();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted s) {
      submitted.addAndGet(s.stageInfo().numTasks());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd t) {
      done.incrementAndGet();
      if (t.taskMetrics() != null) records.addAndGet(t.taskMetrics().inputMetrics().recordsRead());
    }
  }
}
