package io.charspark.jobs;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Sharder;
import io.charspark.io.Fs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "shard", description = "Ingest Reddit dumps/listings → filtered, de-duplicated, split Parquet shards + manifest.json.")
public class ShardCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", required = true, arity = "1..*", description = "Files, directories or globs (JSON lines plain/.gz/.bz2/.zst/.xz; API listing pages *.json).")
  List<String> inputs;

  @Option(names = "--output", required = true, description = "Output directory.")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    CharsparkConfig cfg = config.load();
    Sharder.preflight(cfg, inputs, output, overwrite);
    try (SparkOptions.Handle h = sparkOptions.open("shard")) {
      Sharder.run(h.spark(), cfg, inputs, output, overwrite, spec.commandLine().getOut()::println);
    }
    spec.commandLine().getOut().println("shard: manifest " + Fs.resolve(output, "manifest.json"));
    return 0;
  }
}
