package io.charspark.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Repeated timing of one contender: a warm-up run (excluded), then {@code reps} timed runs. Each run
 * returns a checksum so the work cannot be optimised away and both contenders can be shown to have
 * done the same work. The process CPU time of each run is kept too: CPU seconds per wall second
 * shows how many cores a contender really used (1.0 for a one-thread contender).
 */
public record Timing(List<Double> seconds, List<Double> cpuSeconds, long checksum) {
  public static Timing measure(int reps, LongSupplier run) {
    return measure(reps, run, run);
  }

  /**
   * As {@link #measure(int, LongSupplier)} with a separate (cheaper) warm-up; only the timed runs'
   * checksums must agree with each other.
   */
  public static Timing measure(int reps, LongSupplier warmUp, LongSupplier run) {
    long check = warmUp.getAsLong(); // class loading, JIT, Spark plan caches, ND4J workspaces
    boolean first = warmUp != run;
    List<Double> secs = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      double c0 = processCpuSeconds();
      long t0 = System.nanoTime();
      long c = run.getAsLong();
      secs.add((System.nanoTime() - t0) / 1e9);
      cpu.add(processCpuSeconds() - c0);
      if (first) {
        check = c;
        first = false;
      } else if (c != check) {
        throw new IllegalStateException("checksum changed between runs: " + check + " vs " + c);
      }
    }
    return new Timing(secs, cpu, check);
  }

  /** CPU time of all this JVM's threads (Spark local executors included), or NaN if unknown. */
  public static double processCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? Double.NaN : ns / 1e9;
    }
    return Double.NaN;
  }

  public double median() {
    return median(seconds);
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  public double min() {
    return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public double max() {
    return seconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Median over the runs of (process CPU seconds ÷ wall seconds). */
  public double cpuPerWall() {
    List<Double> r = new ArrayList<>();
    for (int i = 0; i < seconds.size(); i++) r.add(cpuSeconds.get(i) / seconds.get(i));
    return median(r);
  }

  /** Median/min/max seconds and the matching rates for {@code units} of work per run. */
  public Map<String, Object> describe(String unit, double units) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds_median", median());
    m.put("seconds_min", min());
    m.put("seconds_max", max());
    m.put("runs", seconds.size());
    m.put(unit + "_per_s_median", units / median());
    m.put(unit + "_per_s_min", units / max());
    m.put(unit + "_per_s_max", units / min());
    m.put("cpu_per_wall_median", cpuPerWall());
    return m;
  }
}
