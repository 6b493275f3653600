package io.charspark.jobs;

import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.inference.Generator;
import io.charspark.model.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", description = "Sample new text from a character language model (no Spark needed).")
public class GenerateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "Language-model directory (workload showerthoughts).")
  String model;

  @Option(names = "--seed-text", defaultValue = "", description = "Text to continue, cleaned by the ETL (default: start from '<').")
  String seedText;

  @Option(names = "--temperature", split = ",", description = "Sampling temperatures, > 0 (default: lm.temperatures of the model's config).")
  List<Double> temperatures;

  @Option(names = "--length", description = "Maximum new characters (default: lm.generate_length); stops earlier at '>'.")
  Integer length;

  @Option(names = "--count", defaultValue = "1", description = "Samples per temperature (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--random-seed", defaultValue = "42", description = "Seed of the sampler: same seed, same text (default: ${DEFAULT-VALUE}).")
  long randomSeed;

  @Option(names = "--output", description = "Also write the samples as JSON to this file.")
  Path output;

  @Option(names = "--stacktrace", description = "Print the full stack trace of an error.")
  boolean stacktrace;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    ModelDirectory dir = ModelDirectory.open(model, null);
    if (!dir.config().isLanguageModel()) {
      throw new IllegalArgumentException("Model " + model + " is a '" + dir.info().workload
          + "' classifier; generate needs a language model (workload showerthoughts)");
    }
    List<Double> temps = temperatures == null ? dir.config().lm.temperatures() : temperatures;
    for (double t : temps) {
      if (!(t > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + t);
    }
    if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
    int len = length == null ? dir.config().lm.generateLength() : length;
    if (len < 1) throw new IllegalArgumentException("--length must be >= 1, got " + len);
    Generator g = new Generator(dir.network(), dir.info().lmWindows(dir.config()));
    String seen = g.cleanSeed(seedText).substring(1);
    if (!seen.equals(seedText)) {
      out.println("generate: seed text cleaned by the ETL: '" + seedText + "' -> '" + seen + "'");
    }
    Random rnd = new Random(randomSeed);
    List<Map<String, Object>> samples = new ArrayList<>();
    for (double t : temps) {
      for (int i = 0; i < count; i++) {
        String text = g.generate(seedText, t, len, rnd);
        out.printf(java.util.Locale.ROOT, "[T=%.2f] %s%s%n", t, seen, text);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", t);
        m.put("seed_text", seen);
        m.put("text", text);
        samples.add(m);
      }
    }
    if (output != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", Fs.qualified(model));
      doc.put("random_seed", randomSeed);
      doc.put("length", len);
      doc.put("samples", samples);
      Json.write(output, doc);
    }
    return 0;
  }
}
