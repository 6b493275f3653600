package io.charspark.jobs;

import io.charspark.eval.Scoring;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", description = "Predict new posts with a model → OUTPUT/predictions (CSV), manifest.json, rejected/.")
public class ScoreCommand implements Callable<Integer> {
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model directory.")
  String model;

  @Option(names = "--input", required = true, arity = "1..*", description = "Files, directories or globs of raw posts.")
  List<String> inputs;

  @Option(names = "--output", required = true, description = "Output directory.")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    Scoring.preflight(model, inputs, output, overwrite);
    try (SparkOptions.Handle h = sparkOptions.open("score")) {
      Scoring.run(h.spark(), model, inputs, output, overwrite, spec.commandLine().getOut()::println);
    }
    return 0;
  }
}
