package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * comparison.html in headless chromium (as {@link ReportBrowserTest}): loads without errors, shows
 * the table and both charts (validation loss of every run, ROC of every model and baseline).
 */
@Tag("integration")
class ComparisonReportBrowserTest {
  @TempDir Path tmp;

  @Test
  void comparisonPageLoadsWithItsTableAndBothCharts() throws Exception {
    List<Charts.Series> loss = List.of(
        new Charts.Series("cnn", new double[] {1, 2, 3}, new double[] {0.5, 0.4, 0.42}),
        new Charts.Series("lstm", new double[] {1, 2}, new double[] {0.6, 0.55}));
    List<Charts.Series> roc = List.of(
        new Charts.Series("cnn (AUC 0.8000)", new double[] {0, 0.1, 0.5, 1}, new double[] {0, 0.5, 0.9, 1}),
        new Charts.Series("tfidf_char_ngram_lr (AUC 0.9000)", new double[] {0, 0.05, 1}, new double[] {0, 0.7, 1}));
    Path page = ComparisonReport.write(tmp, "charspark compare: spoilers <demo>",
        List.of("model", "kind", "test_auc"),
        List.of(List.of("cnn", "model", "0.8000"), List.of("tfidf_char_ngram_lr", "baseline", "0.9000")), loss, roc, "");
    assertTrue(Files.isRegularFile(tmp.resolve("charts/val_loss.png")) && Files.isRegularFile(tmp.resolve("charts/roc.png")));
    ReportBrowserTest browser = new ReportBrowserTest();
    browser.tmp = Files.createDirectories(tmp.resolve("browser"));
    String dom = browser.run(page, "--dump-dom");
    assertEquals("yes", ReportBrowserTest.attr(dom, "data-ready"));
    assertEquals("2", ReportBrowserTest.attr(dom, "data-images-total"), "validation loss and ROC");
    assertEquals("2", ReportBrowserTest.attr(dom, "data-images-loaded"), "both charts decode in the browser");
    assertEquals("0", ReportBrowserTest.attr(dom, "data-errors"), ReportBrowserTest.attr(dom, "data-error-messages"));
    for (String id : List.of("table", "curves", "roc")) assertTrue(dom.contains("<section id=\"" + id + "\">"), id);
    assertTrue(dom.contains("tfidf_char_ngram_lr") && dom.contains("spoilers &lt;demo&gt;"), "table and escaped title");
  }
}
