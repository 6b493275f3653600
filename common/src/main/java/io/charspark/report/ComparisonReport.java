package io.charspark.report;

import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code comparison.html} of the {@code compare} job: the comparison table (models and baselines,
 * one row each), the validation loss of every run per epoch on one chart ({@code
 * charts/val_loss.png}) and, for classifiers, the test ROC curves of every model and baseline on one
 * chart ({@code charts/roc.png}). Self-contained like report.html ({@link HtmlPage}). Rendering or
 * I/O failures propagate.
 */
public final class ComparisonReport {
  public static final String FILE = "comparison.html";

  private ComparisonReport() {}

  /**
   * Writes the charts and the page into {@code dir}; returns the page.
   *
   * @param rows table cells, already formatted, in {@code header} order
   * @param valLoss one series per run: epoch → validation loss
   * @param roc one series per model and baseline: false → true positive rate; empty = no ROC chart
   * @param rocNote which label the ROC curves are of (multi-label workloads), or ""
   */
  public static Path write(Path dir, String title, List<String> header, List<List<String>> rows,
      List<Charts.Series> valLoss, List<Charts.Series> roc, String rocNote) {
    Path charts = dir.resolve("charts");
    try {
      Files.createDirectories(charts);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + charts, e);
    }
    HtmlPage page = new HtmlPage(title);
    page.section("table", "Comparison on the test split");
    page.table(header, rows);
    page.note("Rows of kind 'model' are trained runs (runs/<name>), 'baseline' rows are fitted on the same train"
        + " split and scored on the same test split. best_val_loss is the best epoch's validation loss (the model"
        + " kept); wall_seconds sums the run's epochs (training and validation).");
    Path loss = Charts.write(Charts.integerDomain(
        Charts.lines("Validation loss per epoch", "epoch", "validation loss", valLoss, List.of(), false)),
        charts.resolve("val_loss.png"));
    page.section("curves", "Validation loss");
    page.image(loss, "validation loss of every run per epoch");
    if (!roc.isEmpty()) {
      List<Charts.Series> all = new ArrayList<>(roc);
      double[] diag = {0, 1};
      all.add(new Charts.Series("chance", diag, diag));
      Path rocFile = Charts.write(Charts.unitSquare(Charts.lines(
          "ROC curves, test split" + (rocNote.isEmpty() ? "" : " (" + rocNote + ")"), "false positive rate",
          "true positive rate", all, List.of(), true)), charts.resolve("roc.png"));
      page.section("roc", "ROC curves");
      page.image(rocFile, "test ROC curves of every model and baseline");
    }
    Path file = dir.resolve(FILE);
    OutputDir.writeAtomically(file, page.render().getBytes(StandardCharsets.UTF_8));
    return file;
  }
}
