package io.charspark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;

import com.github.luben.zstd.ZstdOutputStream;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.Sharder;
import io.charspark.demo.DemoCorpus;
import io.charspark.io.OutputDir;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code shard} suite (issue #19): one month of Reddit, i.e. a multi-subreddit dump of JSON
 * lines in monthly {@code RS_YYYY-MM.zst} files ({@code windowLog 31}, as {@code zstd --long=31}
 * writes the real dumps), about 1.5% of the posts in the target subreddit (r/StarWars, as
 * {@code conf/spoilers.conf}), read side by side on the session's master:
 *
 * <ol>
 *   <li>{@code text_scan}: {@code spark.read().text(files).count()} — the floor: decompress and cut
 *       lines;
 *   <li>{@code spark_json}: {@code spark.read().schema(S).json(files)} with an explicit schema of
 *       the fields charspark reads, {@code lower(subreddit) IN ('starwars')}, count — what a user
 *       would write by hand;
 *   <li>{@code charspark_shard}: {@code Sharder.run} end to end (pre-check, parse, filter, manifest,
 *       de-duplicate, split, Parquet shards, rejected records).
 *   <li>{@code charspark_shard_all_rows_one_label} (full size only): the language-model
 *       configuration with no subreddit filter, so every post goes through de-duplication and the
 *       split in one stratum.
 * </ol>
 *
 * Keys: {@code shard.over_text_scan} = throughput of 3 ÷ 1, {@code shard.over_spark_json} = 3 ÷ 2.
 * Checksums: 1 counts the lines, 2 the wanted posts; shard's manifest must show the same input
 * records and output rows.
 *
 * <p>The dump is generated deterministically from the seed (datafaker's quotes as words, a fixed
 * subreddit mix, the field variants of real dumps: {@code edited} false/true/epoch seconds,
 * {@code created_utc} integer/float/string, link posts with empty selftexts, long selftexts up to
 * 20 kB, {@code \\uXXXX} escapes as Pushshift's ASCII JSON writes them). Size: 2,200 MB of JSON in
 * 12 files, 32 MB in 3 with {@code --quick}; {@code CHARSPARK_BENCH_SHARD_MB} overrides. The full
 * size is cached (not regenerated) under {@code CHARSPARK_BENCH_CACHE} (default
 * {@code ~/.cache/charspark/bench}); the quick size goes to the bench's scratch directory.
 */
final class ShardBench {
  static final String TARGET = "StarWars";
  static final double TARGET_SHARE = 0.015;

  private ShardBench() {}

  record Plan(long megabytes, int files, boolean allRowsOneLabel) {}

  static Plan plan(boolean quick) {
    String env = System.getenv("CHARSPARK_BENCH_SHARD_MB");
    long mb = env != null && !env.isBlank() ? Long.parseLong(env.trim()) : quick ? 32 : 2200;
    return new Plan(mb, quick ? 3 : 12, !quick);
  }

  static Map<String, Object> run(SparkSession spark, Bench.Options o, Path scratch,
      Map<String, Object> keys, Consumer<String> log) {
    Plan plan = plan(o.quick());
    Path dir = o.quick() ? scratch.resolve("dump") : cacheDir().resolve("shard-dump-v2-" + plan.megabytes() + "mb-"
        + plan.files() + "files-seed" + o.seed());
    Corpus corpus = generate(dir, plan, o.seed(), log);
    List<String> files = new ArrayList<>();
    for (Path p : corpus.files()) files.add(p.toString());
    List<String> warm = List.of(files.get(0));
    double mb = corpus.jsonBytes() / 1e6;
    double zmb = corpus.compressedBytes() / 1e6;
    log.accept(String.format(Locale.ROOT, "bench shard: %,d posts (%,d in r/%s), %.1f MB of JSON lines in %d"
            + " .zst files of %.1f MB (ratio %.2f) in %s", corpus.lines(), corpus.wanted(), TARGET, mb,
        files.size(), zmb, mb / zmb, dir));

    // 1. The floor: decompress and cut lines.
    int[] textTasks = {0};
    Timing textT = Timing.measure(o.reps(), () -> spark.read().text(warm.toArray(String[]::new)).count(), () -> {
      var df = spark.read().text(files.toArray(String[]::new));
      textTasks[0] = df.rdd().getNumPartitions();
      return df.count();
    });
    // 2. Spark's JSON reader with an explicit schema, the same filter, count.
    StructType schema = new StructType();
    for (String f : List.of("id", "name", "created_utc", "retrieved_on", "subreddit", "title", "selftext",
        "spoiler", "over_18", "score", "num_comments", "domain")) {
      schema = schema.add(f, DataTypes.StringType);
    }
    StructType s = schema;
    int[] jsonTasks = {0};
    Timing jsonT = Timing.measure(o.reps(), () -> wantedBySpark(spark, s, warm, jsonTasks), () -> wantedBySpark(spark, s, files, jsonTasks));
    // 3a. charspark's reading alone (pre-check, parse, cache): where shard's time goes.
    io.charspark.data.SubredditPrefilter pre = io.charspark.data.SubredditPrefilter.of(List.of(TARGET));
    Timing readT = Timing.measure(o.reps(), () -> charsparkRead(spark, warm, pre), () -> charsparkRead(spark, files, pre));
    // 3. charspark shard end to end.
    CharsparkConfig cfg = CharsparkConfig.load(null, List.of("workload=spoilers", "input.subreddits=[" + TARGET + "]",
        "input.label_field=spoiler", "shard.files_per_split=2"));
    AtomicInteger shardTasks = new AtomicInteger();
    AtomicReference<Manifest> last = new AtomicReference<>();
    Path out = scratch.resolve("shards");
    Timing shardT = Timing.measure(o.reps(), () -> shard(spark, cfg, warm, out, shardTasks, last, log),
        () -> shard(spark, cfg, files, out, shardTasks, last, log));
    Manifest m = last.get();
    if (textT.checksum() != corpus.lines() || m.inputRecords != corpus.lines()) {
      throw new IllegalStateException("line counts differ: generated " + corpus.lines() + ", text scan "
          + textT.checksum() + ", shard input_records " + m.inputRecords);
    }
    if (jsonT.checksum() != corpus.wanted() || m.outputRows != corpus.wanted()) {
      throw new IllegalStateException("r/" + TARGET + " posts differ: generated " + corpus.wanted() + ", Spark JSON "
          + jsonT.checksum() + ", shard output_rows " + m.outputRows);
    }

    double overText = textT.median() / shardT.median();
    double overJson = jsonT.median() / shardT.median();
    keys.put("shard.over_text_scan", overText);
    keys.put("shard.over_spark_json", overJson);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("dump", Map.of("dir", dir.toString(), "files", files.size(), "posts", corpus.lines(),
        "target_posts", corpus.wanted(), "target", "r/" + TARGET, "json_mb", mb, "zst_mb", zmb,
        "compression_ratio", mb / zmb, "zstd", "level 3, windowLog 31 (zstd --long=31)"));
    r.put("text_scan", with(textT, mb, zmb, corpus.lines(), textTasks[0],
        "spark.read().text(files).count()"));
    r.put("spark_json", with(jsonT, mb, zmb, corpus.lines(), jsonTasks[0],
        "spark.read().schema(12 string fields).json(files).filter(lower(subreddit) IN ('starwars')).count()"));
    r.put("charspark_shard", with(shardT, mb, zmb, corpus.lines(), shardTasks.get(),
        "Sharder.run(workload=spoilers, input.subreddits=[StarWars]): pre-check, parse, manifest, dedupe, split, Parquet"));
    r.put("charspark_read", with(readT, mb, zmb, corpus.lines(), shardTasks.get(),
        "RedditIngest.ingest with the pre-check + count: reading, pre-check and parse alone, no shard jobs"));
    r.put("manifest", Map.of("input_records", m.inputRecords, "output_rows", m.outputRows, "filtered", m.filtered,
        "splits", m.splits, "rejected", m.rejected));
    r.put("shard_over_text_scan", overText);
    r.put("shard_over_spark_json", overJson);
    r.put("warm_up", "each contender once on the first file");
    log.accept(line("text scan", textT, mb, corpus.lines(), textTasks[0]));
    log.accept(line("Spark JSON + filter", jsonT, mb, corpus.lines(), jsonTasks[0]));
    log.accept(line("charspark read (pre-check + parse)", readT, mb, corpus.lines(), shardTasks.get()));
    log.accept(line("charspark shard", shardT, mb, corpus.lines(), shardTasks.get()));
    log.accept(String.format(Locale.ROOT, "bench shard: shard / text scan %.2f (target 0.5), shard / Spark JSON %.2f (target 1.0)",
        overText, overJson));

    if (plan.allRowsOneLabel()) {
      // The language-model configuration with no subreddit filter: every post in one stratum.
      CharsparkConfig lm = CharsparkConfig.load(null, List.of("workload=showerthoughts", "input.subreddits=[]",
          "input.label_field=\"\"", "input.text=title", "shard.files_per_split=4"));
      AtomicReference<Manifest> lmLast = new AtomicReference<>();
      AtomicInteger lmTasks = new AtomicInteger();
      Timing lmT = Timing.measure(1, () -> 0L, () -> shard(spark, lm, files, out, lmTasks, lmLast, log));
      Manifest lmM = lmLast.get();
      Map<String, Object> lr = with(lmT, mb, zmb, corpus.lines(), lmTasks.get(),
          "Sharder.run(workload=showerthoughts, input.subreddits=[]): all posts, one label, exact split");
      lr.put("output_rows", lmM.outputRows);
      lr.put("splits", lmM.splits);
      r.put("charspark_shard_all_rows_one_label", lr);
      log.accept(line("charspark shard, all rows one label", lmT, mb, corpus.lines(), lmTasks.get()));
    }
    OutputDir.deleteRecursively(out);
    return r;
  }

  private static long wantedBySpark(SparkSession spark, StructType schema, List<String> files, int[] tasks) {
    var df = spark.read().schema(schema).json(files.toArray(String[]::new));
    tasks[0] = df.rdd().getNumPartitions();
    return df.filter(lower(col("subreddit")).isin(TARGET.toLowerCase(Locale.ROOT))).count();
  }

  private static long charsparkRead(SparkSession spark, List<String> files,
      io.charspark.data.SubredditPrefilter pre) {
    var in = io.charspark.data.InputFiles.expand(files, spark.sparkContext().hadoopConfiguration());
    try (var ingest = io.charspark.data.RedditIngest.ingest(spark, in, "spoiler", true,
        io.charspark.data.RedditIngest.OnCorruptFile.FAIL, pre)) {
      return ingest.rows().count();
    }
  }

  private static final Pattern TASKS = Pattern.compile("read by (\\d+) task");

  private static long shard(SparkSession spark, CharsparkConfig cfg, List<String> files, Path out,
      AtomicInteger tasks, AtomicReference<Manifest> last, Consumer<String> log) {
    Manifest m = Sharder.run(spark, cfg, files, out, true, line -> {
      Matcher t = TASKS.matcher(line);
      if (t.find()) tasks.set(Integer.parseInt(t.group(1)));
    });
    last.set(m);
    return m.outputRows;
  }

  private static Map<String, Object> with(Timing t, double mb, double zmb, long rows, int tasks, String what) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("what", what);
    m.put("read_tasks", tasks);
    m.putAll(t.describe("json_mb", mb));
    m.putAll(t.describe("zst_mb", zmb));
    m.putAll(t.describe("rows", rows));
    return m;
  }

  private static String line(String what, Timing t, double mb, long rows, int tasks) {
    return String.format(Locale.ROOT, "bench shard: %-36s %7.1f MB/s of JSON, %,10.0f rows/s (%.2f s median, %.2f-%.2f; %d read tasks; %.2f CPU s per s)",
        what, mb / t.median(), rows / t.median(), t.median(), t.min(), t.max(), tasks, t.cpuPerWall());
  }

  static Path cacheDir() {
    String env = System.getenv("CHARSPARK_BENCH_CACHE");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "charspark", "bench");
  }

  /** The generated dump: its files, lines, posts of the target subreddit and sizes. */
  record Corpus(List<Path> files, long lines, long wanted, long jsonBytes, long compressedBytes) {}

  /** Writes the dump into {@code dir} unless a complete one is there (its {@code _COMPLETE} file). */
  static Corpus generate(Path dir, Plan plan, long seed, Consumer<String> log) {
    Path done = dir.resolve("_COMPLETE");
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < plan.files(); f++) files.add(dir.resolve(String.format(Locale.ROOT, "RS_2022-%02d.zst", f + 1)));
    try {
      if (Files.exists(done)) {
        String[] p = Files.readString(done).trim().split(" ");
        long z = 0;
        for (Path f : files) z += Files.size(f);
        return new Corpus(files, Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), z);
      }
      OutputDir.deleteRecursively(dir);
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      Generator g = new Generator(seed);
      long perFile = plan.megabytes() * 1_000_000L / plan.files();
      long lines = 0;
      long wanted = 0;
      long bytes = 0;
      long z = 0;
      for (Path f : files) {
        try (OutputStream os = new BufferedOutputStream(new ZstdOutputStream(Files.newOutputStream(f), 3).setLong(31), 1 << 20)) {
          long written = 0;
          while (written < perFile) {
            byte[] b = g.post().getBytes(StandardCharsets.UTF_8);
            os.write(b);
            os.write('\n');
            written += b.length + 1;
            lines++;
            if (g.lastWanted) wanted++;
          }
          bytes += written;
        }
        z += Files.size(f);
      }
      Files.writeString(done, lines + " " + wanted + " " + bytes + "\n");
      log.accept(String.format(Locale.ROOT, "bench shard: generated %,d posts, %.1f MB of JSON in %.1f s", lines,
          bytes / 1e6, (System.nanoTime() - t0) / 1e9));
      return new Corpus(files, lines, wanted, bytes, z);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the shard benchmark's dump in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Pushshift-like submissions, one JSON line each (ASCII JSON: non-ASCII as \\uXXXX escapes). */
  static final class Generator {
    private final SplittableRandom r;
    private final String[] words;
    private final String[] subs;
    private final double[] cumulative;
    private long n;
    boolean lastWanted;

    Generator(long seed) {
      r = new SplittableRandom(seed);
      List<String> w = new ArrayList<>();
      for (String q : DemoCorpus.starWarsQuotes()) for (String t : q.split("\\s+")) if (!t.isBlank()) w.add(t);
      for (String q : DemoCorpus.otherQuotes()) for (String t : q.split("\\s+")) if (!t.isBlank()) w.add(t);
      words = w.toArray(String[]::new);
      String[] real = {"AskReddit", "memes", "funny", "gaming", "politics", "pics", "news", "worldnews", "aww",
          "teenagers", "Showerthoughts", "movies", "PrequelMemes", "starwarsmemes", "StarWarsLeaks", "mildlyinteresting",
          "todayilearned", "videos", "AmItheAsshole", "relationship_advice", "NoStupidQuestions", "CryptoCurrency",
          "wallstreetbets", "Music", "leagueoflegends", "nba", "soccer", "science", "technology", "dankmemes"};
      subs = new String[400];
      cumulative = new double[subs.length];
      double total = 0;
      for (int i = 0; i < subs.length; i++) {
        subs[i] = i < real.length ? real[i] : "sub_" + Long.toString(0x5bd1e995L * (i + 1) & 0xffffffL, 36);
        total += 1.0 / (i + 1); // Zipf-like: a few big subreddits, a long tail
        cumulative[i] = total;
      }
      for (int i = 0; i < subs.length; i++) cumulative[i] /= total;
    }

    private String sub() {
      double u = r.nextDouble();
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      return subs[lo];
    }

    private void words(StringBuilder b, int count) {
      for (int i = 0; i < count; i++) {
        if (i > 0) b.append(r.nextInt(40) == 0 ? "\\n\\n" : " ");
        int k = r.nextInt(200);
        if (k == 0) b.append("\\ud83d\\ude02"); // an emoji, as Pushshift's ASCII JSON writes it
        else if (k == 1) b.append("don\\u2019t");
        else {
          String w = words[r.nextInt(words.length)];
          for (int c = 0; c < w.length(); c++) {
            char ch = w.charAt(c);
            if (ch == '"' || ch == '\\') b.append('\\').append(ch);
            else if (ch >= 128) b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            else if (ch >= 32) b.append(ch);
          }
        }
      }
    }

    String post() {
      n++;
      boolean wanted = r.nextDouble() < TARGET_SHARE;
      lastWanted = wanted;
      String sub = wanted ? (r.nextInt(10) == 0 ? "starwars" : TARGET) : sub();
      String id = Long.toString(0x1000000L + n * 7919L, 36);
      long created = 1_640_995_200L + r.nextInt(31 * 86_400);
      StringBuilder b = new StringBuilder(2048);
      b.append("{\"all_awardings\":[],\"allow_live_comments\":false,\"archived\":false,\"author\":\"user_")
          .append(Long.toString(r.nextLong() & 0xffffffffL, 36))
          .append("\",\"author_flair_css_class\":null,\"author_flair_text\":null,\"author_fullname\":\"t2_")
          .append(Long.toString(r.nextLong() & 0xfffffffL, 36))
          .append("\",\"can_gild\":true,\"contest_mode\":false,\"created_utc\":");
      switch (r.nextInt(8)) {
        case 0 -> b.append(created).append(".0");
        case 1 -> b.append('"').append(created).append('"');
        default -> b.append(created);
      }
      boolean self = r.nextInt(2) == 0;
      b.append(",\"domain\":\"").append(self ? "self." + sub : "i.redd.it").append("\",\"edited\":");
      int e = r.nextInt(20);
      b.append(e < 17 ? "false" : e == 17 ? "true" : String.valueOf(created + r.nextInt(86_400)));
      b.append(",\"gilded\":0,\"hidden\":false,\"id\":\"").append(id)
          .append("\",\"is_self\":").append(self).append(",\"link_flair_text\":null,\"locked\":false,\"media\":null,\"name\":\"t3_")
          .append(id).append("\",\"num_comments\":").append(r.nextInt(500)).append(",\"over_18\":")
          .append(r.nextInt(50) == 0).append(",\"permalink\":\"/r/").append(sub).append("/comments/").append(id)
          .append("/\",\"pinned\":false,\"retrieved_on\":").append(created + 3_600 + r.nextInt(86_400))
          .append(",\"score\":").append(r.nextInt(1000)).append(",\"selftext\":\"");
      if (self) {
        int k = r.nextInt(100);
        int count = k < 60 ? 10 + r.nextInt(60) : k < 95 ? 100 + r.nextInt(400) : 1500 + r.nextInt(2000);
        words(b, count);
        // 0.5% of the other posts mention the target: lines the pre-check keeps and the filter drops.
        if (!wanted && r.nextInt(200) == 0) b.append(" see r/").append(TARGET);
      }
      b.append("\",\"spoiler\":").append(wanted && r.nextInt(5) == 0)
          .append(",\"stickied\":false,\"subreddit\":\"").append(sub).append("\",\"subreddit_id\":\"t5_")
          .append(Integer.toString(sub.hashCode() & 0xfffffff, 36))
          .append("\",\"subreddit_subscribers\":").append(1000 + (sub.hashCode() & 0xfffff))
          .append(",\"thumbnail\":\"").append(self ? "self" : "https://b.thumbs.redditmedia.com/x.jpg")
          .append("\",\"title\":\"");
      words(b, 4 + r.nextInt(16));
      b.append("\",\"total_awards_received\":0,\"url\":\"")
          .append(self ? "https://www.reddit.com/r/" + sub + "/comments/" + id + "/" : "https://i.redd.it/" + id + ".jpg")
          .append("\",\"whitelist_status\":\"all_ads\"}");
      return b.toString();
    }
  }
}
