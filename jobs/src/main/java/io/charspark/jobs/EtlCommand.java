package io.charspark.jobs;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.EtlInspection;
import io.charspark.model.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code etl}: the cleaned text and the indices a model sees for given texts, from the Spark
 * expression and the Java twin side by side ({@link EtlInspection}). The ETL settings come from a
 * model directory ({@code model.json}'s saved config) or a workload config: {@code etl.max_length}
 * and {@code etl.truncate} for a classifier, {@code lm.keep_newline} (no fitting) for a language
 * model. Exit code 1, with a {@code MISMATCH} line per differing text, if the two sides ever differ.
 */
@Command(name = "etl", description = "Show the cleaned text and indices a model sees for given texts (Spark expression and Java twin side by side).")
public class EtlCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  static class Source {
    @Option(names = "--model", required = true, description = "Model directory: its saved ETL settings.")
    String model;

    @Option(names = "--conf", required = true, description = "Workload configuration (HOCON): its etl.* and lm.* settings.")
    String conf;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--text", description = "A text to show (repeatable).")
  List<String> texts = new ArrayList<>();

  @Option(names = "--input", description = "A UTF-8 file with one text per line.")
  Path input;

  @Override
  public Integer call() {
    CharsparkConfig cfg = source.model != null
        ? ModelDirectory.open(source.model, null).config()
        : CharsparkConfig.load(ConfigOptions.localCopy(source.conf), List.of());
    List<String> all = new ArrayList<>(texts);
    if (input != null) {
      try {
        all.addAll(Files.readAllLines(input, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read --input " + input + ": " + e.getMessage(), e);
      }
    }
    if (all.isEmpty()) throw new IllegalArgumentException("Nothing to show: give --text and/or --input");
    EtlInspection.Settings s = cfg.isLanguageModel()
        ? new EtlInspection.Settings(0, false, cfg.lm.keepNewline())
        : new EtlInspection.Settings(cfg.etl.maxLength(), cfg.etl.keepTail(), false);
    var out = spec.commandLine().getOut();
    out.println(s.maxLength() == 0
        ? "etl: language model (" + cfg.workload + "), newline " + (s.keepNewline() ? "kept as index 99" : "folded")
        : "etl: " + cfg.workload + ", etl.max_length " + s.maxLength() + ", etl.truncate " + (s.keepTail() ? "pre" : "post"));
    List<EtlInspection.Shown> shown;
    try (SparkOptions.Handle h = sparkOptions.open("etl")) {
      shown = EtlInspection.run(h.spark(), all, s);
    }
    int differ = 0;
    for (int i = 0; i < shown.size(); i++) {
      for (String line : EtlInspection.format(i + 1, shown.get(i), s)) out.println(line);
      if (!shown.get(i).agree()) differ++;
    }
    out.flush();
    if (differ > 0) {
      throw new IllegalStateException("the Spark expression and the Java twin differ on " + differ + " of "
          + shown.size() + " texts (MISMATCH lines above): this is a bug, please report it with the text");
    }
    return 0;
  }
}
