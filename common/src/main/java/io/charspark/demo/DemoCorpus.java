package io.charspark.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import io.charspark.io.OutputDir;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a corpus of r/StarWars-like submissions in the real dump and API formats (SPEC.md §3):
 * Star Wars quotes (datafaker's {@code en/star_wars.yml}) are the spoiler posts, quotes from other
 * franchises the rest. Same seed and size → byte-identical files (ids and times derive from
 * content hashes and a seeded generator, never from a clock).
 *
 * <p>Files: {@code RS_2016-03.zst} (zstd, long-distance mode), {@code RS_2017-07.bz2},
 * {@code RS_2018-11.gz}, {@code RS_2019-05.jsonl} (CRLF line ends), {@code api/listing-NNNN.json}
 * (pretty-printed Reddit API Listing pages). Deliberate faults, as real dumps have: a cut-off JSON
 * line, blank lines, duplicate ids with a later {@code retrieved_on}, a record without id, records
 * without the spoiler flag, {@code created_utc} as int/float/string and once not a number,
 * {@code [removed]}/{@code [deleted]} texts, emoji and non-Latin text, {@code <}/{@code >}, a very
 * long text, other subreddits, a comment ({@code t1}) inside a listing, a JSON array line.
 *
 * <p>Metadata ({@code over_18, score, num_comments, domain}) comes from a per-post generator seeded
 * from (seed, post id), so it never disturbs the ids, texts, labels and times. Planted
 * relationships — properties of this generator, not claims about real Reddit: spoiler posts are
 * self posts ({@code domain = self.<subreddit>}) 68% of the time against 38% for the rest, whose
 * links lean to i.redd.it/imgur.com while spoiler links lean to youtube.com/twitter.com/
 * starwars.com; num_comments is lognormal with a median about 2.5× higher for spoilers (self posts
 * ×1.3); score is lognormal, 1.5× higher for spoilers (self posts ×0.7), and shares a popularity
 * factor with num_comments; over_18 is rare (1.5%, spoilers 3.5%). Metadata alone separates the
 * classes with a ROC AUC of about 0.8, far from perfectly. About 3% of posts miss a value (score
 * or domain absent or JSON null), and some write score as a numeric string or num_comments as a
 * float, as real dumps do; none of this is a reject.
 */
public final class DemoCorpus {
  public static final String[] OTHER_SOURCES = {
    "back_to_the_future", "big_bang_theory", "buffy", "community", "dr_who", "dune",
    "friends", "futurama", "game_of_thrones", "ghostbusters", "harry_potter",
    "hitchhikers_guide_to_the_galaxy", "lebowski", "lord_of_the_rings", "princess_bride",
    "rick_and_morty", "silicon_valley", "simpsons", "south_park", "spongebob", "stargate",
    "greek_philosophers", "matz", "new_girl", "brooklyn_nine_nine"
  };
  private static final String[] EXTRAS = {
    "Звёздные войны", "スター・ウォーズ", "🚀✨", "naïve café", "<3 this >_<", "a < b > c"
  };
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Link-post domains, and how often non-spoiler / spoiler link posts use each. */
  private static final String[] LINK_DOMAINS = {
    "i.redd.it", "imgur.com", "youtube.com", "twitter.com", "starwars.com"
  };
  private static final double[] LINK_WEIGHTS = {0.38, 0.20, 0.22, 0.10, 0.10};
  private static final double[] SPOILER_LINK_WEIGHTS = {0.15, 0.10, 0.35, 0.22, 0.18};

  /** What was written. {@code expected*} count what {@code shard} with the default config keeps. */
  public record Stats(int posts, int spoilers, List<Path> files) {}

  private DemoCorpus() {}

  public static List<String> starWarsQuotes() {
    return quotes("star_wars");
  }

  public static List<String> otherQuotes() {
    TreeSet<String> all = new TreeSet<>();
    for (String s : OTHER_SOURCES) all.addAll(quotes(s));
    all.removeAll(starWarsQuotes());
    return new ArrayList<>(all);
  }

  /** All strings under keys named {@code quotes} in datafaker's {@code en/<name>.yml}. */
  public static List<String> quotes(String name) {
    String res = "en/" + name + ".yml";
    try (InputStream in = DemoCorpus.class.getClassLoader().getResourceAsStream(res)) {
      if (in == null) throw new IllegalStateException("datafaker resource missing: " + res);
      Object doc = new Yaml().load(in);
      TreeSet<String> out = new TreeSet<>();
      collect(doc, false, out);
      return new ArrayList<>(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(Object node, boolean underQuotes, TreeSet<String> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        collect(e.getValue(), underQuotes || "quotes".equals(String.valueOf(e.getKey())), out);
      }
    } else if (node instanceof List<?> l) {
      for (Object o : l) collect(o, underQuotes, out);
    } else if (underQuotes && node instanceof String s) {
      String t = s.strip();
      if (!t.contains("#{") && t.length() >= 8 && t.length() <= 400) out.add(t);
    }
  }

  public static Stats write(Path dir, int posts, long seed, boolean overwrite) {
    return write(dir, posts, seed, overwrite, "spoilers");
  }

  /**
   * {@code workload = spoilers}: r/StarWars posts, Star Wars quotes flagged as spoilers.
   * {@code workload = showerthoughts}: r/Showerthoughts titles (every quote of up to 140
   * characters), no selftext, never a spoiler. {@code workload = toxic}: the Kaggle Jigsaw files of
   * {@link KaggleCorpus} ({@code posts} train rows, {@code posts / 2} test rows; {@code spoilers}
   * in the result counts the toxic train rows).
   */
  public static Stats write(Path dir, int posts, long seed, boolean overwrite, String workload) {
    if (posts < 50) throw new IllegalArgumentException("--posts must be >= 50, got " + posts);
    if (workload.equals("toxic")) {
      // Kaggle Jigsaw files: posts = train rows, half as many test rows; "spoilers" = toxic rows.
      KaggleCorpus.Stats k = KaggleCorpus.write(dir, posts, Math.max(20, posts / 2), seed, overwrite);
      return new Stats(posts, (int) (long) k.trainPositives().get("toxic"), k.files());
    }
    if (!workload.equals("spoilers") && !workload.equals("showerthoughts")) {
      throw new IllegalArgumentException("--workload must be spoilers, showerthoughts or toxic, got " + workload);
    }
    OutputDir out = OutputDir.create(dir, overwrite);
    try {
      Stats s = writeInto(out.work(), posts, seed, workload.equals("showerthoughts"));
      out.commit();
      List<Path> files = new ArrayList<>();
      for (Path p : s.files()) files.add(dir.resolve(out.work().relativize(p)));
      return new Stats(s.posts(), s.spoilers(), files);
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  private static Stats writeInto(Path dir, int posts, long seed, boolean showerthoughts)
      throws IOException {
    List<String> sw = starWarsQuotes();
    List<String> other = otherQuotes();
    List<String> shortLines = new ArrayList<>();
    for (String q : sw) if (q.length() <= 140) shortLines.add(q);
    for (String q : other) if (q.length() <= 140) shortLines.add(q);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<ObjectNode> all = new ArrayList<>();
    int spoilers = 0;
    for (int i = 0; i < posts; i++) {
      boolean spoiler = !showerthoughts && rnd.nextDouble() < 0.2;
      if (spoiler) spoilers++;
      List<String> pool = showerthoughts ? shortLines : spoiler ? sw : other;
      String title = pool.get(rnd.nextInt(pool.size()));
      double r = rnd.nextDouble();
      String selftext =
          showerthoughts ? (r < 0.9 ? "" : "[removed]")
              : r < 0.4 ? "" : r < 0.75 ? pool.get(rnd.nextInt(pool.size()))
              : r < 0.85 ? "[removed]" : r < 0.9 ? "[deleted]"
              : EXTRAS[rnd.nextInt(EXTRAS.length)] + " " + pool.get(rnd.nextInt(pool.size()));
      double sub = rnd.nextDouble();
      String subreddit =
          showerthoughts
              ? (sub < 0.9 ? "Showerthoughts" : sub < 0.95 ? "showerthoughts" : "AskReddit")
              : (sub < 0.9 ? "StarWars" : sub < 0.95 ? "starwars" : "PrequelMemes");
      String id = id(i + "|" + title + "|" + selftext);
      long created = 1_450_000_000L + (Math.abs(hash(id)) % 126_000_000L);
      ObjectNode p = JSON.createObjectNode();
      p.put("id", id);
      p.put("name", "t3_" + id);
      p.put("subreddit", subreddit);
      p.put("title", title);
      p.put("selftext", selftext);
      p.put("spoiler", spoiler);
      p.put("over_18", false);
      switch (i % 3) {
        case 0 -> p.put("created_utc", created);
        case 1 -> p.put("created_utc", created + 0.0);
        default -> p.put("created_utc", String.valueOf(created));
      }
      // The main generator still draws these two (ids, texts and labels of later posts depend on
      // it); the values written come from the post's own generator below.
      rnd.nextInt(5000);
      rnd.nextInt(300);
      p.put("score", 0);
      p.put("num_comments", 0);
      p.put("author", "user_" + id.substring(0, 4));
      p.put("url", "https://www.reddit.com/r/" + subreddit + "/comments/" + id + "/");
      p.put("retrieved_on", created + 86_400);
      metadata(p, new java.util.Random(seed ^ hash(id)), spoiler, subreddit);
      all.add(p);
    }
    // A very long post (tests truncation) and emoji-only title.
    all.get(1).put(showerthoughts ? "title" : "selftext", String.join(" ", sw).repeat(3));
    all.get(2).put("title", "🚀🚀🚀");

    int n = all.size();
    int q = n / 5;
    List<Path> files = new ArrayList<>();
    List<String> zst = lines(all.subList(0, q));
    List<String> bz2 = lines(all.subList(q, 2 * q));
    List<String> gz = lines(all.subList(2 * q, 3 * q));
    List<String> jsonl = lines(all.subList(3 * q, 4 * q));
    List<ObjectNode> api = new ArrayList<>(all.subList(4 * q, n));

    // Faults.
    String cut = gz.get(5);
    gz.set(5, cut.substring(0, cut.length() / 2)); // cut-off line
    gz.add(7, "");
    jsonl.add(3, "");
    jsonl.add(4, "   ");
    jsonl.add("[1, 2, 3]");
    ObjectNode noId = all.get(10).deepCopy();
    noId.remove("id");
    noId.remove("name");
    bz2.add(noId.toString());
    ObjectNode onlyName = all.get(11).deepCopy();
    onlyName.remove("id");
    onlyName.put("name", "t3_" + id("only-name"));
    bz2.add(onlyName.toString());
    for (int k = 0; k < 3; k++) {
      ObjectNode noLabel = all.get(20 + k).deepCopy();
      noLabel.remove("spoiler");
      noLabel.put("id", id("nolabel" + k));
      zst.add(noLabel.toString());
    }
    ObjectNode badTime = all.get(30).deepCopy();
    badTime.put("id", id("badtime"));
    badTime.put("created_utc", "yesterday");
    zst.add(badTime.toString());
    // Duplicates: 25 posts of the zst file appear again in the jsonl file, retrieved later with an
    // edited title; shard must keep these later versions.
    for (int k = 0; k < 25; k++) {
      ObjectNode dup = all.get(k * 3).deepCopy();
      dup.put("retrieved_on", dup.get("retrieved_on").asLong() + 1_000_000);
      com.fasterxml.jackson.databind.JsonNode score = dup.get("score");
      if (score != null && !score.isNull()) dup.put("score", score.asLong() + 1);
      jsonl.add(dup.toString());
    }

    files.add(writeLines(dir.resolve("RS_2016-03.zst"), zst, "zst", "\n"));
    files.add(writeLines(dir.resolve("RS_2017-07.bz2"), bz2, "bz2", "\n"));
    files.add(writeLines(dir.resolve("RS_2018-11.gz"), gz, "gz", "\n"));
    files.add(writeLines(dir.resolve("RS_2019-05.jsonl"), jsonl, "none", "\r\n"));
    Files.createDirectories(dir.resolve("api"));
    int page = 0;
    for (int start = 0; start < api.size(); start += 100, page++) {
      List<ObjectNode> chunk = api.subList(start, Math.min(api.size(), start + 100));
      ObjectNode listing = JSON.createObjectNode();
      listing.put("kind", "Listing");
      ObjectNode data = listing.putObject("data");
      boolean last = start + 100 >= api.size();
      if (last) data.putNull("after");
      else data.put("after", "t3_" + chunk.get(chunk.size() - 1).get("id").asText());
      data.put("dist", chunk.size());
      ArrayNode children = data.putArray("children");
      for (ObjectNode c : chunk) {
        ObjectNode child = children.addObject();
        child.put("kind", "t3");
        child.set("data", c);
      }
      if (page == 0) {
        ObjectNode comment = children.addObject();
        comment.put("kind", "t1");
        comment.putObject("data").put("id", "c0mment").put("body", "not a submission");
      }
      Path f = dir.resolve("api").resolve(String.format("listing-%04d.json", page + 1));
      Files.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(listing));
      files.add(f);
    }
    return new Stats(posts, spoilers, files);
  }

  /**
   * Fills over_18, score, num_comments and domain (fields already present keep their place in the
   * JSON) from the post's own generator; see the class comment for the planted relationships.
   */
  static void metadata(ObjectNode p, java.util.Random m, boolean spoiler, String subreddit) {
    boolean self = m.nextDouble() < (spoiler ? 0.68 : 0.38);
    String domain = "self." + subreddit;
    if (!self) {
      double[] w = spoiler ? SPOILER_LINK_WEIGHTS : LINK_WEIGHTS;
      double u = m.nextDouble();
      int k = 0;
      while (k < w.length - 1 && (u -= w[k]) >= 0) k++;
      domain = LINK_DOMAINS[k];
    }
    double popularity = m.nextGaussian();
    double comments =
        Math.exp(Math.log(spoiler ? 30 : 12) + (self ? Math.log(1.3) : 0)
            + 0.8 * popularity + 0.6 * m.nextGaussian());
    double score =
        Math.exp(Math.log(spoiler ? 60 : 40) + (self ? Math.log(0.7) : 0)
            + 1.0 * popularity + 0.8 * m.nextGaussian());
    boolean over18 = m.nextDouble() < (spoiler ? 0.035 : 0.015);
    double missing = m.nextDouble();
    int format = m.nextInt(10);
    long s = Math.round(score);
    long c = Math.round(comments);
    p.put("over_18", over18);
    if (format == 0) p.put("score", String.valueOf(s)); // numeric string
    else p.put("score", s);
    if (format == 1) p.put("num_comments", c + 0.0); // float
    else p.put("num_comments", c);
    p.put("domain", domain);
    // ~3% miss a value: score or domain, absent or JSON null.
    if (missing < 0.0075) p.remove("score");
    else if (missing < 0.015) p.putNull("score");
    else if (missing < 0.0225) p.remove("domain");
    else if (missing < 0.03) p.putNull("domain");
  }

  private static List<String> lines(List<ObjectNode> nodes) {
    List<String> out = new ArrayList<>();
    for (ObjectNode n : nodes) out.add(n.toString());
    return out;
  }

  private static Path writeLines(Path file, List<String> lines, String codec, String eol)
      throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    OutputStream os =
        switch (codec) {
          case "zst" -> new ZstdOutputStream(raw).setLong(31);
          case "bz2" -> new BZip2CompressorOutputStream(raw);
          case "gz" -> new GZIPOutputStream(raw);
          default -> raw;
        };
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        w.write(it.next());
        w.write(eol);
      }
    }
    return file;
  }

  /** A 10-character base-36 id from a content hash, like Reddit's ids. */
  static String id(String content) {
    long h = hash(content) & 0x7fffffffffffL;
    String s = Long.toString(h, 36);
    return ("0000000000" + s).substring(s.length());
  }

  static long hash(String content) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Expected numbers for the generated corpus, used by tests. */
  public static Map<String, Integer> faults() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("malformed_json", 1);
    m.put("blank_line", 3);
    m.put("not_a_json_object", 1);
    m.put("missing_id", 1);
    m.put("missing_label", 3);
    m.put("bad_created_utc", 1);
    m.put("not_a_submission", 1);
    m.put("duplicates", 25);
    return m;
  }
}
