package io.charspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.demo.KaggleCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kaggle-format generator: deterministic, exact headers, the promised trouble and label mix. */
class KaggleCorpusTest {
  @TempDir static Path tmp;
  static Path dir;
  static KaggleCorpus.Stats stats;

  @BeforeAll
  static void generate() {
    dir = tmp.resolve("kaggle");
    stats = KaggleCorpus.write(dir, 1500, 600, 42, false);
  }

  @Test
  void rerunsAreByteIdenticalAndTheSeedMatters() throws IOException {
    Path again = tmp.resolve("again");
    KaggleCorpus.Stats s2 = KaggleCorpus.write(again, 1500, 600, 42, false);
    for (String f : KaggleCorpus.FILES) {
      assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(again.resolve(f)), f);
    }
    assertEquals(stats.rejected(), s2.rejected());
    Path other = tmp.resolve("other");
    KaggleCorpus.write(other, 1500, 600, 7, false);
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("train.csv")), Files.readAllBytes(other.resolve("train.csv"))));
  }

  @Test
  void headersAreKaggles() throws IOException {
    assertEquals("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate", firstLine("train.csv"));
    assertEquals("id,comment_text", firstLine("test.csv"));
    assertEquals("id,toxic,severe_toxic,obscene,threat,insult,identity_hate", firstLine("test_labels.csv"));
    assertEquals("id,toxic,severe_toxic,obscene,threat,insult,identity_hate", firstLine("sample_submission.csv"));
  }

  @Test
  void csvLevelFaultsAreThereAndEverythingElseParses() throws IOException {
    Map<String, Integer> reasons = new HashMap<>();
    int ok = 0;
    boolean crlf = false;
    boolean longOne = false;
    for (KaggleCsv.Record r : KaggleCsv.readAll(read("train.csv"), KaggleCsv.KAGGLE_RECORD_START)) {
      if (r.ok()) {
        ok++;
        longOne |= r.fields().get(1).length() > 5000;
      } else {
        reasons.merge(r.reason(), 1, Integer::sum);
      }
      crlf |= r.raw().contains("\r\n");
    }
    assertEquals(Map.of("unclosed_quote", 1, "bad_quote", 1, "field_count", 1, "blank_line", 1), reasons);
    // usable rows + bad_label ×2 + bad_id + empty_text + duplicate_id parse as CSV.
    assertEquals(stats.trainRows() + 5, ok);
    assertEquals(stats.trainRecords(), ok + 4);
    assertTrue(longOne, "a comment above 5,000 characters");
    assertTrue(crlf, "a comment with an embedded CRLF");
    String train = read("train.csv");
    assertTrue(train.contains("\"\""), "doubled quotes");
    assertTrue(train.contains("スター・ウォーズ") && train.contains("🚀"), "non-Latin text and emoji");
    assertTrue(train.contains("\",0,0,0,0,0,0\r\n"), "CRLF record ends");
    List<KaggleCsv.Record> labels = KaggleCsv.readAll(read("test_labels.csv"), KaggleCsv.KAGGLE_RECORD_START);
    assertEquals(stats.labelRecords(), labels.size());
    assertTrue(labels.stream().allMatch(KaggleCsv.Record::ok));
  }

  @Test
  void labelsAreMultiLabelWithRealisticRates() {
    long n = stats.trainRows();
    Map<String, Long> p = stats.trainPositives();
    double toxic = (double) p.get("toxic") / n;
    double threat = (double) p.get("threat") / n;
    assertTrue(toxic > 0.10 && toxic < 0.20, "toxic rate " + toxic);
    assertTrue(threat > 0.005 && threat < 0.03, "threat rate " + threat);
    for (String l : KaggleCorpus.LABELS) assertTrue(p.get(l) > 0, l + " has positives: " + p);
    int severeNotToxic = 0;
    int insultNotToxic = 0;
    int multi = 0;
    for (List<Integer> v : stats.labels().values()) {
      if (v.isEmpty()) continue;
      if (v.get(1) == 1 && v.get(0) == 0) severeNotToxic++;
      if (v.get(4) == 1 && v.get(0) == 0) insultNotToxic++;
      if (v.stream().mapToInt(Integer::intValue).sum() >= 2) multi++;
    }
    assertEquals(0, severeNotToxic, "severe_toxic implies toxic");
    assertTrue(insultNotToxic > 0, "insult is not just a copy of toxic");
    assertTrue(multi > 0.05 * n, "multi-label rows: " + multi);
    double unscored = (double) (stats.testUnscored() - stats.testWithoutLabels()) / (stats.testScored() + stats.testUnscored());
    assertTrue(unscored > 0.08 && unscored < 0.16, "share of -1 test rows " + unscored);
  }

  private static String firstLine(String f) throws IOException {
    String s = read(f);
    return s.substring(0, s.indexOf('\n'));
  }

  private static String read(String f) throws IOException {
    return Files.readString(dir.resolve(f), StandardCharsets.UTF_8);
  }
}
