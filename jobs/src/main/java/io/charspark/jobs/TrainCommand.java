package io.charspark.jobs;

import io.charspark.config.CharsparkConfig;
import io.charspark.report.TrainingReports;
import io.charspark.train.TrainingLoop;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", description = "Train a model on shards with DL4J parameter averaging; per-epoch validation, early stopping, checkpoints.")
public class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, description = "Shard directory written by `shard`.")
  String data;

  @Option(names = "--model", required = true, description = "Model directory to write.")
  String model;

  @Option(names = "--resume", description = "Continue an interrupted run from its last checkpoint.")
  boolean resume;

  @Option(names = "--overwrite", description = "Replace an existing model directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    CharsparkConfig cfg = config.load();
    TrainingLoop.preflight(cfg, data, model, resume, overwrite);
    try (Interruption i = Interruption.onSignal(spec.commandLine().getErr(), "train", this::resumeHint);
        SparkOptions.Handle h = sparkOptions.open("train")) {
      Consumer<String> log = spec.commandLine().getOut()::println;
      TrainingLoop.run(h.spark(), cfg, data, model, resume, overwrite, log, List.of(new TrainingReports(log)));
    }
    return 0;
  }

  /** How to continue after a signal: the same command with --resume (and without --overwrite). */
  String resumeHint() {
    int done = TrainingLoop.epochsDone(model);
    return (done > 0 ? "the unfinished run (" + done + " epoch(s) done) is kept"
            : "no epoch finished yet; the unfinished run is kept")
        + ": rerun with --resume to continue it (same --conf, --set and --data; --overwrite discards it)";
  }
}
