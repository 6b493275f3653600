package io.charspark.demo;

import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the Kaggle Jigsaw Toxic Comment Classification files (SPEC.md §3) from real
 * human-written text: datafaker's franchise quotes (see {@link DemoCorpus}). Same arguments →
 * byte-identical files (ids come from content hashes and the seed, never from a clock).
 *
 * <p>Files: {@code train.csv} ({@code id,comment_text,toxic,severe_toxic,obscene,threat,insult,
 * identity_hate}), {@code test.csv} ({@code id,comment_text}), {@code test_labels.csv} (id + six
 * labels, {@code -1} on all six = not scored), {@code sample_submission.csv} (id + six 0.5).
 *
 * <p><b>Labels</b> are genuinely multi-label and learnable from the characters: every quote source
 * (franchise) belongs to one {@link #GROUPS group} that carries a set of labels, and a comment (1–2
 * quotes) has label k when one of its quotes comes from a group carrying k. Groups are drawn per
 * quote with fixed probabilities, which gives about 13% {@code toxic}, 2–3% {@code severe_toxic}
 * (always also toxic, obscene and insult), about 1.5% {@code threat}, and {@code obscene}/{@code insult}
 * that are partly independent of {@code toxic}.
 *
 * <p><b>Trouble</b>, as real files have: comments with embedded newlines (also blank lines inside
 * a comment), doubled quotes, commas, {@code \r\n} record ends, one comment with an embedded
 * {@code \r\n} (read back as {@code \n}), a few unquoted comments, a quoted id, emoji, non-Latin
 * text, {@code <}/{@code >}, one comment above 5,000 characters; and counted faults
 * ({@link Stats#rejected()}): in train.csv an unclosed quote, junk after a closing quote, a wrong
 * field count, the labels {@code 2} and {@code yes}, an id with a space, a blank comment, a
 * duplicate id, a blank line; in test.csv a row repeating a train id and a blank line; in
 * test_labels.csv a value {@code 7}, an id absent from test.csv, and two test rows without a row.
 * About 12% of the test rows are labelled {@code -1}.
 */
public final class KaggleCorpus {
  public static final List<String> LABELS =
      List.of("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate");
  public static final List<String> FILES =
      List.of("train.csv", "test.csv", "test_labels.csv", "sample_submission.csv");

  /** A group of quote sources, the labels its quotes carry, and its per-quote probability. */
  public record Group(String name, List<String> sources, Set<String> labels, double probability) {}

  /** In priority order: a quote found in several sources belongs to the first group that has it. */
  public static final List<Group> GROUPS =
      List.of(
          new Group("threat", List.of("game_of_thrones"), Set.of("toxic", "threat"), 0.008),
          new Group("severe", List.of("lebowski"), Set.of("toxic", "severe_toxic", "obscene", "insult"), 0.012),
          new Group("identity", List.of("buffy"), Set.of("toxic", "identity_hate"), 0.012),
          new Group("toxic_insult", List.of("rick_and_morty", "futurama"), Set.of("toxic", "insult"), 0.030),
          new Group("toxic_obscene", List.of("south_park", "dune"), Set.of("toxic", "obscene"), 0.025),
          new Group("insult", List.of("friends", "new_girl"), Set.of("insult"), 0.020),
          new Group("obscene", List.of("simpsons", "community"), Set.of("obscene"), 0.020),
          new Group("neutral",
              List.of("star_wars", "back_to_the_future", "big_bang_theory", "dr_who", "ghostbusters",
                  "harry_potter", "hitchhikers_guide_to_the_galaxy", "lord_of_the_rings",
                  "princess_bride", "silicon_valley", "spongebob", "stargate", "greek_philosophers",
                  "matz", "brooklyn_nine_nine"),
              Set.of(), 1.0));

  private static final String[] EXTRAS = {
    "Звёздные войны", "スター・ウォーズ", "🚀✨", "naïve café", "<3 this >_<", "a < b > c", "😡🤬", "مرحبا"
  };

  /**
   * What was written and what {@code shard} must make of it. {@code trainRecords}/{@code
   * testRecords}: records in train.csv/test.csv (faults and blank lines included; their sum is the
   * manifest's {@code input_records}). {@code rejected}: the manifest's {@code rejected}, exactly.
   * {@code trainRows}: usable train rows; {@code testScored}/{@code testUnscored}: usable test rows
   * with labels / without (-1 or no test_labels row); {@code testWithoutLabels}: of those, rows
   * with no test_labels row; {@code labelRecords}: rows of test_labels.csv; {@code orphanLabels}:
   * test_labels ids absent from test.csv. {@code trainPositives}/{@code testPositives}: per label,
   * over usable train rows / scored test rows. {@code texts}: id → comment text of every usable
   * row (as a reader must return it); {@code labels}: id → the six labels (empty list = unscored).
   */
  public record Stats(
      List<Path> files,
      long trainRecords,
      long testRecords,
      Map<String, Long> rejected,
      long trainRows,
      long testScored,
      long testUnscored,
      long testWithoutLabels,
      long labelRecords,
      long orphanLabels,
      Map<String, Long> trainPositives,
      Map<String, Long> testPositives,
      Map<String, String> texts,
      Map<String, List<Integer>> labels) {
    public long inputRecords() {
      return trainRecords + testRecords;
    }
  }

  private KaggleCorpus() {}

  /**
   * Writes the four files into {@code dir} (atomically, like every output). {@code trainRows} and
   * {@code testRows} are the usable comments; the faults come on top of them.
   */
  public static Stats write(Path dir, int trainRows, int testRows, long seed, boolean overwrite) {
    if (trainRows < 50) throw new IllegalArgumentException("train rows must be >= 50, got " + trainRows);
    if (testRows < 20) throw new IllegalArgumentException("test rows must be >= 20, got " + testRows);
    OutputDir out = OutputDir.create(dir, overwrite);
    try {
      Stats s = writeInto(out.work(), trainRows, testRows, seed);
      out.commit();
      List<Path> files = new ArrayList<>();
      for (String f : FILES) files.add(dir.resolve(f));
      return new Stats(files, s.trainRecords(), s.testRecords(), s.rejected(), s.trainRows(), s.testScored(),
          s.testUnscored(), s.testWithoutLabels(), s.labelRecords(), s.orphanLabels(), s.trainPositives(),
          s.testPositives(), s.texts(), s.labels());
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  /** The quotes of each group (disjoint; sorted). */
  public static Map<String, List<String>> pools() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (Group g : GROUPS) {
      TreeSet<String> qs = new TreeSet<>();
      for (String src : g.sources()) qs.addAll(DemoCorpus.quotes(src));
      qs.removeAll(taken);
      taken.addAll(qs);
      out.put(g.name(), new ArrayList<>(qs));
    }
    return out;
  }

  /** One generated comment: its text and its labels (0/1 per {@link #LABELS}). */
  private record Comment(String text, int[] labels) {}

  private static final class Gen {
    final SplittableRandom rnd;
    final Map<String, List<String>> pools = pools();

    Gen(long seed) {
      rnd = new SplittableRandom(seed);
    }

    Group group() {
      double r = rnd.nextDouble();
      double acc = 0;
      for (Group g : GROUPS) {
        acc += g.probability();
        if (r < acc) return g;
      }
      return GROUPS.get(GROUPS.size() - 1);
    }

    String quote(Group g) {
      List<String> pool = pools.get(g.name());
      return pool.get(rnd.nextInt(pool.size()));
    }

    Comment comment() {
      int n = 1 + rnd.nextInt(2);
      StringBuilder sb = new StringBuilder();
      Set<String> ls = new HashSet<>();
      for (int i = 0; i < n; i++) {
        Group g = group();
        ls.addAll(g.labels());
        String q = quote(g);
        if (rnd.nextDouble() < 0.08) q = "\"" + q + "\"";
        if (i > 0) {
          double r = rnd.nextDouble();
          sb.append(r < 0.7 ? " " : r < 0.85 ? "\n" : "\n\n");
        }
        sb.append(q);
      }
      if (rnd.nextDouble() < 0.05) sb.append(' ').append(EXTRAS[rnd.nextInt(EXTRAS.length)]);
      return new Comment(sb.toString(), vector(ls));
    }

    /** A comment of neutral quotes longer than {@code min} characters. */
    Comment longComment(int min) {
      Group neutral = GROUPS.get(GROUPS.size() - 1);
      StringBuilder sb = new StringBuilder();
      while (sb.length() <= min) sb.append(sb.length() == 0 ? "" : rnd.nextDouble() < 0.2 ? "\n" : " ").append(quote(neutral));
      return new Comment(sb.toString(), new int[LABELS.size()]);
    }
  }

  private static int[] vector(Set<String> ls) {
    int[] v = new int[LABELS.size()];
    for (int k = 0; k < v.length; k++) v[k] = ls.contains(LABELS.get(k)) ? 1 : 0;
    return v;
  }

  private static Stats writeInto(Path dir, int trainRows, int testRows, long seed) throws IOException {
    Gen g = new Gen(seed);
    Set<String> ids = new HashSet<>();
    Map<String, String> texts = new LinkedHashMap<>();
    Map<String, List<Integer>> labels = new LinkedHashMap<>();
    Map<String, Long> trainPos = zeros();
    Map<String, Long> testPos = zeros();

    // ---- train.csv: good rows.
    List<String> trainIds = new ArrayList<>();
    List<String> train = new ArrayList<>();
    for (int i = 0; i < trainRows; i++) {
      Comment c = special(g, i);
      String id = id(seed, "train", i, c.text(), ids);
      String written = i == 4 ? c.text().replace("\n", "\r\n") : c.text(); // read back with \n
      train.add(record(g, i, id, written, c.labels()));
      trainIds.add(id);
      texts.put(id, c.text());
      labels.put(id, list(c.labels()));
      for (int k = 0; k < LABELS.size(); k++) trainPos.merge(LABELS.get(k), (long) c.labels()[k], Long::sum);
    }
    // ---- train.csv: faults, spread between good rows (never adjacent), in this order.
    String zeros6 = ",0,0,0,0,0,0";
    String q1 = g.quote(GROUPS.get(GROUPS.size() - 1)).replace("\"", "\"\"");
    List<String> faults = List.of(
        fid(seed, 0, ids) + ",\"" + q1 + " and the quote never closes" + zeros6 + "\n", // unclosed_quote
        fid(seed, 1, ids) + ",\"closed\" too early" + zeros6 + "\n", // bad_quote
        fid(seed, 2, ids) + ",\"seven labels\"" + zeros6 + ",0\n", // field_count
        fid(seed, 3, ids) + ",\"label two\",0,0,2,0,0,0\n", // bad_label
        fid(seed, 4, ids) + ",\"label yes\",yes,0,0,0,0,0\n", // bad_label
        "bad id,\"an id with a space\"" + zeros6 + "\n", // bad_id
        fid(seed, 6, ids) + ",\"  \n \"" + zeros6 + "\n", // empty_text
        trainIds.get(0) + ",\"a second comment under the first id\",1,0,0,0,0,0\n", // duplicate_id
        "\n"); // blank_line
    for (int k = faults.size() - 1; k >= 0; k--) train.add((k + 1) * trainRows / (faults.size() + 1), faults.get(k));
    Map<String, Long> rejected = new TreeMap<>();
    for (String r : List.of("unclosed_quote", "bad_quote", "field_count", "bad_id", "empty_text", "blank_line", "duplicate_id")) {
      rejected.put(r, 1L);
    }
    rejected.put("bad_label", 2L);

    // ---- test.csv + test_labels.csv.
    List<String> test = new ArrayList<>();
    List<String> testLabels = new ArrayList<>();
    List<String> submissionIds = new ArrayList<>();
    long scored = 0;
    long unscored = 0;
    int noLabelsA = 3;
    int noLabelsB = testRows - 2;
    for (int i = 0; i < testRows; i++) {
      Comment c = g.comment();
      String id = id(seed, "test", i, c.text(), ids);
      test.add(record(g, i + 1, id, c.text(), null));
      submissionIds.add(id);
      texts.put(id, c.text());
      boolean minus = g.rnd.nextDouble() < 0.12;
      if (i == noLabelsA || i == noLabelsB) {
        unscored++;
        labels.put(id, List.of());
      } else if (minus) {
        unscored++;
        labels.put(id, List.of());
        testLabels.add(id + ",-1,-1,-1,-1,-1,-1\n");
      } else {
        scored++;
        labels.put(id, list(c.labels()));
        for (int k = 0; k < LABELS.size(); k++) testPos.merge(LABELS.get(k), (long) c.labels()[k], Long::sum);
        testLabels.add(id + labelCsv(c.labels()) + "\n");
      }
      if (i == testRows / 2) testLabels.add(fid(seed, 100, ids) + zeros6 + "\n"); // orphan
    }
    String dupId = trainIds.get(5);
    String sevenId = fid(seed, 101, ids);
    test.add(testRows / 3, dupId + ",\"a test comment under a train id\"\n"); // duplicate_id
    testLabels.add(testLabels.size() / 3, dupId + zeros6 + "\n");
    test.add(2 * testRows / 3, sevenId + ",\"its labels hold a seven\"\n"); // bad_label
    testLabels.add(2 * testLabels.size() / 3, sevenId + ",0,7,0,0,0,0\n");
    test.add(testRows / 2, "\n"); // blank_line
    submissionIds.add(dupId);
    submissionIds.add(sevenId);
    rejected.merge("duplicate_id", 1L, Long::sum);
    rejected.merge("bad_label", 1L, Long::sum);
    rejected.merge("blank_line", 1L, Long::sum);

    // ---- write.
    StringBuilder header = new StringBuilder("id,comment_text");
    for (String l : LABELS) header.append(',').append(l);
    writeFile(dir.resolve("train.csv"), header + "\n", train);
    writeFile(dir.resolve("test.csv"), "id,comment_text\n", test);
    writeFile(dir.resolve("test_labels.csv"), "id," + String.join(",", LABELS) + "\n", testLabels);
    List<String> sub = new ArrayList<>();
    for (String id : submissionIds) sub.add(id + ",0.5,0.5,0.5,0.5,0.5,0.5\n");
    writeFile(dir.resolve("sample_submission.csv"), "id," + String.join(",", LABELS) + "\n", sub);

    List<Path> files = new ArrayList<>();
    for (String f : FILES) files.add(dir.resolve(f));
    return new Stats(files, train.size(), test.size(), Collections.unmodifiableMap(rejected), trainRows,
        scored, unscored, 2, testLabels.size(), 1, trainPos, testPos, Collections.unmodifiableMap(texts),
        Collections.unmodifiableMap(labels));
  }

  /** Rows 1–4 of train.csv are special: a long comment, emoji/non-Latin, {@code <>}, an embedded CRLF. */
  private static Comment special(Gen g, int i) {
    return switch (i) {
      case 1 -> g.longComment(5000);
      case 2 -> {
        Comment c = g.comment();
        yield new Comment(EXTRAS[0] + " " + EXTRAS[1] + " " + EXTRAS[2] + ", " + c.text() + " " + EXTRAS[7], c.labels());
      }
      case 3 -> {
        Comment c = g.comment();
        yield new Comment("<b>" + c.text() + "</b> >_<", c.labels());
      }
      case 4 -> {
        Comment c = g.comment();
        yield new Comment(c.text() + "\nsecond line, \"quoted\"", c.labels());
      }
      default -> g.comment();
    };
  }

  /** One CSV record: quoted comment (a few plain ones unquoted), {@code \r\n} ends now and then. */
  private static String record(Gen g, int i, String id, String text, int[] labels) {
    boolean plain = i % 9 == 4 && !text.isEmpty() && text.chars().noneMatch(ch -> ch == '"' || ch == ',' || ch == '\n' || ch == '\r');
    String field = plain ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    String idField = i == 7 ? "\"" + id + "\"" : id;
    String eol = g.rnd.nextDouble() < 0.1 ? "\r\n" : "\n";
    return idField + "," + field + (labels == null ? "" : labelCsv(labels)) + eol;
  }

  private static String labelCsv(int[] labels) {
    StringBuilder sb = new StringBuilder();
    for (int v : labels) sb.append(',').append(v);
    return sb.toString();
  }

  private static List<Integer> list(int[] v) {
    List<Integer> l = new ArrayList<>();
    for (int x : v) l.add(x);
    return Collections.unmodifiableList(l);
  }

  private static Map<String, Long> zeros() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String l : LABELS) m.put(l, 0L);
    return m;
  }

  private static void writeFile(Path file, String header, List<String> records) throws IOException {
    StringBuilder sb = new StringBuilder(header);
    for (String r : records) sb.append(r);
    Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A fresh 16-hex-digit id from the seed and the row's content (re-hashed on a collision). */
  static String id(long seed, String file, int i, String text, Set<String> taken) {
    String content = seed + "|" + file + "|" + i + "|" + text;
    String id = hex16(content);
    while (!taken.add(id)) id = hex16(content += "|again");
    return id;
  }

  private static String fid(long seed, int k, Set<String> taken) {
    return id(seed, "fault", k, "", taken);
  }

  static String hex16(String content) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(16);
      for (int i = 0; i < 8; i++) sb.append(String.format("%02x", d[i] & 0xff));
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
