package io.charspark.jobs;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Sharder;
import io.charspark.demo.DemoCorpus;
import io.charspark.eval.Evaluation;
import io.charspark.eval.Scoring;
import io.charspark.io.OutputDir;
import io.charspark.report.Eda;
import io.charspark.report.EvaluationReports;
import io.charspark.report.TrainingReports;
import io.charspark.train.TrainingLoop;
import io.charspark.workload.Demo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = "generate-corpus → shard → eda → train → evaluate → score (or generate) on embedded Spark, in one go.")
public class DemoCommand implements Callable<Integer> {
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--output", description = "Where everything goes (default: demo-out/<workload>, so the three demos can run one after another).")
  Path output;

  @Option(names = "--workload", defaultValue = "spoilers", description = "spoilers, toxic or showerthoughts (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--conf", description = "Configuration (default: conf/demo.conf, conf/toxic-demo.conf or conf/showerthoughts-demo.conf).")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--posts", description = "Posts (toxic: train comments) in the generated corpus (default: 4000 spoilers, 3000 toxic, 1500 showerthoughts).")
  Integer posts;

  @Option(names = "--overwrite", description = "Replace an earlier demo output.")
  boolean overwrite;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!CharsparkConfig.WORKLOADS.contains(workload)) {
      throw new IllegalArgumentException("Unknown workload '" + workload + "'; expected one of "
          + new java.util.TreeSet<>(CharsparkConfig.WORKLOADS));
    }
    Demo demo = Demo.of(workload);
    // The shipped demo configurations, found from any working directory (see Installation).
    Path confFile = Installation.resolve(conf != null ? conf.toString() : demo.conf());
    CharsparkConfig cfg = CharsparkConfig.load(confFile, overrides);
    if (!cfg.workload.equals(workload)) {
      throw new IllegalArgumentException(confFile + " configures workload '" + cfg.workload
          + "', not '" + workload + "' (give --workload " + cfg.workload + ", or a --conf of workload " + workload + ")");
    }
    // One directory per workload: the three demos run one after another without --overwrite.
    if (output == null) output = Path.of("demo-out", workload);
    if (java.nio.file.Files.exists(output) && !overwrite) {
      throw new IllegalStateException("Output " + output + " already exists (use --overwrite to replace it)");
    }
    OutputDir.deleteRecursively(output);
    Path corpus = output.resolve("corpus");
    Path shards = output.resolve("shards");
    Path model = output.resolve("model");
    Path scores = output.resolve("scores");
    int n = posts != null ? posts : demo.posts();
    DemoCorpus.Stats s = DemoCorpus.write(corpus, n, cfg.seed, false, workload);
    out.println(demo.corpusLine(n, s.posts(), s.spoilers(), corpus));
    Path where = output;
    try (Interruption i = Interruption.onSignal(spec.commandLine().getErr(), "demo",
            () -> "rerun the demo with --overwrite to start it again (its output so far: " + where + ")");
        SparkOptions.Handle h = sparkOptions.open("demo")) {
      Sharder.run(h.spark(), cfg, List.of(corpus.toString()), shards.toString(), false, out::println);
      Eda.run(h.spark(), cfg, shards.toString(), output.resolve("eda").toString(), false, out::println);
      TrainingLoop.run(h.spark(), cfg, shards.toString(), model.toString(), false, false, out::println,
          List.of(new TrainingReports(out::println)));
      Evaluation.run(h.spark(), model.toString(), shards.toString(), "test", out::println,
          List.of(new EvaluationReports(out::println)));
      if (demo.scores()) {
        Scoring.run(h.spark(), model.toString(), List.of(corpus.resolve(demo.scoringInput()).toString()),
            scores.toString(), false, out::println);
      }
    }
    String last;
    if (demo.scores()) {
      last = "  predictions       : " + scores.resolve("predictions")
          + (demo.submission() ? "\n  Kaggle submission : " + scores.resolve(Scoring.SUBMISSION) : "");
    } else {
      // A language model: sampled instead of scored.
      out.println();
      out.println("demo: samples (scripts/charspark generate --model " + model + " --count 2):");
      Path samples = output.resolve("samples.json");
      int rc = new picocli.CommandLine(new GenerateCommand())
          .setOut(out)
          .setErr(spec.commandLine().getErr())
          .execute("--model", model.toString(), "--count", "2", "--output", samples.toString());
      if (rc != 0) throw new IllegalStateException("generate failed (exit " + rc + ")");
      last = "  samples           : " + samples;
    }
    out.println();
    out.println("demo: done.");
    out.println("  shards + manifest : " + shards.resolve("manifest.json"));
    out.println("  corpus statistics : " + output.resolve("eda/eda.html"));
    out.println("  model             : " + model);
    out.println("  report            : " + model.resolve("report.html"));
    out.println("  training history  : " + model.resolve("history.csv"));
    out.println("  test metrics      : " + model.resolve("evaluation/test.json"));
    out.println(last);
    return 0;
  }
}
