package io.charspark.jobs;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.io.OutputDir;
import io.charspark.report.Eda;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eda}: exploratory statistics of a shard directory with Spark SQL → {@code eda.json}, PNG
 * charts, {@code eda.html} and a console summary (see {@link Eda}). The shard directory is checked
 * before Spark starts, so a wrong path fails in a second.
 */
@Command(name = "eda", description = "Describe shards per split and label (counts, characters per text, truncation, unique-token ratio, replaced characters) → eda.json + PNG charts.")
public class EdaCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, description = "Shard directory written by `shard`.")
  String data;

  @Option(names = "--output", required = true, description = "Output directory (eda.json, eda.html, charts/).")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    CharsparkConfig cfg = config.load();
    ShardDirectory.open(data, cfg.workload);
    OutputDir.checkFree(output, overwrite);
    try (SparkOptions.Handle h = sparkOptions.open("eda")) {
      Eda.run(h.spark(), cfg, data, output, overwrite, spec.commandLine().getOut()::println);
    }
    return 0;
  }
}
