package io.charspark.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated corpus: content stability and the planted metadata relationships. */
class DemoCorpusTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> LINE_FILES =
      List.of("RS_2016-03.zst", "RS_2017-07.bz2", "RS_2018-11.gz", "RS_2019-05.jsonl");

  @TempDir Path tmp;

  /** Every record of every file, in file order (API pages: their children). */
  static List<String> records(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (String f : LINE_FILES) {
      Path p = dir.resolve(f);
      InputStream raw = Files.newInputStream(p);
      InputStream in =
          f.endsWith(".zst") ? new ZstdInputStream(raw)
              : f.endsWith(".bz2") ? new BZip2CompressorInputStream(raw)
              : f.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) out.add(line);
      }
    }
    try (var pages = Files.list(dir.resolve("api"))) {
      for (Path p : pages.sorted().toList()) {
        for (JsonNode c : JSON.readTree(p.toFile()).path("data").path("children")) out.add(c.toString());
      }
    }
    return out;
  }

  /** sha256 over the content fields of every record (not the metadata columns). */
  static String contentChecksum(Path dir) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (String rec : records(dir)) {
      String key;
      if (rec.isBlank()) {
        key = "BLANK";
      } else {
        JsonNode n;
        try {
          n = JSON.readTree(rec);
        } catch (IOException e) {
          n = null;
        }
        if (n == null) {
          key = "MALFORMED"; // the cut-off line: where it is cut depends on the whole line's length
        } else if (n.has("kind") && n.has("data")) {
          JsonNode d = n.get("data");
          key = "t3".equals(n.get("kind").asText()) ? fields(d) : n.toString();
        } else if (n.isObject()) {
          key = fields(n);
        } else {
          key = n.toString();
        }
      }
      md.update(key.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String fields(JsonNode d) {
    StringBuilder b = new StringBuilder();
    for (String f : List.of("id", "name", "subreddit", "title", "selftext", "spoiler", "created_utc", "retrieved_on")) {
      JsonNode v = d.get(f);
      b.append(f).append('=').append(v == null ? "<absent>" : v.toString()).append('\u0001');
    }
    return b.toString();
  }

  /** Computed from the generator before metadata came from a per-post RNG; must never change. */
  static final String CHECKSUM_4000_42 =
      "1153e228b905884e1dfd521b4df0b78916a27d7f9a3f4e4fdb708f46df998716";
  static final String CHECKSUM_SHOWERTHOUGHTS_4000_42 =
      "c241abac7af4a7dd15d5e5e4b56a045a5729bfa1b0f5e16aa88b3f1ffcd007c5";

  @Test
  void idsTextsLabelsAndTimesAreUnchanged() throws Exception {
    DemoCorpus.write(tmp.resolve("c"), 4000, 42, false);
    assertEquals(CHECKSUM_4000_42, contentChecksum(tmp.resolve("c")));
    DemoCorpus.write(tmp.resolve("s"), 4000, 42, false, "showerthoughts");
    assertEquals(CHECKSUM_SHOWERTHOUGHTS_4000_42, contentChecksum(tmp.resolve("s")));
  }

  /** The posts of the corpus: first record of each id that has a spoiler flag. */
  static List<JsonNode> posts(Path dir) throws IOException {
    java.util.Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
    for (String rec : records(dir)) {
      JsonNode n;
      try {
        n = JSON.readTree(rec);
      } catch (IOException e) {
        continue;
      }
      if (n == null || !n.isObject()) continue;
      if (n.has("kind")) {
        if (!"t3".equals(n.get("kind").asText())) continue;
        n = n.get("data");
      }
      if (n.hasNonNull("id") && n.has("spoiler")) byId.putIfAbsent(n.get("id").asText(), n);
    }
    return new ArrayList<>(byId.values());
  }

  /** Mann-Whitney ROC AUC of {@code score} for label 1 vs 0 (ties count half). */
  static double auc(double[] score, boolean[] label) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> score[i]));
    double rankSum = 0;
    long pos = 0;
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) j++;
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) if (label[order[k]]) { rankSum += rank; pos++; }
      i = j + 1;
    }
    long neg = score.length - pos;
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  @Test
  void metadataIsModeratelyRelatedToTheSpoilerLabel() throws Exception {
    DemoCorpus.write(tmp.resolve("c"), 4000, 42, false);
    List<JsonNode> posts = posts(tmp.resolve("c"));
    assertTrue(posts.size() > 3900, "posts: " + posts.size());
    double[] comments = new double[2];
    double[] scores = new double[2];
    int[] n = new int[2], scored = new int[2], withDomain = new int[2], self = new int[2], nsfw = new int[2];
    int missing = 0;
    double[] commentScore = new double[posts.size()];
    double[] combined = new double[posts.size()];
    boolean[] label = new boolean[posts.size()];
    for (int i = 0; i < posts.size(); i++) {
      JsonNode p = posts.get(i);
      int y = p.get("spoiler").asBoolean() ? 1 : 0;
      label[i] = y == 1;
      n[y]++;
      double c = p.get("num_comments").asDouble(); // ints, floats and numeric strings
      comments[y] += c;
      if (p.hasNonNull("score")) {
        scores[y] += p.get("score").asDouble();
        scored[y]++;
      }
      boolean isSelf = p.hasNonNull("domain") && p.get("domain").asText().startsWith("self.");
      if (p.hasNonNull("domain")) {
        withDomain[y]++;
        if (isSelf) self[y]++;
      }
      if (!p.hasNonNull("score") || !p.hasNonNull("domain")) missing++;
      if (p.get("over_18").asBoolean()) nsfw[y]++;
      commentScore[i] = c;
      combined[i] = Math.log1p(c) + (isSelf ? 0.8 : 0);
    }
    double meanC1 = comments[1] / n[1], meanC0 = comments[0] / n[0];
    double self1 = (double) self[1] / withDomain[1], self0 = (double) self[0] / withDomain[0];
    double aucComments = auc(commentScore, label), aucCombined = auc(combined, label);
    System.out.printf(java.util.Locale.ROOT,
        "posts %d (spoilers %d): mean num_comments %.1f vs %.1f (x%.2f); mean score %.1f vs %.1f;"
            + " self share %.3f vs %.3f; over_18 %.3f vs %.3f; missing %d (%.1f%%);"
            + " AUC num_comments %.3f, log1p(num_comments)+0.8*self %.3f%n",
        posts.size(), n[1], meanC1, meanC0, meanC1 / meanC0, scores[1] / scored[1], scores[0] / scored[0],
        self1, self0, (double) nsfw[1] / n[1], (double) nsfw[0] / n[0], missing,
        100.0 * missing / posts.size(), aucComments, aucCombined);
    assertTrue(meanC1 > 1.5 * meanC0, "spoilers get more comments");
    assertTrue(scores[1] / scored[1] > scores[0] / scored[0], "spoilers score somewhat higher");
    assertTrue(self1 > self0 + 0.15, "spoilers are more often self posts");
    int nsfwAll = nsfw[0] + nsfw[1];
    assertTrue(nsfwAll > 0 && nsfwAll < 0.05 * posts.size(), "over_18 is rare");
    assertTrue(missing > 0.01 * posts.size() && missing < 0.05 * posts.size(), "~3% miss a value");
    // Related, with overlap: informative but nowhere near a perfect separation.
    assertTrue(aucComments > 0.65 && aucComments < 0.85, "AUC num_comments " + aucComments);
    assertTrue(aucCombined > 0.7 && aucCombined < 0.9, "AUC combined " + aucCombined);
  }
}
