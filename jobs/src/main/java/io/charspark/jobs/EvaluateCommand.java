package io.charspark.jobs;

import io.charspark.eval.Evaluation;
import io.charspark.report.EvaluationReports;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", description = "Metrics of a model on a split → MODEL/evaluation/<split>.json.")
public class EvaluateCommand implements Callable<Integer> {
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model directory.")
  String model;

  @Option(names = "--data", required = true, description = "Shard directory.")
  String data;

  @Option(names = "--split", defaultValue = "test", description = "train, validation or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Override
  public Integer call() {
    Evaluation.preflight(model, data, split);
    try (SparkOptions.Handle h = sparkOptions.open("evaluate")) {
      Consumer<String> log = spec.commandLine().getOut()::println;
      Evaluation.run(h.spark(), model, data, split, log, List.of(new EvaluationReports(log)));
    }
    return 0;
  }
}
