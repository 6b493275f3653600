package io.charspark.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The learning rate under parameter averaging with {@code k} workers (Goyal et al. 2017, "Accurate,
 * Large Minibatch SGD": the linear scaling rule and gradual warm-up): {@code train.lr_scaling}
 * multiplies {@code optimizer.learning_rate} by 1 ({@code none}), {@code k} ({@code linear}) or
 * {@code √k} ({@code sqrt}); {@code train.warmup_steps = N > 0} ramps it linearly over the first N
 * optimizer steps of each worker (DL4J iterations; parameter averaging advances the iteration count
 * by {@code averaging_frequency} per round, so the count is per worker). The ramp starts at the
 * unscaled rate when scaling raises it, else at {@code rate / N}.
 *
 * <p>The schedule is a DL4J {@link MapSchedule} by iteration, set on every layer's updater, so it is
 * saved with the checkpoints and a resumed run continues it at the saved iteration count. A ramp of
 * more than {@value #MAX_POINTS} steps is stored as {@value #MAX_POINTS} equal stairs.
 */
public final class LearningRates {
  static final int MAX_POINTS = 200;

  private LearningRates() {}

  /** The factor of {@code scaling} ({@code none | linear | sqrt}) for {@code workers} workers. */
  public static double factor(String scaling, int workers) {
    int k = Math.max(1, workers);
    return switch (scaling) {
      case "none" -> 1.0;
      case "linear" -> k;
      case "sqrt" -> Math.sqrt(k);
      default -> throw new IllegalArgumentException("train.lr_scaling = '" + scaling
          + "' is not valid; expected one of [linear, none, sqrt]");
    };
  }

  /**
   * The schedule for base rate {@code base}, scaling factor {@code factor} and {@code warmup} steps:
   * {@code null} when it is the constant {@code base} (nothing to change).
   */
  public static ISchedule schedule(double base, double factor, int warmup) {
    double target = base * factor;
    if (warmup <= 0) return factor == 1.0 ? null : new MapSchedule(ScheduleType.ITERATION, Map.of(0, target));
    double start = factor > 1.0 ? base : target / warmup;
    int stride = Math.max(1, (warmup + MAX_POINTS - 1) / MAX_POINTS);
    Map<Integer, Double> points = new LinkedHashMap<>();
    for (int i = 0; i < warmup; i += stride) points.put(i, start + (target - start) * i / warmup);
    points.put(warmup, target);
    return new MapSchedule(ScheduleType.ITERATION, points);
  }

  /** Sets {@code schedule} on every updater of {@code net} (updater state is kept); null = no-op. */
  public static void apply(Model net, ISchedule schedule) {
    if (schedule == null) return;
    if (net instanceof ComputationGraph g) g.setLearningRate(schedule);
    else ((MultiLayerNetwork) net).setLearningRate(schedule);
  }

  /** E.g. {@code "lr 0.001 × 2 (linear, 2 workers) = 0.002, warm-up 100 steps"}. */
  public static String describe(double base, String scaling, int workers, int warmup) {
    double f = factor(scaling, workers);
    String s = String.format(Locale.ROOT, "learning rate %s × %s (%s, %d workers) = %s", num(base), num(f),
        scaling, workers, num(base * f));
    return s + (warmup > 0 ? ", linear warm-up over " + warmup + " steps" : ", no warm-up");
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.4g", d).replaceAll("\\.?0+$", "").replaceAll("\\.?0+e", "e");
  }
}
