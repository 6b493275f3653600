package io.charspark.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.config.CharsparkConfig;
import io.charspark.config.ConfigException;
import io.charspark.data.ShardDirectory;
import io.charspark.eval.Evaluation;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import io.charspark.model.History;
import io.charspark.model.ModelDirectory;
import io.charspark.model.RunFiles;
import io.charspark.report.Charts;
import io.charspark.report.ComparisonReport;
import io.charspark.report.EvaluationReports;
import io.charspark.report.TrainingReports;
import io.charspark.train.TrainingLoop;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code compare} job: the spoilers blog post's table of architectures ("Model | Validation
 * loss | Epoch") as one command, honestly measured on one set of shards.
 *
 * <p>Input: a workload configuration with {@code --set} overrides, the architectures (default: all
 * of the workload's, SPEC.md §1; the language model has one) and {@code --grid key=v1,v2} axes
 * (their cartesian product; values are split on commas). Each run (architecture × grid point) is a
 * normal {@code train} with early stopping into {@code OUTPUT/runs/<name>}, one after another, then
 * an {@code evaluate} on the test split. The TF-IDF character and word n-gram baselines (classifiers)
 * are fitted once on the train split and evaluated on the same test split ({@code
 * OUTPUT/baselines.json}); the language model's unigram and n-gram baselines come from its own
 * evaluation (bits/char).
 *
 * <p>Output: {@code comparison.csv}, {@code comparison.json}, a console table and {@code
 * comparison.html} (table, validation-loss curves of every run on one chart, ROC curves of every
 * model and baseline on one chart). Resume: a run whose directory holds {@code _SUCCESS} and {@code
 * evaluation/test.json} is skipped; one with an unfinished training ({@code
 * .<name>.inprogress/state.json}) continues from its last checkpoint ({@code train --resume}); the
 * baselines are reused when {@code baselines.json} was made from the same data and settings.
 *
 * <p>Errors: an unknown architecture or grid key, a grid without values, a language model with
 * {@code --archs}, or a changed configuration on resume (from {@link TrainingLoop}) are one-line
 * errors before (or instead of) training.
 */
public final class Compare {
  public static final String RUNS = "runs";
  public static final String CSV = "comparison.csv";
  public static final String JSON = "comparison.json";
  public static final String HTML = "comparison.html";
  public static final String BASELINES = "baselines.json";
  /** Each run's evaluation split. */
  public static final String SPLIT = "test";

  /** One training run: its directory name and the overrides that make it. */
  public record Run(String name, List<String> sets) {}

  /** What {@link #run} produced: the table rows (models, then baselines) and the files written. */
  public record Result(List<String> columns, List<Map<String, Object>> rows, List<String> skipped, Path html) {}

  private Compare() {}

  /**
   * The runs of {@code archs} × the grid's cartesian product, in the order given. {@code archs}
   * empty = the workload's architectures; a grid axis is {@code key=v1,v2,...}.
   */
  public static List<Run> plan(CharsparkConfig base, List<String> archs, List<String> grid) {
    List<String> a;
    if (base.isLanguageModel()) {
      if (archs != null && !archs.isEmpty()) {
        throw new ConfigException("--archs: workload " + base.workload
            + " is a character language model with one architecture (lstm_lm); compare settings with --grid");
      }
      a = List.of("lstm_lm");
    } else {
      List<String> known = base.isToxic() ? CharsparkConfig.TOXIC_ARCHS : CharsparkConfig.ARCHS;
      a = archs == null || archs.isEmpty() ? known : archs;
      for (String x : a) {
        if (!known.contains(x)) {
          throw new ConfigException("--archs: '" + x + "' is not an architecture of workload " + base.workload
              + "; expected some of " + known);
        }
      }
    }
    List<Run> runs = new ArrayList<>();
    for (String arch : a) {
      List<String> sets = base.isLanguageModel() ? List.of() : List.of("model.arch=" + arch);
      runs.add(new Run(arch, sets));
    }
    for (String axis : grid == null ? List.<String>of() : grid) {
      int eq = axis.indexOf('=');
      if (eq <= 0 || eq == axis.length() - 1) {
        throw new ConfigException("--grid expects key=v1,v2,..., got '" + axis + "'");
      }
      String key = axis.substring(0, eq).trim();
      if (!base.raw().hasPath(key)) {
        throw new ConfigException("--grid: unknown configuration key '" + key + "'");
      }
      List<Run> next = new ArrayList<>();
      for (Run r : runs) {
        for (String v : axis.substring(eq + 1).split(",")) {
          String value = v.trim();
          if (value.isEmpty()) throw new ConfigException("--grid " + axis + ": empty value");
          List<String> sets = new ArrayList<>(r.sets());
          sets.add(key + "=" + value);
          next.add(new Run(r.name() + "-" + shortKey(key) + "=" + value.replaceAll("[^A-Za-z0-9._=-]", "_"),
              List.copyOf(sets)));
        }
      }
      runs = next;
    }
    return runs;
  }

  private static String shortKey(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  /** The configuration of one run: the base file, the user's overrides, then the run's own. */
  static CharsparkConfig config(Path conf, List<String> overrides, Run run) {
    List<String> all = new ArrayList<>(overrides == null ? List.of() : overrides);
    all.addAll(run.sets());
    // The TF-IDF baselines are fitted once for the whole comparison, not once per run.
    all.add("toxic.baseline=false");
    return CharsparkConfig.load(conf, all);
  }

  public static Result run(SparkSession spark, Path conf, List<String> overrides, List<String> archs,
      List<String> grid, String data, Path output, Consumer<String> log) {
    CharsparkConfig base = CharsparkConfig.load(conf, overrides);
    List<Run> runs = plan(base, archs, grid);
    // Every run's configuration is validated before the first one trains.
    List<CharsparkConfig> cfgs = runs.stream().map(r -> config(conf, overrides, r)).toList();
    ShardDirectory shards = ShardDirectory.open(data, base.workload);
    try {
      Files.createDirectories(output.resolve(RUNS));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + output.resolve(RUNS), e);
    }
    log.accept("compare: " + runs.size() + " run(s) on " + data + ": "
        + runs.stream().map(Run::name).toList() + " -> " + output);
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      Path dir = output.resolve(RUNS).resolve(r.name());
      String prefix = "compare [" + (i + 1) + "/" + runs.size() + " " + r.name() + "] ";
      Consumer<String> runLog = line -> log.accept(prefix + line);
      if (finished(dir)) {
        log.accept(prefix + "finished earlier (" + dir + "), skipped");
        skipped.add(r.name());
        continue;
      }
      if (!Files.exists(dir.resolve(OutputDir.SUCCESS))) {
        boolean resume = Files.exists(OutputDir.inProgressPath(dir).resolve(RunFiles.STATE));
        if (resume) runLog.accept("continuing the interrupted training in " + OutputDir.inProgressPath(dir));
        TrainingLoop.run(spark, cfgs.get(i), data, dir.toString(), resume, false, runLog, List.of(new TrainingReports(runLog)));
      }
      Evaluation.run(spark, dir.toString(), data, SPLIT, runLog, List.of(new EvaluationReports(runLog)));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Charts.Series> valLoss = new ArrayList<>();
    List<Charts.Series> roc = new ArrayList<>();
    String rocLabel = base.isToxic() ? base.toxic.stratifyOn() : "label";
    for (Run r : runs) {
      Path dir = output.resolve(RUNS).resolve(r.name());
      rows.add(modelRow(r.name(), dir, base));
      History h = RunFiles.readHistory(dir.resolve(RunFiles.HISTORY));
      valLoss.add(new Charts.Series(r.name(), h.column("epoch"), h.column("val_loss")));
      if (!base.isLanguageModel()) roc.add(rocOf(r.name(), dir.resolve("evaluation").resolve(SPLIT + "-curves.json"), rocLabel));
    }
    if (base.isLanguageModel()) {
      rows.addAll(ngramRows(output.resolve(RUNS).resolve(runs.get(0).name())));
    } else {
      for (Baselines.Row b : Baselines.fitOrReuse(spark, base, shards, data, output.resolve(BASELINES), log)) {
        rows.add(b.row());
        roc.add(b.roc(rocLabel));
      }
    }
    List<String> columns = columns(base);
    write(output, columns, rows);
    for (String line : table(columns, rows)) log.accept(line);
    Path html = ComparisonReport.write(output, "charspark compare: " + base.workload + " on " + data,
        columns, rows.stream().map(m -> columns.stream().map(c -> cell(m.get(c))).toList()).toList(), valLoss,
        roc, base.isToxic() ? "label " + rocLabel : "");
    log.accept("compare: " + CSV + ", " + JSON + " and " + HTML + " written to " + output);
    return new Result(columns, rows, skipped, html);
  }

  /** A run is finished when its model directory was committed and evaluated on the test split. */
  static boolean finished(Path dir) {
    return Files.exists(dir.resolve(OutputDir.SUCCESS))
        && Files.exists(dir.resolve("evaluation").resolve(SPLIT + ".json"));
  }

  /** The table's columns for a workload. */
  static List<String> columns(CharsparkConfig cfg) {
    List<String> c = new ArrayList<>(List.of("model", "kind", "parameters", "best_val_loss", "best_epoch", "epochs_run"));
    if (cfg.isLanguageModel()) {
      c.addAll(List.of("test_bits_per_char", "test_perplexity"));
    } else if (cfg.isToxic()) {
      c.add("test_mean_auc");
      for (String l : cfg.toxic.labels()) c.add("test_auc_" + l);
      c.add("test_mean_log_loss");
      c.add("test_mean_accuracy");
      for (String l : cfg.toxic.labels()) c.add("test_accuracy_" + l);
    } else {
      c.addAll(List.of("test_auc", "test_log_loss", "test_accuracy"));
    }
    c.addAll(List.of("wall_seconds", "seq_per_s"));
    return c;
  }

  /** A model's row, from its own model directory (model.json, metrics.json, history.csv, evaluation). */
  static Map<String, Object> modelRow(String name, Path dir, CharsparkConfig cfg) {
    Map<String, Object> row = new LinkedHashMap<>();
    JsonNode info = tree(dir.resolve(ModelDirectory.INFO));
    JsonNode metrics = tree(dir.resolve("metrics.json"));
    JsonNode ev = tree(dir.resolve("evaluation").resolve(SPLIT + ".json"));
    History h = RunFiles.readHistory(dir.resolve(RunFiles.HISTORY));
    row.put("model", name);
    row.put("kind", "model");
    row.put("parameters", ModelDirectory.open(dir, cfg.workload).network().parameters());
    row.put("best_val_loss", metrics.path("val_loss").asDouble());
    row.put("best_epoch", info.path("best_epoch").asInt());
    row.put("epochs_run", info.path("epochs_run").asInt());
    if (cfg.isLanguageModel()) {
      row.put("test_bits_per_char", ev.path("bits_per_char").asDouble());
      row.put("test_perplexity", ev.path("perplexity").asDouble());
    } else if (cfg.isToxic()) {
      row.put("test_mean_auc", ev.path("mean_auc").asDouble());
      for (String l : cfg.toxic.labels()) row.put("test_auc_" + l, ev.path("auc").path(l).asDouble());
      row.put("test_mean_log_loss", ev.path("mean_log_loss").asDouble());
      row.put("test_mean_accuracy", ev.path("mean_accuracy").asDouble());
      for (String l : cfg.toxic.labels()) row.put("test_accuracy_" + l, ev.path("accuracy").path(l).asDouble());
    } else {
      row.put("test_auc", ev.path("auc").asDouble());
      row.put("test_log_loss", ev.path("log_loss").asDouble());
      row.put("test_accuracy", ev.path("accuracy").asDouble());
    }
    double secs = 0;
    for (double s : h.column("seconds")) secs += s;
    double[] rate = h.column("seq_per_s");
    row.put("wall_seconds", secs);
    row.put("seq_per_s", rate.length == 0 ? Double.NaN : java.util.Arrays.stream(rate).average().orElse(Double.NaN));
    return row;
  }

  /** The language model's unigram and n-gram baselines, from a run's evaluation (they do not depend on the run). */
  static List<Map<String, Object>> ngramRows(Path dir) {
    JsonNode b = tree(dir.resolve("evaluation").resolve(SPLIT + ".json")).path("baselines");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String[] k : new String[][] {{"unigram", "unigram_bits_per_char"},
        {b.path("ngram_order").asInt() + "-gram", "ngram_bits_per_char"}}) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", k[0]);
      row.put("kind", "baseline");
      double bpc = b.path(k[1]).asDouble();
      row.put("test_bits_per_char", bpc);
      row.put("test_perplexity", Math.pow(2, bpc));
      rows.add(row);
    }
    return rows;
  }

  static Charts.Series rocOf(String name, Path curves, String label) {
    JsonNode labels = tree(curves).path("labels");
    // A binary classifier's curves are named after its label field (e.g. "spoiler").
    JsonNode c = labels.has(label) || labels.size() != 1 ? labels.path(label) : labels.elements().next();
    JsonNode pts = c.path("roc");
    double[] x = new double[pts.size()];
    double[] y = new double[pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      x[i] = pts.get(i).path("fpr").asDouble();
      y[i] = pts.get(i).path("tpr").asDouble();
    }
    return new Charts.Series(String.format(Locale.ROOT, "%s (AUC %.4f)", name, c.path("auc").asDouble()), x, y);
  }

  static void write(Path output, List<String> columns, List<Map<String, Object>> rows) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("columns", columns);
    doc.put("rows", rows);
    Json.write(output.resolve(JSON), doc);
    StringWriter w = new StringWriter();
    com.univocity.parsers.csv.CsvWriterSettings s = new com.univocity.parsers.csv.CsvWriterSettings();
    s.getFormat().setLineSeparator("\n");
    com.univocity.parsers.csv.CsvWriter csv = new com.univocity.parsers.csv.CsvWriter(w, s);
    csv.writeRow(columns.toArray());
    for (Map<String, Object> r : rows) csv.writeRow(columns.stream().map(c -> csvCell(r.get(c))).toArray());
    csv.close();
    OutputDir.writeAtomically(output.resolve(CSV), w.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String csvCell(Object v) {
    if (v == null) return "";
    if (v instanceof Double d) return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6f", d);
    return v.toString();
  }

  /** A value as the console and the HTML show it: 4 decimals, 1 for seconds and rates, blank when absent. */
  static String cell(Object v) {
    if (v == null) return "";
    if (v instanceof Double d) {
      if (Double.isNaN(d)) return "";
      return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.4f", d);
    }
    return v.toString();
  }

  /** The console table: columns padded to their widest cell. */
  static List<String> table(List<String> columns, List<Map<String, Object>> rows) {
    int[] w = new int[columns.size()];
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) w[i] = columns.get(i).length();
    for (Map<String, Object> r : rows) {
      List<String> line = columns.stream().map(c -> cell(r.get(c))).toList();
      for (int i = 0; i < line.size(); i++) w[i] = Math.max(w[i], line.get(i).length());
      cells.add(line);
    }
    List<String> out = new ArrayList<>();
    out.add(pad(columns, w));
    StringBuilder rule = new StringBuilder();
    for (int x : w) rule.append("-".repeat(x)).append("  ");
    out.add(rule.toString().stripTrailing());
    for (List<String> line : cells) out.add(pad(line, w));
    return out;
  }

  private static String pad(List<String> cells, int[] w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      boolean num = c.matches("-?[0-9.]+");
      b.append(num ? " ".repeat(w[i] - c.length()) + c : c + " ".repeat(w[i] - c.length())).append("  ");
    }
    return b.toString().stripTrailing();
  }

  static JsonNode tree(Path file) {
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The rows a baseline evaluation needs: the test split, only Kaggle-scored rows for toxic. */
  static Dataset<Row> testRows(SparkSession spark, ShardDirectory shards) {
    Dataset<Row> rows = shards.read(spark, SPLIT);
    return List.of(rows.columns()).contains("scored") ? rows.filter(org.apache.spark.sql.functions.col("scored")) : rows;
  }

  static List<String> labels(CharsparkConfig cfg) {
    return cfg.isToxic() ? cfg.toxic.labels() : List.of("label");
  }
}
