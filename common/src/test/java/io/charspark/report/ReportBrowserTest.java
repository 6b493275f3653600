package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real headless browser (Debian's {@code chromium}): the page loads from a file
 * URL without errors, every chart decodes ({@code naturalWidth > 0}, counted by the page's own
 * script into {@code <body data-images-loaded>}), and a screenshot shows a rendered page. Fails,
 * rather than skips, when chromium is not installed.
 */
@Tag("integration")
class ReportBrowserTest {
  static final long TIMEOUT_S = 90;
  @TempDir Path tmp;

  static Path chromium() {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(c))) return Path.of(c);
    }
    fail("chromium is not installed; this browser test needs Debian's chromium: apt-get install -y chromium");
    return null;
  }

  /** Runs headless chromium on a file; returns stdout (the DOM with --dump-dom). */
  String run(Path page, String... extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "profile");
    List<String> cmd = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
    cmd.addAll(List.of(extra));
    cmd.add(page.toUri().toString());
    Path out = tmp.resolve("chromium.out");
    Path err = tmp.resolve("chromium.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in " + TIMEOUT_S + "s: " + cmd + "\n" + Files.readString(err));
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "\n" + Files.readString(err));
    return stdout;
  }

  static String attr(String dom, String name) {
    Matcher m = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), name + " not set on <body>: the page's load script did not run\n"
        + dom.substring(0, Math.min(dom.length(), 2000)));
    return m.group(1);
  }

  @Test
  void classifierReportLoadsWithoutErrorsAndShowsEveryChart() throws Exception {
    Path report = ModelReport.write(ReportFixtures.classifier(tmp));
    String dom = run(report, "--dump-dom");
    assertEquals("yes", attr(dom, "data-ready"));
    assertEquals("4", attr(dom, "data-images-total"), "loss, val_auc, ROC, calibration");
    assertEquals("4", attr(dom, "data-images-loaded"), "every chart decodes in the browser");
    assertEquals("0", attr(dom, "data-errors"), attr(dom, "data-error-messages"));
    for (String id : List.of("overview", "data", "training", "metrics", "config")) {
      assertTrue(dom.contains("<section id=\"" + id + "\">"), id + " missing from the rendered DOM");
    }

    Path shot = tmp.resolve("report.png");
    run(report, "--screenshot=" + shot, "--window-size=1200,2000", "--hide-scrollbars");
    var img = ImageIO.read(shot.toFile());
    assertEquals(1200, img.getWidth());
    assertEquals(2000, img.getHeight());
    assertTrue(Files.size(shot) > 50_000, "a rendered page with charts, not a blank one: " + Files.size(shot));
  }

  @Test
  void languageModelReportLoadsWithoutErrors() throws Exception {
    Path report = ModelReport.write(ReportFixtures.languageModel(tmp, true));
    String dom = run(report, "--dump-dom");
    assertEquals("3", attr(dom, "data-images-loaded"));
    assertEquals("0", attr(dom, "data-errors"), attr(dom, "data-error-messages"));
    assertTrue(dom.contains("<section id=\"samples\">") && dom.contains("<blockquote>"), "samples shown");
  }

  @Test
  void toxicReportTablesFitThePage() throws Exception {
    Path report = ModelReport.write(ReportFixtures.toxic(tmp));
    // 1,200 pixels: the page's 1,000-pixel column with room to spare, as on a laptop.
    String dom = run(report, "--dump-dom", "--window-size=1200,2000");
    assertEquals("yes", attr(dom, "data-ready"));
    assertEquals("0", attr(dom, "data-errors"), attr(dom, "data-error-messages"));
    // The 13-column epoch table (val_auc_identity_hate...) once ran past the page's right edge.
    assertEquals("0", attr(dom, "data-tables-too-wide"), attr(dom, "data-tables-too-wide-list"));
    assertEquals(attr(dom, "data-images-total"), attr(dom, "data-images-loaded"));
  }
}
