package io.charspark.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Repeated timing of one contender: a warm-up run (excluded), then {@code reps} timed runs. Each run
 * returns a checksum so the work cannot be optimised away and both contenders can be shown to have
 * done the same work.
 */
public record Timing(List<Double> seconds, long checksum) {
  public static Timing measure(int reps, LongSupplier run) {
    long check = run.getAsLong(); // warm-up: class loading, JIT, Spark plan caches
    List<Double> secs = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      long c = run.getAsLong();
      secs.add((System.nanoTime() - t0) / 1e9);
      if (c != check) throw new IllegalStateException("checksum changed between runs: " + check + " vs " + c);
    }
    return new Timing(secs, check);
  }

  public double median() {
    List<Double> s = new ArrayList<>(seconds);
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
    return m;
  }
}
