package io.charspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.demo.DemoCorpus;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shard on the generated corpus: every format, every fault, the manifest and the split. */
class ShardTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path corpus;
  static Manifest manifest;
  static Path shards;
  static final CharsparkConfig CFG =
      CharsparkConfig.load(Path.of("../conf/spoilers.conf"), List.of("shard.files_per_split=2"));

  @BeforeAll
  static void shardTheDemoCorpus() {
    corpus = tmp.resolve("corpus");
    DemoCorpus.write(corpus, 1500, 42, false);
    shards = tmp.resolve("shards");
    manifest = Sharder.run(spark, CFG, List.of(corpus.toString()), shards, false, s -> {});
  }

  @Test
  void generatorIsByteIdentical() throws IOException {
    Path again = tmp.resolve("again");
    DemoCorpus.write(again, 1500, 42, false);
    for (String f : List.of("RS_2016-03.zst", "RS_2017-07.bz2", "RS_2018-11.gz", "RS_2019-05.jsonl", "api/listing-0001.json")) {
      assertTrue(java.util.Arrays.equals(Files.readAllBytes(corpus.resolve(f)), Files.readAllBytes(again.resolve(f))), f);
    }
  }

  @Test
  void manifestAccountsForEveryRecordAndEveryFault() {
    assertTrue(manifest.balanced(), "input_records == output_rows + rejected + filtered + duplicates");
    assertEquals(manifest.inputRecords,
        manifest.outputRows + Manifest.sum(manifest.rejected) + Manifest.sum(manifest.filtered) + manifest.duplicates);
    Map<String, Integer> faults = DemoCorpus.faults();
    for (String reason : List.of("malformed_json", "blank_line", "not_a_json_object", "missing_id",
        "missing_label", "bad_created_utc", "not_a_submission")) {
      assertEquals((long) faults.get(reason), manifest.rejected.get(reason), reason);
    }
    assertTrue(manifest.filtered.get("subreddit") > 0);
    assertTrue(manifest.duplicates > 0 && manifest.duplicates <= faults.get("duplicates"));
    // The manifest on disk says the same, and the rejected records are there with their reasons.
    Manifest disk = Json.read(shards.resolve("manifest.json"), Manifest.class);
    assertEquals(manifest.inputRecords, disk.inputRecords);
    long rejectedOnDisk = spark.read().json(shards.resolve("rejected").toString()).count();
    assertEquals(Manifest.sum(manifest.rejected), rejectedOnDisk);
    assertTrue(Files.exists(shards.resolve("config.conf")));
    assertTrue(Files.exists(shards.resolve(OutputDir.SUCCESS)));
  }

  @Test
  void everyFormatContributesRows() {
    Map<String, Long> bySource = new HashMap<>();
    for (Map<String, String> in : manifest.inputs) bySource.put(in.get("compression") + "/" + in.get("layout"), 1L);
    assertTrue(bySource.keySet().containsAll(List.of("zst/lines", "bz2/lines", "gz/lines", "none/lines", "none/document")),
        bySource.toString());
    long rows = 0;
    for (String s : Sharder.SPLITS) rows += spark.read().parquet(shards.resolve(s).toString()).count();
    assertEquals(manifest.outputRows, rows);
    assertEquals(CFG.filesPerSplit,
        spark.read().parquet(shards.resolve("train").toString()).inputFiles().length);
  }

  @Test
  void duplicatesKeepTheLatestRetrieval() {
    List<Row> dup = spark.read().parquet(splitDirs(shards))
        .groupBy("id").count().filter("count > 1").collectAsList();
    assertTrue(dup.isEmpty(), "ids appear once across all splits");
    // The kept copy is the one with the LATEST retrieved_on (the generator's later copies also
    // carry score + 1), not merely one of them.
    org.apache.spark.sql.Dataset<Row> raw = RedditIngest.read(spark,
        InputFiles.expand(List.of(corpus.toString()), spark.sparkContext().hadoopConfiguration()), "spoiler", true);
    List<Row> copies = raw.filter("reject_reason is null").groupBy("id")
        .agg(org.apache.spark.sql.functions.count("*").as("n"),
            org.apache.spark.sql.functions.max("retrieved_on").as("latest"),
            org.apache.spark.sql.functions.min("retrieved_on").as("earliest"))
        .filter("n > 1").select("id", "latest", "earliest").collectAsList();
    raw.unpersist();
    Map<String, Row> kept = new HashMap<>();
    for (Row r : spark.read().parquet(splitDirs(shards)).collectAsList()) kept.put(r.getAs("id"), r);
    int checked = 0;
    for (Row c : copies) {
      Row k = kept.get(c.getString(0));
      if (k == null) continue; // filtered (another subreddit)
      assertEquals(c.getLong(1), (long) k.getAs("retrieved_on"), "id " + c.getString(0));
      checked++;
    }
    assertTrue(checked >= 10, "duplicated ids checked: " + checked);
    assertTrue(copies.stream().filter(c -> c.getLong(1) > c.getLong(2)).count() >= 10,
        "copies with different retrieval times, so the check can fail");
    assertEquals(0, manifest.duplicatesWithoutRetrievalTime);
  }

  @Test
  void splitIsStratifiedAndFollowsTheFractions() {
    double overall = (double) (manifest.labelCounts.values().stream().mapToLong(m -> m.getOrDefault("1", 0L)).sum())
        / manifest.outputRows;
    for (String s : Sharder.SPLITS) {
      assertEquals(overall, manifest.positiveRate(s), 0.01, "positive rate of " + s);
    }
    assertEquals(0.8, (double) manifest.splits.get("train") / manifest.outputRows, 0.01);
    assertEquals(0.1, (double) manifest.splits.get("validation") / manifest.outputRows, 0.01);
  }

  @Test
  void splitIsDeterministicAndIndependentOfInputOrder() {
    Path again = tmp.resolve("shards-reversed");
    List<String> inputs = new ArrayList<>(List.of(
        corpus.resolve("api").toString(), corpus.resolve("RS_2019-05.jsonl").toString(),
        corpus.resolve("RS_2018-11.gz").toString(), corpus.resolve("RS_2017-07.bz2").toString(),
        corpus.resolve("RS_2016-03.zst").toString()));
    Manifest m2 = Sharder.run(spark, CFG, inputs, again, false, s -> {});
    assertEquals(manifest.splits, m2.splits);
    for (String s : Sharder.SPLITS) {
      List<String> a = ids(shards.resolve(s));
      List<String> b = ids(again.resolve(s));
      assertEquals(a, b, "ids of " + s);
    }
    // A different salt draws a different split.
    Manifest m3 = Sharder.run(spark,
        CharsparkConfig.load(Path.of("../conf/spoilers.conf"), List.of("split.salt=other")),
        List.of(corpus.toString()), tmp.resolve("shards-salt"), false, s -> {});
    assertEquals(manifest.outputRows, m3.outputRows);
    assertFalse(ids(shards.resolve("test")).equals(ids(tmp.resolve("shards-salt").resolve("test"))));
  }

  @Test
  void filtersByDateAndCountsWhy() {
    CharsparkConfig cfg = CharsparkConfig.load(Path.of("../conf/spoilers.conf"),
        List.of("input.from=2016-06-01", "input.until=2018-01-01", "input.subreddits=[]"));
    Manifest m = Sharder.run(spark, cfg, List.of(corpus.toString()), tmp.resolve("dated"), false, s -> {});
    assertTrue(m.balanced());
    assertTrue(m.filtered.get("before_from") > 0);
    assertTrue(m.filtered.get("after_until") > 0);
    assertEquals(null, m.filtered.get("subreddit"));
    long minCreated = spark.read().parquet(splitDirs(tmp.resolve("dated")))
        .agg(org.apache.spark.sql.functions.min("created_utc")).first().getLong(0);
    assertTrue(minCreated >= java.time.LocalDate.parse("2016-06-01").toEpochDay() * 86400);
  }

  @Test
  void emptyResultMissingInputAndExistingOutputAreClearErrorsLeavingNothing() {
    CharsparkConfig none = CharsparkConfig.load(Path.of("../conf/spoilers.conf"), List.of("input.subreddits=[nosuchsub]"));
    Path out = tmp.resolve("empty");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Sharder.run(spark, none, List.of(corpus.toString()), out, false, s -> {}));
    assertTrue(e.getMessage().startsWith("No rows left after filtering"), e.getMessage());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(OutputDir.inProgressPath(out)));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Sharder.run(spark, CFG, List.of(tmp.resolve("nope").toString()), tmp.resolve("x"), false, s -> {}));
    assertTrue(missing.getMessage().startsWith("Input path not found"), missing.getMessage());
    IllegalStateException exists = assertThrows(IllegalStateException.class,
        () -> Sharder.run(spark, CFG, List.of(corpus.toString()), shards, false, s -> {}));
    assertTrue(exists.getMessage().contains("already exists"));
  }

  @Test
  void unknownAndUnsupportedFormatsAreNamed() throws IOException {
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("posts.csv"), "id,title\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sharder.run(spark, CFG, List.of(bad.toString()), tmp.resolve("y"), false, s -> {}));
    assertTrue(e.getMessage().startsWith("Unknown input format") && e.getMessage().contains("posts.csv"));
    assertThrows(IllegalArgumentException.class, () -> InputFiles.classify("/x/RS_2011-01.7z"));
    assertEquals("xz", InputFiles.classify("/x/RS_2011-01.xz").compression());
  }

  @Test
  void zstdWithA2To31WindowNeedsTheLongDecoderAndSparkReadsIt() throws Exception {
    // Written like the real dumps, by Debian's zstd with --long=31 (installed by .ci/run).
    Path zstd = Path.of("/usr/bin/zstd");
    assertTrue(Files.isExecutable(zstd), "this test needs Debian's zstd: apt-get install -y zstd");
    Path dir = tmp.resolve("zst");
    Files.createDirectories(dir);
    Path plain = tmp.resolve("RS_2017-01");
    String line = "{\"id\":\"%s\",\"subreddit\":\"StarWars\",\"title\":\"%s\",\"spoiler\":false,\"created_utc\":1500000000}\n";
    java.util.Random rnd = new java.util.Random(1);
    byte[] filler = new byte[1 << 20];
    try (java.io.OutputStream os = Files.newOutputStream(plain)) {
      for (int i = 0; i < 3; i++) os.write(String.format(line, "z" + i, "title " + i).getBytes(StandardCharsets.UTF_8));
      // 110 posts with 1.3 MB titles of incompressible text: the frame needs a window above 2^27.
      for (int i = 0; i < 110; i++) {
        rnd.nextBytes(filler);
        os.write(String.format(line, "big" + i, java.util.Base64.getEncoder().encodeToString(filler))
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    Path zst = dir.resolve("RS_2017-01.zst");
    Process p = new ProcessBuilder(zstd.toString(), "-q", "-f", "--long=31", plain.toString(), "-o", zst.toString())
        .inheritIO().start();
    assertEquals(0, p.waitFor());
    Files.delete(plain);
    IOException refused = assertThrows(IOException.class, () -> {
      try (ZstdInputStream in = new ZstdInputStream(Files.newInputStream(zst))) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    });
    assertTrue(refused.getMessage().contains("too much memory"), refused.getMessage());
    List<Row> rows = RedditIngest.read(spark,
        InputFiles.expand(List.of(dir.toString()), spark.sparkContext().hadoopConfiguration()), "spoiler", true)
        .select("id", "reject_reason").collectAsList();
    assertEquals(113, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.isNullAt(1)), "every record parsed");
  }

  @Test
  void shardsCarryTheNullableMetadataColumns() {
    org.apache.spark.sql.Dataset<Row> all = spark.read().parquet(splitDirs(shards));
    assertEquals(List.of(Sharder.COLUMNS), List.of(all.columns()));
    org.apache.spark.sql.types.StructType t = all.schema();
    assertEquals(org.apache.spark.sql.types.DataTypes.BooleanType, t.apply("over_18").dataType());
    assertEquals(org.apache.spark.sql.types.DataTypes.LongType, t.apply("score").dataType());
    assertEquals(org.apache.spark.sql.types.DataTypes.LongType, t.apply("num_comments").dataType());
    assertEquals(org.apache.spark.sql.types.DataTypes.StringType, t.apply("domain").dataType());
    for (String c : List.of("over_18", "score", "num_comments", "domain")) assertTrue(t.apply(c).nullable(), c);
    Row r = all.selectExpr(
            "count(*)", "count(score)", "count(domain)", "count(num_comments)", "count(over_18)",
            "sum(cast(over_18 as int))", "sum(cast(domain like 'self.%' as int))")
        .first();
    long n = r.getLong(0);
    assertTrue(r.getLong(1) < n && r.getLong(1) > 0.9 * n, "some scores missing: " + r);
    assertTrue(r.getLong(2) < n && r.getLong(2) > 0.9 * n, "some domains missing: " + r);
    assertEquals(n, r.getLong(3), "num_comments always present (ints and floats)");
    assertEquals(n, r.getLong(4), "over_18 always present");
    assertTrue(r.getLong(5) < 0.05 * n && r.getLong(6) > 0, r.toString());
  }

  static String[] splitDirs(Path dir) {
    return Sharder.SPLITS.stream().map(s -> dir.resolve(s).toString()).toArray(String[]::new);
  }

  static List<String> ids(Path dir) {
    return spark.read().parquet(dir.toString()).select("id").orderBy("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }
}
