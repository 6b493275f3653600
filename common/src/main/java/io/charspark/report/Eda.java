package io.charspark.report;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.ShardDirectory;
import io.charspark.data.Sharder;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code eda} job: describes a shard directory before any training.
 *
 * <p>Input: a shard directory of the configured workload, and the configuration (for {@code
 * etl.max_length} and the newline rule). Output directory (built under {@code .NAME.inprogress},
 * renamed with {@code _SUCCESS} when complete): {@code eda.json} ({@link EdaResult}), {@code
 * charts/counts.png}, {@code charts/lengths.png}, {@code charts/unique-token-ratio.png}, {@code
 * charts/replaced-characters.png}, {@code eda.html} (the same charts and summary on one
 * self-contained page), {@code summary.txt} (the console summary) and {@code config.conf}. Every
 * phase prints one progress line. Failure modes: a missing or other-workload shard directory or an
 * existing output without {@code overwrite} are one-line errors; on any failure the unfinished
 * output is removed.
 */
public final class Eda {
  public static final String JSON = "eda.json";

  private Eda() {}

  public static EdaResult run(SparkSession spark, CharsparkConfig cfg, Path data, Path output,
      boolean overwrite, Consumer<String> log) {
    return run(spark, cfg, data.toString(), output.toString(), overwrite, log);
  }

  /** {@code data} and {@code output}: local paths or Hadoop URIs. */
  public static EdaResult run(SparkSession spark, CharsparkConfig cfg, String data, String output,
      boolean overwrite, Consumer<String> log) {
    ShardDirectory shards = ShardDirectory.open(data, cfg.workload);
    OutputDir out = OutputDir.create(output, overwrite);
    try {
      long t0 = System.nanoTime();
      boolean keepNewline = cfg.isLanguageModel() && cfg.lm.keepNewline();
      log.accept(String.format(Locale.ROOT, "eda: %s shards %s (%,d rows: %s), etl.max_length %d",
          cfg.workload, data, shards.manifest().outputRows, shards.manifest().splits, cfg.etl.maxLength()));
      spark.sparkContext().setJobGroup("eda", "exploratory statistics of " + data, false);
      // Toxic: one group per label (a text counts in each of its labels), not the stratify label alone.
      EdaResult r = EdaStats.compute(spark, shards, cfg.etl.maxLength(), keepNewline, !cfg.isLanguageModel(),
          cfg.isToxic() ? cfg.toxic.labels() : null, log);
      Json.write(out.resolve(JSON), r);
      cfg.saveTo(out.resolve("config.conf"));
      List<Path> charts = EdaCharts.write(out.resolve("charts"), r, shards.manifest().labelField);
      List<String> summary = summary(r, shards.manifest().labelField);
      OutputDir.writeAtomically(out.resolve("summary.txt"),
          (String.join("\n", summary) + "\n").getBytes(StandardCharsets.UTF_8));
      OutputDir.writeAtomically(out.resolve("eda.html"),
          page(r, summary, out.resolve("charts"), output).getBytes(StandardCharsets.UTF_8));
      log.accept(String.format(Locale.ROOT, "eda: %d charts, eda.json, eda.html (%.1fs)", charts.size(),
          (System.nanoTime() - t0) / 1e9));
      out.commit();
      summary.forEach(log);
      log.accept("eda: written to " + output + " (eda.json, eda.html, charts/*.png)");
      return r;
    } catch (RuntimeException | Error e) {
      out.abort();
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * Name of a group on charts and in the summary: {@code spoiler=1} for a 0/1 label, "all" when
   * unlabelled, the label itself for a multi-label group ({@code threat}, {@code clean}).
   */
  static String labelName(String label, String labelField) {
    if (!label.equals("0") && !label.equals("1")) return label;
    return labelField == null || labelField.isEmpty() ? "all" : labelField + "=" + label;
  }

  /** The console summary: totals, one line per split and label, the most replaced characters. */
  static List<String> summary(EdaResult r, String labelField) {
    List<String> s = new ArrayList<>();
    Map<String, Long> perSplit = new LinkedHashMap<>();
    for (String sp : Sharder.SPLITS) {
      long n = r.splitRows().getOrDefault(sp, 0L);
      if (n > 0) perSplit.put(sp, n);
    }
    long trunc = r.truncated();
    s.add(String.format(Locale.ROOT, "eda: %,d texts %s; %.1f%% longer than etl.max_length %d after cleaning",
        r.rows(), perSplit, 100.0 * trunc / r.rows(), r.maxLength()));
    int width = 10;
    for (EdaResult.Group g : r.groups()) width = Math.max(width, labelName(g.label(), labelField).length());
    for (EdaResult.Group g : r.groups()) {
      s.add(String.format(Locale.ROOT,
          "eda: %-10s %-" + width + "s %,7d (%5.1f%%)  chars p50 %d p90 %d max %d  truncated %5.1f%%  unique-token ratio %.2f  replaced chars %,d in %,d texts",
          g.split(), labelName(g.label(), labelField), g.rows(), 100 * g.shareOfSplit(), g.chars().p50(),
          g.chars().p90(), g.chars().max(), 100 * g.truncatedShare(), g.meanUniqueTokenRatio(),
          g.replacedChars(), g.textsWithReplacedChars()));
    }
    StringBuilder top = new StringBuilder("eda: most replaced characters (" + r.distinctReplaced() + " distinct):");
    if (r.topReplaced().isEmpty()) top.append(" none");
    for (int i = 0; i < Math.min(8, r.topReplaced().size()); i++) {
      EdaResult.CharCount c = r.topReplaced().get(i);
      top.append(i == 0 ? " " : ", ").append(c.display()).append(" ×").append(c.count());
    }
    s.add(top.toString());
    return s;
  }

  /**
   * The page title: workload and the shard directory's last two path parts, e.g. {@code charspark
   * eda: spoilers, demo-out/shards}.
   */
  static String title(EdaResult r) {
    // r.data() is a qualified URI (file:/..., hdfs://host/...): its path part, without the scheme.
    Path d = Path.of(r.data().replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*:", "")).normalize();
    String where = (d.getParent() == null || d.getParent().getFileName() == null ? "" : d.getParent().getFileName() + "/")
        + d.getFileName();
    return "charspark eda: " + r.workload() + ", " + where;
  }

  private static String page(EdaResult r, List<String> summary, Path charts, String output) {
    HtmlPage p = new HtmlPage(title(r));
    p.section("summary", "Summary").pre(String.join("\n", summary));
    p.section("counts", "Counts and balance").image(charts.resolve(EdaCharts.COUNTS), "texts per split and label");
    p.section("lengths", "Characters per text").image(charts.resolve(EdaCharts.LENGTHS), "characters per cleaned text");
    p.section("tokens", "Unique-token ratio").image(charts.resolve(EdaCharts.RATIO), "unique-token ratio per text");
    p.section("replaced", "Characters replaced by the ETL")
        .image(charts.resolve(EdaCharts.REPLACED), "characters most often replaced");
    p.note("Figures in " + Fs.resolve(output, JSON) + ".");
    return p.render();
  }
}
