package io.charspark.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.Sharder;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import io.charspark.inference.Generator;
import io.charspark.metrics.MetricSupport;
import io.charspark.metrics.TfidfBaseline;
import io.charspark.model.ModelDirectory;
import io.charspark.model.History;
import io.charspark.model.ModelInfo;
import io.charspark.model.Network;
import io.charspark.schema.FittedColumn;
import io.charspark.schema.FittedSchema;
import io.charspark.model.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * {@code report.html} of a model directory: one self-contained page (see {@link HtmlPage}) a person
 * reads to judge a model.
 *
 * <p>Input: the model directory as {@code train} leaves it, finished or still in its work
 * directory ({@code model.json} required; {@code history.csv}, {@code metrics.json}, {@code
 * evaluation/<split>.json} and their charts, {@code config.conf}, {@code model.zip} optional), and
 * the shard {@code manifest.json} that {@code model.json} points to, when it can still be read.
 * Output: {@code DIR/report.html}, written atomically, with sections {@code overview}, {@code data},
 * {@code training} (loss and metric charts, redrawn if missing), {@code metrics} (final metrics
 * next to their baselines, ROC, calibration or bits/char charts), {@code samples} (language model
 * only: generated text at the configured temperatures with a fixed seed; skipped with a note
 * when there is no {@code model.zip}) and {@code config}. Failure modes: no {@code model.json} is
 * an {@link IllegalArgumentException}; unreadable files are {@link UncheckedIOException}s. {@link
 * #update} is the jobs' entry point and turns any failure into one warning line.
 */
public final class ModelReport {
  public static final String FILE = "report.html";

  private ModelReport() {}

  /** Writes the report; returns its path. */
  public static Path write(Path dir) {
    if (!Files.isRegularFile(dir.resolve(ModelDirectory.INFO))) {
      throw new IllegalArgumentException(dir + " is not a charspark model directory (no model.json)");
    }
    ModelInfo info = Json.read(dir.resolve(ModelDirectory.INFO), ModelInfo.class);
    HtmlPage page = new HtmlPage(title(dir, info));
    overview(page, info);
    if (info.schema != null) schema(page, info.schema);
    Manifest man = manifest(info);
    data(page, info, man);
    training(page, dir);
    metrics(page, dir, info, man);
    if (info.isLanguageModel()) samples(page, dir, info);
    config(page, dir, info);
    Path file = dir.resolve(FILE);
    OutputDir.writeAtomically(file, page.render().getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** {@link #write}, with a progress line, and any failure reduced to one warning line. */
  public static void update(Path dir, Consumer<String> log) {
    try {
      long t0 = System.nanoTime();
      write(dir);
      // Named where it will be once a training run is committed, not in the hidden work directory.
      Path shown = dir.toAbsolutePath().normalize().resolveSibling(displayName(dir)).resolve(FILE);
      log.accept(String.format(Locale.ROOT, "report: %s (%.1fs)", shown, (System.nanoTime() - t0) / 1e9));
    } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
      log.accept("report: warning: report.html not written: " + e);
    }
  }

  /** The model's name, also while it is still being written ({@code .NAME.inprogress}). */
  static String displayName(Path dir) {
    String n = dir.toAbsolutePath().normalize().getFileName().toString();
    return n.startsWith(".") && n.endsWith(".inprogress") ? n.substring(1, n.length() - ".inprogress".length()) : n;
  }

  /**
   * The page title: workload, architecture and where the model is, e.g. {@code charspark model
   * report: toxic bilstm, demo-out/toxic/model} (the parent directory tells apart the many
   * models named {@code model}).
   */
  static String title(Path dir, ModelInfo info) {
    Path abs = dir.toAbsolutePath().normalize();
    String where = (abs.getParent() == null || abs.getParent().getFileName() == null ? ""
        : abs.getParent().getFileName() + "/") + displayName(dir);
    return "charspark model report: " + info.workload + " " + (info.arch == null ? "lstm_lm" : info.arch)
        + ", " + where;
  }

  private static void overview(HtmlPage page, ModelInfo info) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("workload", info.workload));
    rows.add(List.of("architecture", info.arch == null ? "lstm_lm" : info.arch));
    boolean multi = info.labels != null && !info.labels.isEmpty();
    if (multi) {
      rows.add(List.of("labels (" + info.labels.size() + " sigmoid heads)", String.join(", ", info.labels)));
      if (info.labelField != null && !info.labelField.isEmpty()) rows.add(List.of("split stratified on", info.labelField));
    } else if (info.labelField != null && !info.labelField.isEmpty()) {
      rows.add(List.of("label", info.labelField));
    }
    Integer window = info.contextWindow();
    if (window != null) rows.add(List.of("context window (chars)", String.valueOf(window)));
    else if (info.etl != null) rows.add(List.of("ETL", info.etl.describe()));
    rows.add(List.of("best epoch", info.bestEpoch + " of " + info.epochsRun + (info.stoppedEarly ? " (stopped early)" : "")));
    if (window == null) {
      rows.add(List.of("threshold", num(info.threshold)));
      if (multi && info.trainPositiveRates != null) {
        List<String> rates = new ArrayList<>();
        for (String l : info.labels) rates.add(l + " " + pct(info.trainPositiveRates.getOrDefault(l, Double.NaN)));
        rows.add(List.of("training positive rates", String.join(", ", rates)));
      } else {
        rows.add(List.of("training positive rate", pct(info.trainPositiveRate)));
      }
    }
    rows.add(List.of("data", String.valueOf(info.data)));
    for (Map.Entry<String, String> e : info.createdBy.entrySet()) rows.add(List.of(e.getKey(), e.getValue()));
    page.section("overview", "Overview").table(List.of("", ""), rows);
  }

  /** Typed-schema models: every column's fitted transform, as saved in model.json. */
  private static void schema(HtmlPage page, FittedSchema s) {
    page.section("schema", "Typed schema");
    List<List<String>> rows = new ArrayList<>();
    List<FittedColumn> all = new ArrayList<>(s.inputs);
    all.addAll(s.outputs);
    for (FittedColumn c : all) {
      rows.add(List.of(c.name(), c.output() ? "output" : "input", c.type().configName(), c.describe(),
          count(c.trainMissing()) + " of " + count(c.trainRows())));
    }
    page.table(List.of("column", "role", "type", "fitted on the train split", "missing in train"), rows);
  }

  /** The shard manifest {@code model.json} points to, or null when it can no longer be read. */
  private static Manifest manifest(ModelInfo info) {
    // info.data is a qualified URI (file:/..., hdfs://...): read it through the Hadoop filesystem.
    String m = info.data == null ? null : Fs.resolve(info.data, "manifest.json");
    try {
      if (m != null && Fs.exists(m)) {
        return Json.MAPPER.readValue(Fs.readBytes(m), Manifest.class);
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static void data(HtmlPage page, ModelInfo info, Manifest man) {
    page.section("data", "Data");
    String m = info.data == null ? null : Fs.resolve(info.data, "manifest.json");
    if (man == null) {
      page.note("Shard manifest not found at " + m + "; data counts unavailable.");
      return;
    }
    page.paragraph(String.format(Locale.ROOT,
        "%,d input records → %,d rows (%,d rejected, %,d filtered, %,d duplicates). Source: %s",
        man.inputRecords, man.outputRows, Manifest.sum(man.rejected), Manifest.sum(man.filtered),
        man.duplicates, m));
    boolean labelled = man.labelField != null && !man.labelField.isEmpty();
    if (info.labels != null) {
      // Multi-label (toxic): positives per label and split; label_counts hold "rows" + label → positives.
      List<String> head = new ArrayList<>(List.of("split", "rows"));
      head.addAll(info.labels);
      List<List<String>> rows = new ArrayList<>();
      for (String s : man.splits.keySet()) {
        Map<String, Long> c = man.labelCounts.getOrDefault(s, Map.of());
        List<String> r = new ArrayList<>(List.of(s, count(man.splits.get(s))));
        long n = c.getOrDefault("rows", 0L);
        // A split without label counts (unscored: test rows Kaggle never labelled) shows "–", not 0.
        boolean counted = info.labels.stream().anyMatch(c::containsKey);
        for (String l : info.labels) {
          r.add(n == 0 || !counted ? "–" : count(c.getOrDefault(l, 0L)) + " (" + pct((double) c.getOrDefault(l, 0L) / n) + ")");
        }
        rows.add(r);
      }
      page.table(head, rows);
      List<List<String>> why = new ArrayList<>();
      man.rejected.forEach((k, v) -> why.add(List.of("rejected", k, count(v))));
      if (!why.isEmpty()) page.table(List.of("", "reason", "records"), why);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (String s : Sharder.SPLITS) {
      Map<String, Long> c = man.labelCounts.getOrDefault(s, Map.of());
      long n = man.splits.getOrDefault(s, 0L);
      rows.add(labelled
          ? List.of(s, count(n), count(c.getOrDefault("0", 0L)), count(c.getOrDefault("1", 0L)), pct(man.positiveRate(s)))
          : List.of(s, count(n)));
    }
    page.table(labelled ? List.of("split", "rows", "label 0", "label 1", "positive rate") : List.of("split", "rows"), rows);
    List<List<String>> why = new ArrayList<>();
    man.rejected.forEach((k, v) -> why.add(List.of("rejected", k, count(v))));
    man.filtered.forEach((k, v) -> why.add(List.of("filtered", k, count(v))));
    if (!why.isEmpty()) page.table(List.of("", "reason", "records"), why);
  }

  private static void training(HtmlPage page, Path dir) {
    page.section("training", "Training");
    Path hist = dir.resolve(RunFiles.HISTORY);
    if (!Files.isRegularFile(hist)) {
      page.note("No history.csv.");
      return;
    }
    History h = RunFiles.readHistory(hist);
    Path charts = dir.resolve(TrainingCharts.DIR);
    // Models trained before charts existed get them drawn now.
    if (!Files.exists(charts.resolve(TrainingCharts.LOSS))) TrainingCharts.write(dir);
    page.image(charts.resolve(TrainingCharts.LOSS), "training and validation loss per epoch");
    page.image(charts.resolve(TrainingCharts.metricFile(h)), "validation metric per epoch");
    List<List<String>> rows = new ArrayList<>();
    for (History.Epoch e : h.epochs()) {
      List<String> r = new ArrayList<>();
      for (int i = 0; i < e.values().length; i++) {
        String col = h.columns().get(i);
        r.add(col.equals("best") ? (e.best() ? "yes" : "") : col.equals("epoch") ? String.valueOf((int) e.values()[i]) : num(e.values()[i]));
      }
      rows.add(r);
    }
    page.table(h.columns(), rows);
  }

  private static void metrics(HtmlPage page, Path dir, ModelInfo info, Manifest man) {
    page.section("metrics", "Final metrics");
    Path best = dir.resolve("metrics.json");
    if (Files.isRegularFile(best)) {
      JsonNode m = tree(best);
      List<List<String>> rows = new ArrayList<>();
      m.fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), num(e.getValue().asDouble()))));
      page.heading("Validation, best epoch (metrics.json)");
      fewPositivesWarning(page, man, "validation", info);
      page.table(List.of("metric", "value"), rows);
    }
    boolean any = false;
    for (String split : Sharder.SPLITS) {
      Path f = dir.resolve("evaluation").resolve(split + ".json");
      if (!Files.isRegularFile(f)) continue;
      any = true;
      JsonNode ev = tree(f);
      page.heading("evaluate on " + split + " (" + count(ev.path("rows").asLong()) + (ev.has("bits_per_char") ? " characters)" : " rows)"));
      fewPositivesWarning(page, man, split, info);
      page.table(List.of("metric", "model", "baseline", "baseline is", "model better"), baselineRows(ev));
      Path e = dir.resolve("evaluation");
      if (ev.has("bits_per_char")) {
        page.image(e.resolve(split + "-bits_per_char.png"), "bits per character against the baselines, " + split);
      } else if (Files.isRegularFile(e.resolve(split + "-roc.png"))) {
        // (A typed-schema model without boolean outputs has no ROC chart.)
        page.image(e.resolve(split + "-roc.png"), "ROC curve, " + split);
        page.image(e.resolve(split + "-calibration.png"), "calibration, " + split);
      }
    }
    if (!any) page.note("No evaluation yet: run `charspark evaluate --model DIR --data SHARDS --split test`.");
  }

  /** A visible warning when a metric of {@code split} rests on fewer than 10 positives. */
  private static void fewPositivesWarning(HtmlPage page, Manifest man, String split, ModelInfo info) {
    if (info.contextWindow() != null || info.isSchema()) return;
    String w = MetricSupport.warning(split,
        MetricSupport.fewPositives(man, split, info.labels, info.labelField));
    if (!w.isEmpty()) page.warning("Warning: " + w + ".");
  }

  /** Top-level configuration blocks a model of this workload never reads. */
  static List<String> unusedBlocks(ModelInfo info) {
    List<String> out = new ArrayList<>();
    boolean lm = info.isLanguageModel();
    boolean toxic = "toxic".equals(info.workload);
    if (!lm) out.add("lm");
    if (!toxic) out.add("toxic");
    if (toxic) out.add("input");
    if (lm) out.add("score");
    if (!info.isSchema()) out.add("schema");
    return out;
  }

  /**
   * {@code config.conf} without the blocks this model never reads ({@link #unusedBlocks}), and
   * without {@code model.lm_*} for a classifier or every other {@code model} key for the language
   * model; a note names what was left out.
   */
  private static void config(HtmlPage page, Path dir, ModelInfo info) {
    page.section("config", "Configuration");
    Path f = dir.resolve(ModelDirectory.CONFIG);
    if (!Files.isRegularFile(f)) {
      page.pre("(no config.conf)");
      return;
    }
    com.typesafe.config.Config c;
    try {
      c = com.typesafe.config.ConfigFactory.parseFile(f.toFile());
    } catch (com.typesafe.config.ConfigException e) {
      page.pre(read(f, ""));
      return;
    }
    List<String> dropped = new ArrayList<>();
    for (String b : unusedBlocks(info)) {
      if (c.hasPath(b)) {
        c = c.withoutPath(b);
        dropped.add(b);
      }
    }
    boolean lm = info.isLanguageModel();
    if (c.hasPath("model")) {
      for (String k : new java.util.TreeSet<>(c.getConfig("model").root().keySet())) {
        boolean lmKey = k.startsWith("lm_");
        if (lm ? !lmKey && !k.equals("embedding_dim") : lmKey) {
          c = c.withoutPath("model." + k);
          dropped.add("model." + k);
        }
      }
    }
    if (lm && c.hasPath("input.label_field")) {
      c = c.withoutPath("input.label_field");
      dropped.add("input.label_field");
    }
    if (!dropped.isEmpty()) {
      page.note("Settings a " + info.workload + " model does not read are left out: " + String.join(", ", dropped)
          + ". The full file: " + f.getFileName() + " in the model directory.");
    }
    page.pre(c.root().render(com.typesafe.config.ConfigRenderOptions.defaults()
        .setOriginComments(false).setComments(false).setJson(false)));
  }

  /** Each final metric next to the baseline it must beat. */
  static List<List<String>> baselineRows(JsonNode ev) {
    JsonNode b = ev.path("baselines");
    List<List<String>> rows = new ArrayList<>();
    if (ev.has("bits_per_char")) {
      double bpc = ev.get("bits_per_char").asDouble();
      rows.add(row("bits per character", bpc, b.path("unigram_bits_per_char").asDouble(), "unigram", true));
      rows.add(row("bits per character", bpc, b.path("ngram_bits_per_char").asDouble(),
          b.path("ngram_order").asInt() + "-gram", true));
      rows.add(row("perplexity", ev.path("perplexity").asDouble(),
          Math.pow(2, b.path("ngram_bits_per_char").asDouble()), b.path("ngram_order").asInt() + "-gram", true));
      return rows;
    }
    if (ev.has("mean_auc")) return multiLabelRows(ev, b);
    if (ev.has("outputs")) return schemaRows(ev.get("outputs"));
    rows.add(row("ROC AUC", ev.path("auc").asDouble(), 0.5, "chance", false));
    rows.add(row("log loss", ev.path("log_loss").asDouble(), b.path("constant_prior_log_loss").asDouble(),
        "constant prior " + num(b.path("constant_prior").asDouble()), true));
    rows.add(row("accuracy", ev.path("accuracy").asDouble(), b.path("majority_class_accuracy").asDouble(),
        "majority class", false));
    for (var a : TfidfBaseline.Analyzer.values()) {
      JsonNode t = b.path(a.key);
      if (t.isMissingNode()) continue;
      rows.add(row("ROC AUC", ev.path("auc").asDouble(), t.path("auc").asDouble(), a.title, false));
      rows.add(row("log loss", ev.path("log_loss").asDouble(), t.path("log_loss").asDouble(), a.title, true));
      rows.add(row("accuracy", ev.path("accuracy").asDouble(), t.path("accuracy").asDouble(), a.title, false));
    }
    return rows;
  }

  /** Typed schema: each output's metrics against its type's naive baseline. */
  static List<List<String>> schemaRows(JsonNode outputs) {
    List<List<String>> rows = new ArrayList<>();
    outputs.fields().forEachRemaining(e -> {
      String n = e.getKey() + " ";
      JsonNode o = e.getValue();
      JsonNode b = o.path("baselines");
      switch (o.path("type").asText()) {
        case "boolean" -> {
          rows.add(row(n + "ROC AUC", o.path("auc").asDouble(), 0.5, "chance", false));
          rows.add(row(n + "log loss", o.path("log_loss").asDouble(), b.path("constant_prior_log_loss").asDouble(),
              "constant prior " + num(b.path("constant_prior").asDouble()), true));
          rows.add(row(n + "accuracy", o.path("accuracy").asDouble(), b.path("majority_class_accuracy").asDouble(),
              "majority class", false));
        }
        case "categorical" -> {
          rows.add(row(n + "accuracy", o.path("accuracy").asDouble(), b.path("majority_class_accuracy").asDouble(),
              "majority class", false));
          rows.add(row(n + "macro-F1", o.path("macro_f1").asDouble(), b.path("majority_class_macro_f1").asDouble(),
              "majority class", false));
          rows.add(row(n + "log loss", o.path("log_loss").asDouble(), b.path("prior_log_loss").asDouble(),
              "class prior", true));
        }
        default -> {
          rows.add(row(n + "RMSE", o.path("rmse").asDouble(), b.path("mean_rmse").asDouble(), "train mean", true));
          rows.add(row(n + "MAE", o.path("mae").asDouble(), b.path("mean_mae").asDouble(), "train mean", true));
          rows.add(row(n + "R²", o.path("r2").asDouble(), b.path("mean_r2").asDouble(), "train mean", false));
        }
      }
    });
    return rows;
  }

  /** Toxic: mean and per-label AUC against the TF-IDF baseline, log loss against the constant prior. */
  static List<List<String>> multiLabelRows(JsonNode ev, JsonNode b) {
    List<List<String>> rows = new ArrayList<>();
    JsonNode tfidf = b.path("tfidf_char_ngram_lr");
    boolean hasBaseline = !tfidf.isMissingNode();
    rows.add(hasBaseline
        ? row("mean column-wise ROC AUC", ev.path("mean_auc").asDouble(), tfidf.path("mean_auc").asDouble(), "TF-IDF char n-gram LR", false)
        : row("mean column-wise ROC AUC", ev.path("mean_auc").asDouble(), 0.5, "chance", false));
    ev.path("auc").fields().forEachRemaining(e -> rows.add(hasBaseline
        ? row("ROC AUC " + e.getKey(), e.getValue().asDouble(), tfidf.path("auc").path(e.getKey()).asDouble(), "TF-IDF char n-gram LR", false)
        : row("ROC AUC " + e.getKey(), e.getValue().asDouble(), 0.5, "chance", false)));
    ev.path("log_loss").fields().forEachRemaining(e -> rows.add(row("log loss " + e.getKey(), e.getValue().asDouble(),
        b.path("constant_prior_log_loss").path(e.getKey()).asDouble(),
        "constant prior " + num(b.path("constant_prior").path(e.getKey()).asDouble()), true)));
    JsonNode words = b.path(TfidfBaseline.Analyzer.WORD.key);
    if (!words.isMissingNode()) {
      rows.add(row("mean column-wise ROC AUC", ev.path("mean_auc").asDouble(), words.path("mean_auc").asDouble(),
          TfidfBaseline.Analyzer.WORD.title, false));
    }
    return rows;
  }

  private static List<String> row(String metric, double model, double baseline, String what, boolean lowerIsBetter) {
    boolean better = lowerIsBetter ? model < baseline : model > baseline;
    return List.of(metric, num(model), num(baseline), what, better ? "yes" : "no");
  }

  private static void samples(HtmlPage page, Path dir, ModelInfo info) {
    page.section("samples", "Generated samples");
    Path zip = dir.resolve(ModelDirectory.MODEL);
    if (!Files.isRegularFile(zip)) {
      page.note("No model.zip: samples skipped.");
      return;
    }
    CharsparkConfig cfg = CharsparkConfig.fromSaved(dir.resolve(ModelDirectory.CONFIG));
    Generator g = new Generator(Network.restore(zip.toFile()), info.lmWindows(cfg));
    // A fixed seed: the same model gives the same samples, so two reports can be compared.
    Random rnd = new Random(cfg.seed);
    page.paragraph("Sampled from '<' at each configured temperature, up to " + cfg.lm.generateLength()
        + " characters, random seed " + cfg.seed + ".");
    for (double t : cfg.lm.temperatures()) {
      page.heading(String.format(Locale.ROOT, "temperature %.2f", t));
      page.quote(g.generate("", t, cfg.lm.generateLength(), rnd));
    }
  }

  private static JsonNode tree(Path f) {
    try {
      return Json.MAPPER.readTree(f.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path f, String otherwise) {
    try {
      return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8) : otherwise;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f, e);
    }
  }

  static String num(double d) {
    if (Double.isNaN(d)) return "n/a";
    if (d == Math.rint(d) && Math.abs(d) < 1e9) return String.valueOf((long) d);
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4f", d)).stripTrailingZeros().toPlainString();
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String pct(double d) {
    return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * d);
  }
}
