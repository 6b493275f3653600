package io.charspark.jobs;

import io.charspark.bench.Bench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Side-by-side benchmarks (suites etl, train, score, shard, converge): ratios measured in one run -> OUTPUT/bench.json.")
public class BenchCommand implements Callable<Integer> {
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--suite", defaultValue = "all", description = "etl, train, score, shard, converge or all (all = etl, train, score, shard; default: ${DEFAULT-VALUE}).")
  String suite;

  @Option(names = "--quick", description = "Small inputs (16 MB of text for etl, 256 sequences and one sweep point for train, a 32 MB dump for shard): a smoke run, not figures to quote.")
  boolean quick;

  @Option(names = "--reps", defaultValue = "3", description = "Timed repetitions after one warm-up (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the benchmark texts (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--output", required = true, description = "Output directory (bench.json); replaced if it exists.")
  Path output;

  @Override
  public Integer call() {
    List<String> suites = switch (suite) {
      case "all" -> List.of("etl", "train", "score", "shard");
      case "etl", "train", "score", "shard", "converge" -> List.of(suite);
      default -> throw new IllegalArgumentException("--suite must be etl, train, score, shard, converge or all, got '" + suite + "'");
    };
    if (reps < 1) throw new IllegalArgumentException("--reps must be >= 1, got " + reps);
    List<String> cmd = new ArrayList<>(List.of("scripts/charspark", "bench", "--suite", suite, "--reps",
        String.valueOf(reps), "--seed", String.valueOf(seed), "--output", output.toString()));
    if (quick) cmd.add("--quick");
    if (sparkOptions.master != null) cmd.addAll(List.of("--master", sparkOptions.master));
    var out = spec.commandLine().getOut();
    try (SparkOptions.Handle h = sparkOptions.open("bench")) {
      Map<String, Object> doc = Bench.run(h.spark(),
          new Bench.Options(suites, quick, reps, seed, String.join(" ", cmd)), output, out::println);
      out.println();
      out.printf("%-42s %s%n", "key", "ratio (median of " + reps + (suites.contains("converge") ? "; converge: one run" : "") + ")");
      ((Map<?, ?>) doc.get("keys")).forEach((k, v) -> out.printf(java.util.Locale.ROOT, "%-42s %.2f%n", k, (Double) v));
      // A peer that could not run is reported, not silently missing.
      Object train = ((Map<?, ?>) doc.get("suites")).get("train");
      if (train instanceof Map<?, ?> t && t.get("pytorch") instanceof String skipped) {
        out.printf("%-42s %s%n", "train.dl4j_over_pytorch_1thread", skipped);
      }
    }
    return 0;
  }
}
