package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.io.Json;
import io.charspark.model.History;
import io.charspark.model.RunFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html of hand-made model directories: sections, embedded charts, nothing fetched. */
class ModelReportTest {
  static final Pattern IMG = Pattern.compile("<img alt=\"([^\"]*)\" data-file=\"([^\"]*)\" src=\"data:image/png;base64,([^\"]+)\">");
  @TempDir Path tmp;

  /** The embedded images, as (file name, PNG bytes). */
  static List<Object[]> images(String html) {
    List<Object[]> out = new ArrayList<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) out.add(new Object[] {m.group(2), Base64.getDecoder().decode(m.group(3))});
    return out;
  }

  @Test
  void classifierReportHoldsEverySectionAndItsChartsInline() throws Exception {
    Path dir = ReportFixtures.classifier(tmp);
    Path file = ModelReport.write(dir);
    assertEquals(dir.resolve("report.html"), file);
    String html = Files.readString(file, StandardCharsets.UTF_8);
    for (String id : List.of("overview", "data", "training", "metrics", "config")) {
      assertTrue(html.contains("<section id=\"" + id + "\">"), id);
    }
    assertFalse(html.contains("id=\"samples\""), "no samples for a classifier");
    List<Object[]> imgs = images(html);
    assertEquals(List.of("loss.png", "val_auc.png", "test-roc.png", "test-calibration.png"),
        imgs.stream().map(o -> (String) o[0]).toList(), "training charts are drawn when missing");
    for (Object[] i : imgs) ReportFixtures.assertPng((byte[]) i[1], Charts.WIDTH, Charts.HEIGHT, (String) i[0]);
    // Self-contained: no URL to fetch anything from, and a policy that forbids it anyway.
    assertFalse(Pattern.compile("(src|href)=\"(https?:|//)").matcher(html).find(), "no remote resource");
    assertTrue(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
    // Data counts from the manifest, final metrics next to their baselines, the configuration.
    assertTrue(html.contains("1,010 input records → 1,000 rows"), "manifest counts");
    assertTrue(html.contains("<td>log loss</td>") && html.contains("constant prior 0.2<"), "baselines");
    assertTrue(html.contains("majority class") && html.contains("chance"));
    assertTrue(html.contains("workload=spoilers") && html.contains("&quot;max_length&quot;=160"), "configuration shown");
    assertTrue(html.contains("best epoch</td><td>4 of 5"), "overview");
  }

  @Test
  void typedSchemaOutputsStandBesideTheirTypesBaselines() throws Exception {
    com.fasterxml.jackson.databind.JsonNode ev = Json.MAPPER.readTree("""
        {"rows": 300, "outputs": {
          "amount": {"type": "numerical", "rmse": 1.4, "mae": 1.0, "r2": 0.89,
                     "baselines": {"mean_rmse": 4.2, "mean_mae": 3.4, "mean_r2": 0.0}},
          "good": {"type": "boolean", "auc": 0.97, "log_loss": 0.22, "accuracy": 0.91,
                   "baselines": {"constant_prior": 0.48, "constant_prior_log_loss": 0.69, "majority_class_accuracy": 0.54}},
          "kind": {"type": "categorical", "accuracy": 0.3, "macro_f1": 0.25, "log_loss": 1.2,
                   "baselines": {"majority_class_accuracy": 0.45, "majority_class_macro_f1": 0.21, "prior_log_loss": 1.08}}}}
        """);
    List<List<String>> rows = ModelReport.baselineRows(ev);
    assertEquals(9, rows.size());
    assertEquals(List.of("amount RMSE", "1.4", "4.2", "train mean", "yes"), rows.get(0));
    assertEquals("good ROC AUC", rows.get(3).get(0));
    assertEquals("yes", rows.get(3).get(4));
    // A categorical output worse than the majority class says so.
    assertEquals(List.of("kind accuracy", "no"), List.of(rows.get(6).get(0), rows.get(6).get(4)));
    assertEquals(List.of("kind macro-F1", "yes"), List.of(rows.get(7).get(0), rows.get(7).get(4)));
    assertEquals(List.of("kind log loss", "no"), List.of(rows.get(8).get(0), rows.get(8).get(4)));
  }

  @Test
  void languageModelWithoutWeightsSkipsSamplesAndShowsBaselines() throws Exception {
    Path dir = ReportFixtures.languageModel(tmp, false);
    String html = Files.readString(ModelReport.write(dir), StandardCharsets.UTF_8);
    assertTrue(html.contains("<section id=\"samples\">") && html.contains("No model.zip: samples skipped."));
    assertTrue(html.contains("Shard manifest not found"), "a moved shard directory is a note, not an error");
    assertEquals(List.of("loss.png", "val_bits_per_char.png", "test-bits_per_char.png"),
        images(html).stream().map(o -> (String) o[0]).toList());
    assertTrue(html.contains("<td>unigram</td>") && html.contains("<td>3-gram</td>"), "both baselines");
  }

  @Test
  void languageModelSamplesAreGeneratedWithAFixedSeed() throws Exception {
    Path dir = ReportFixtures.languageModel(tmp, true);
    String html = Files.readString(ModelReport.write(dir), StandardCharsets.UTF_8);
    String again = Files.readString(ModelReport.write(dir), StandardCharsets.UTF_8);
    List<String> samples = new ArrayList<>();
    Matcher m = Pattern.compile("<blockquote>([^<]*)</blockquote>").matcher(html);
    while (m.find()) samples.add(m.group(1));
    assertEquals(4, samples.size(), "one sample per configured temperature (0.2, 0.5, 1.0, 1.2)");
    assertTrue(html.contains("<h3>temperature 0.20</h3>") && html.contains("<h3>temperature 1.20</h3>"));
    assertTrue(samples.stream().allMatch(t -> t.length() <= 20 * 6), "lm.generate_length respected (escaped)");
    assertTrue(samples.stream().anyMatch(t -> !t.isEmpty()), "an untrained network still emits characters");
    assertEquals(html, again, "same model, same seed, same page");
  }

  @Test
  void inProgressDirectoryIsNamedAfterTheModelAndTextIsEscaped() throws Exception {
    Path dir = ReportFixtures.classifier(tmp);
    Path work = tmp.resolve(".my<model>.inprogress");
    Files.move(dir, work);
    String html = Files.readString(ModelReport.write(work), StandardCharsets.UTF_8);
    assertTrue(html.contains("<title>charspark model report: spoilers cnn, " + tmp.getFileName() + "/my&lt;model&gt;</title>"),
        html.substring(0, 600));
  }

  @Test
  void updateNeverThrowsAndWriteNamesTheProblem() {
    List<String> log = new ArrayList<>();
    ModelReport.update(tmp, log::add);
    assertEquals(1, log.size());
    assertTrue(log.get(0).startsWith("report: warning:") && log.get(0).contains("no model.json"), log.get(0));
    assertThrows(IllegalArgumentException.class, () -> ModelReport.write(tmp));
  }

  /** The rows of the overview table, as "key | value". */
  static List<String> overview(String html) {
    String sec = html.substring(html.indexOf("<section id=\"overview\">"), html.indexOf("</section>"));
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr><td>([^<]*)</td><td[^>]*>([^<]*)</td></tr>").matcher(sec);
    while (m.find()) rows.add(m.group(1) + " | " + m.group(2));
    return rows;
  }

  @Test
  void toxicOverviewNamesEveryLabelAndItsPositiveRate() throws Exception {
    String html = Files.readString(ModelReport.write(ReportFixtures.toxic(tmp)), StandardCharsets.UTF_8);
    List<String> rows = overview(html);
    assertTrue(rows.contains("labels (6 sigmoid heads) | toxic, severe_toxic, obscene, threat, insult, identity_hate"), rows.toString());
    assertTrue(rows.contains("split stratified on | toxic"), rows.toString());
    assertTrue(rows.contains("training positive rates | toxic 12.7%, severe_toxic 1.4%, obscene 8.1%, threat 1.2%, "
        + "insult 8.7%, identity_hate 1.7%"), rows.toString());
    assertFalse(rows.stream().anyMatch(r -> r.startsWith("label |") || r.startsWith("training positive rate |")),
        "no single label or rate for a six-label model: " + rows);
    assertTrue(html.contains("<title>charspark model report: toxic bilstm, toxic/model</title>"));
    assertTrue(html.contains("<tr><td>unscored</td><td class=\"num\">183</td><td>–</td>"),
        "rows Kaggle never labelled have no positives to count, not 0");
  }

  @Test
  void validationMetricsOnFewerThanTenPositivesCarryAWarning() throws Exception {
    String html = Files.readString(ModelReport.write(ReportFixtures.toxic(tmp)), StandardCharsets.UTF_8);
    String metrics = html.substring(html.indexOf("<section id=\"metrics\">"));
    assertTrue(metrics.contains("<p class=\"warning\">Warning: validation ROC AUC and log loss of threat rest on 1 "
        + "positive, identity_hate on 4 positives (fewer than 10): read them as noise.</p>"), metrics.substring(0, 1500));
    assertFalse(metrics.contains("Warning: test"), "every test label has 10 positives or more");
    // The spoilers fixture: 20 validation positives, no warning.
    String spoilers = Files.readString(ModelReport.write(ReportFixtures.classifier(tmp)), StandardCharsets.UTF_8);
    assertFalse(spoilers.contains("class=\"warning\""));
  }

  @Test
  void configurationShowsOnlyWhatTheWorkloadReads() throws Exception {
    String toxic = Files.readString(ModelReport.write(ReportFixtures.toxic(tmp)), StandardCharsets.UTF_8);
    String section = toxic.substring(toxic.indexOf("<section id=\"config\">"));
    assertTrue(section.contains("left out: lm, input, schema, model.lm_dropout"), section.substring(0, 400));
    String cfg = pre(section);
    assertFalse(cfg.contains("label_field") || cfg.contains("subreddits") || cfg.contains("lm_units"), cfg);
    assertTrue(cfg.contains("baseline_features") && cfg.contains("bilstm_units"), cfg);
    String spoilers = Files.readString(ModelReport.write(ReportFixtures.classifier(tmp)), StandardCharsets.UTF_8);
    cfg = pre(spoilers.substring(spoilers.indexOf("<section id=\"config\">")));
    assertFalse(Pattern.compile("(?m)^(lm|toxic|schema) *\\{").matcher(cfg).find(), cfg);
    assertTrue(cfg.contains("label_field") && cfg.contains("conv_kernel"), cfg);
    String lm = Files.readString(ModelReport.write(ReportFixtures.languageModel(tmp, false)), StandardCharsets.UTF_8);
    cfg = pre(lm.substring(lm.indexOf("<section id=\"config\">")));
    assertFalse(Pattern.compile("(?m)^(toxic|schema|score) *\\{").matcher(cfg).find() || cfg.contains("conv_kernel")
        || cfg.contains("label_field"), cfg);
    assertTrue(cfg.contains("lm_units") && cfg.contains("window"), cfg);
  }

  /** The first {@code <pre>} block's text (the configuration), its first line at a line start. */
  static String pre(String html) {
    return "\n" + html.substring(html.indexOf("<pre>") + 5, html.indexOf("</pre>"));
  }

  @Test
  void languageModelLossChartIsInBitsPerCharacter() {
    History h = RunFiles.readHistory(ReportFixtures.languageModelHistory(tmp));
    org.jfree.chart.JFreeChart c = TrainingCharts.lossChart(h, List.of());
    assertEquals("cross-entropy (bits per character)", c.getXYPlot().getRangeAxis().getLabel());
    // val_loss 2.6 nats → 3.751 bits, the val_bits_per_char column of the same epoch (3.75).
    assertEquals(2.6 / Math.log(2), c.getXYPlot().getDataset().getYValue(1, 0), 1e-12);
    assertEquals(h.column("val_bits_per_char")[0], c.getXYPlot().getDataset().getYValue(1, 0), 0.01);
    org.jfree.chart.JFreeChart classifier = TrainingCharts.lossChart(
        RunFiles.readHistory(ReportFixtures.classifierHistory(tmp)), List.of());
    assertEquals(0.488488, classifier.getXYPlot().getDataset().getYValue(1, 0), 1e-12, "a classifier's stays in nats");
  }
}
