package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.ShardDirectory;
import io.charspark.data.Sharder;
import io.charspark.demo.DemoCorpus;
import io.charspark.etl.CharEtl;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eda on the generated corpus (emoji, non-Latin text, a 20,000-character post): every number behind
 * the charts against a direct count over the same texts in plain Java.
 */
class EdaTest extends SparkTestBase {
  // Short enough that the corpus' quotes are truncated sometimes, not always.
  static final int MAX_LENGTH = 100;
  static final CharsparkConfig CFG = CharsparkConfig.load(Path.of("../conf/spoilers.conf"),
      List.of("shard.files_per_split=1", "etl.max_length=" + MAX_LENGTH));
  @TempDir static Path tmp;
  static Path shards;
  static Path out;
  static Manifest manifest;
  static EdaResult eda;
  static List<String> log = new ArrayList<>();
  /** split/label → the texts, read back from the shards. */
  static Map<String, List<String>> texts = new HashMap<>();

  @BeforeAll
  static void shardAndDescribe() {
    Path corpus = tmp.resolve("corpus");
    DemoCorpus.write(corpus, 600, 42, false);
    shards = tmp.resolve("shards");
    manifest = Sharder.run(spark, CFG, List.of(corpus.toString()), shards, false, s -> {});
    out = tmp.resolve("eda");
    eda = Eda.run(spark, CFG, shards, out, false, log::add);
    ShardDirectory sd = ShardDirectory.open(shards, "spoilers");
    for (String split : Sharder.SPLITS) {
      for (Row r : sd.read(spark, split).select("label", "text").collectAsList()) {
        texts.computeIfAbsent(split + "/" + r.getInt(0), k -> new ArrayList<>()).add(r.getString(1));
      }
    }
  }

  @Test
  void pageTitleNamesTheWorkloadAndTheShardDirectory() throws Exception {
    String want = "charspark eda: spoilers, " + tmp.getFileName() + "/shards";
    assertEquals(want, Eda.title(eda), "not 'spoilers shards shards'");
    assertTrue(Files.readString(out.resolve("eda.html")).contains("<title>" + want + "</title>"));
  }

  @Test
  void countsMatchTheManifest() {
    assertEquals(manifest.outputRows, eda.rows());
    assertEquals(6, eda.groups().size(), "3 splits × 2 labels");
    for (EdaResult.Group g : eda.groups()) {
      assertEquals(manifest.labelCounts.get(g.split()).get(g.label()), g.rows(), g.split() + "/" + g.label());
      assertEquals((double) g.rows() / manifest.splits.get(g.split()), g.shareOfSplit(), 1e-12);
    }
  }

  @Test
  void histogramsSumToTheRowsAndMatchADirectCount() {
    for (EdaResult.Group g : eda.groups()) {
      List<String> ts = texts.get(g.split() + "/" + g.label());
      long[] direct = new long[eda.lengthBins()];
      long truncated = 0;
      long tokensTexts = 0;
      int min = Integer.MAX_VALUE, max = 0;
      for (String t : ts) {
        int n = CharEtl.clean(t).length();
        direct[Math.min(eda.lengthBins() - 1, n / eda.lengthBinWidth())]++;
        if (n > MAX_LENGTH) truncated++;
        min = Math.min(min, n);
        max = Math.max(max, n);
        if (!tokens(t).isEmpty()) tokensTexts++;
      }
      String what = g.split() + "/" + g.label();
      assertEquals(g.rows(), java.util.Arrays.stream(g.lengthHistogram()).sum(), what + " length histogram sums to the rows");
      assertEquals(List.of(boxed(direct)), List.of(boxed(g.lengthHistogram())), what);
      assertEquals(truncated, g.truncated(), what);
      assertEquals((double) truncated / ts.size(), g.truncatedShare(), 1e-12, what);
      assertEquals(min, g.chars().min(), what);
      assertEquals(max, g.chars().max(), what);
      assertTrue(g.chars().p50() <= g.chars().p90() && g.chars().p90() <= g.chars().p99(), what);
      assertEquals(tokensTexts, g.textsWithTokens(), what);
      assertEquals(tokensTexts, java.util.Arrays.stream(g.ratioHistogram()).sum(), what + " ratio histogram");
    }
    long allTruncated = eda.groups().stream().mapToLong(EdaResult.Group::truncated).sum();
    assertTrue(allTruncated > 0 && allTruncated < eda.rows(), "the test length truncates some texts: " + allTruncated);
    assertEquals(allTruncated, eda.truncated(), "groups of a 0/1 label do not overlap");
    for (String split : Sharder.SPLITS) {
      assertEquals(manifest.splits.getOrDefault(split, 0L), eda.splitRows().getOrDefault(split, 0L), split);
    }
    assertTrue(eda.groups().stream().anyMatch(g -> g.chars().max() > 20_000 - 1), "the 20,000-character post is seen");
  }

  @Test
  void uniqueTokenRatioMatchesADirectComputation() {
    for (EdaResult.Group g : eda.groups()) {
      double sum = 0;
      int n = 0;
      for (String t : texts.get(g.split() + "/" + g.label())) {
        List<String> tok = tokens(t);
        if (tok.isEmpty()) continue;
        sum += (double) new HashSet<>(tok).size() / tok.size();
        n++;
      }
      assertEquals(sum / n, g.meanUniqueTokenRatio(), 1e-9, g.split() + "/" + g.label());
      assertTrue(g.medianUniqueTokenRatio() > 0 && g.medianUniqueTokenRatio() <= 1);
    }
  }

  @Test
  void replacedCharactersMatchTheEtlRegexCountedInJava() {
    Pattern oov = Pattern.compile(CharEtl.OUT_OF_VOCAB_REGEX);
    Map<String, Long> overall = new HashMap<>();
    for (EdaResult.Group g : eda.groups()) {
      long total = 0;
      long textsWith = 0;
      Map<String, Long> byChar = new HashMap<>();
      for (String t : texts.get(g.split() + "/" + g.label())) {
        Matcher m = oov.matcher(t == null ? "" : t.toLowerCase(Locale.ROOT));
        long k = 0;
        while (m.find()) {
          k++;
          byChar.merge(m.group(), 1L, Long::sum);
          overall.merge(m.group(), 1L, Long::sum);
        }
        total += k;
        if (k > 0) textsWith++;
      }
      String what = g.split() + "/" + g.label();
      assertEquals(total, g.replacedChars(), what);
      assertEquals(textsWith, g.textsWithReplacedChars(), what);
      for (EdaResult.CharCount c : g.topReplaced()) assertEquals(byChar.get(c.character()), c.count(), what + " " + c);
    }
    assertTrue(eda.distinctReplaced() > 3, "the corpus has emoji and non-Latin text");
    assertEquals(overall.size(), eda.distinctReplaced());
    long best = overall.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertEquals(best, eda.topReplaced().get(0).count(), "the top character is the most frequent");
    for (EdaResult.CharCount c : eda.topReplaced()) assertEquals(overall.get(c.character()), c.count(), c.toString());
    // An emoji is one replaced character (one code point), not two UTF-16 halves.
    assertTrue(eda.topReplaced().stream().noneMatch(c -> Character.isSurrogate(c.character().charAt(0))
        && c.character().length() == 1), eda.topReplaced().toString());
  }

  @Test
  void outputDirectoryHoldsJsonChartsPageAndSummary() throws Exception {
    assertTrue(Files.exists(out.resolve(OutputDir.SUCCESS)));
    assertFalse(Files.exists(OutputDir.inProgressPath(out)));
    JsonNode json = Json.MAPPER.readTree(out.resolve("eda.json").toFile());
    assertEquals(eda.rows(), json.get("rows").asLong());
    assertEquals(eda.groups().get(0).lengthHistogram().length, json.get("groups").get(0).get("length_histogram").size());
    assertEquals(eda.groups().get(0).truncated(), json.get("groups").get(0).get("truncated").asLong());
    for (String c : List.of("counts.png", "lengths.png", "unique-token-ratio.png", "replaced-characters.png")) {
      ReportFixtures.assertPng(out.resolve("charts").resolve(c));
    }
    String html = Files.readString(out.resolve("eda.html"));
    assertEquals(4, ModelReportTest.images(html).size());
    String summary = Files.readString(out.resolve("summary.txt"));
    assertTrue(summary.contains("eda: train") && summary.contains("truncated") && summary.contains("most replaced"), summary);
    assertTrue(log.stream().anyMatch(l -> l.startsWith("eda: train ")), "summary printed: " + log);
    assertTrue(log.stream().anyMatch(l -> l.contains("texts read and cleaned")), "progress lines: " + log);
    Path again = tmp.resolve("eda");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Eda.run(spark, CFG, shards, again, false, s -> {}));
    assertTrue(e.getMessage().contains("already exists (use --overwrite"), e.getMessage());
  }

  @Test
  void binWidthIsReadableAndCoversTheRange() {
    assertEquals(1, EdaStats.binWidth(10));
    assertEquals(5, EdaStats.binWidth(160));
    assertEquals(100, EdaStats.binWidth(2000));
    for (int upper : new int[] {1, 39, 40, 161, 999, 2001, 123_456}) {
      assertTrue(EdaStats.binWidth(upper) * (EdaStats.LENGTH_BINS - 1) >= upper, "covers " + upper);
    }
  }

  static List<String> tokens(String t) {
    List<String> out = new ArrayList<>();
    for (String s : (t == null ? "" : t).toLowerCase(Locale.ROOT).split("\\s+", -1)) if (!s.isEmpty()) out.add(s);
    return out;
  }

  static Long[] boxed(long[] a) {
    return java.util.Arrays.stream(a).boxed().toArray(Long[]::new);
  }
}
