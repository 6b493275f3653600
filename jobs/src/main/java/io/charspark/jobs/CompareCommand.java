package io.charspark.jobs;

import io.charspark.compare.Compare;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", description = "Train several architectures (and grid points) on the same shards, evaluate"
    + " them beside the TF-IDF or n-gram baselines on the test split → comparison.csv/.json/.html (docs/compare.md).")
public class CompareCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, description = "Shard directory written by `shard`.")
  String data;

  @Option(names = "--output", required = true, description = "Comparison directory (runs/<name> holds each model; rerun to resume).")
  Path output;

  @Option(names = "--archs", split = ",", paramLabel = "ARCH[,ARCH...]",
      description = "Architectures to train (default: all of the workload's: spoilers cnn,lstm,cnn_lstm,bilstm; toxic bilstm,bi_conv_lstm,cnn).")
  List<String> archs = new ArrayList<>();

  @Option(names = "--grid", paramLabel = "KEY=V1,V2,...",
      description = "A hyperparameter axis; every run is trained at every point of the axes' product (repeatable).")
  List<String> grid = new ArrayList<>();

  @Override
  public Integer call() {
    Path conf = ConfigOptions.localCopy(config.conf);
    try (SparkOptions.Handle h = sparkOptions.open("compare")) {
      Compare.run(h.spark(), conf, config.overrides, archs, grid, data, output, spec.commandLine().getOut()::println);
    }
    return 0;
  }
}
