package io.charspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.RedditIngest.CorruptInputException;
import io.charspark.etl.SparkCharEtl;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-dump faults (issue 15), each on small files written here and, where the format matters,
 * compressed by Debian's own {@code zstd}, {@code gzip}, {@code bzip2} and {@code xz} (installed by
 * .ci/run): retrieval-time variants in de-duplication, BOMs, UTF-16, lone surrogates, truncated and
 * damaged compressed files, {@code .xz}. Every manifest here balances exactly.
 */
class IngestFaultsTest extends SparkTestBase {
  @TempDir Path tmp;

  static final CharsparkConfig CFG =
      CharsparkConfig.load(Path.of("../conf/spoilers.conf"), List.of("shard.files_per_split=1"));
  static final CharsparkConfig SKIP =
      CharsparkConfig.load(Path.of("../conf/spoilers.conf"),
          List.of("shard.files_per_split=1", "input.on_corrupt_file=skip"));

  static String post(String id, String title, String selftext, String extra) {
    return "{\"id\":\"" + id + "\",\"subreddit\":\"StarWars\",\"title\":\"" + title + "\",\"selftext\":\""
        + selftext + "\",\"spoiler\":false,\"created_utc\":1590000000" + extra + "}";
  }

  /** {@code n} distinct posts (ids p0..), with enough varied text that compressed files span many blocks. */
  static String posts(String prefix, int n) {
    StringBuilder sb = new StringBuilder();
    java.util.Random rnd = new java.util.Random(prefix.hashCode());
    for (int i = 0; i < n; i++) {
      StringBuilder words = new StringBuilder();
      for (int w = 0; w < 30; w++) words.append(Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36)).append(' ');
      sb.append(post(prefix + i, "Title " + i, words.toString().trim(), ",\"retrieved_on\":1590000100")).append('\n');
    }
    return sb.toString();
  }

  static void exec(String... cmd) throws IOException, InterruptedException {
    Path tool = Path.of("/usr/bin", cmd[0]);
    assertTrue(Files.isExecutable(tool), "this test needs Debian's " + cmd[0] + " (installed by .ci/run)");
    cmd[0] = tool.toString();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
  }

  /** Writes {@code text} to {@code dir/name} compressed by the real tool for its extension. */
  static Path compressed(Path dir, String name, String text) throws Exception {
    Files.createDirectories(dir);
    Path out = dir.resolve(name);
    Path plain = dir.resolve("." + name + ".plain");
    Files.writeString(plain, text);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    switch (ext) {
      case "zst" -> exec("zstd", "-q", "-f", "--long=31", plain.toString(), "-o", out.toString());
      case "gz" -> exec("sh", "-c", "gzip -c -n '" + plain + "' > '" + out + "'");
      case "bz2" -> exec("sh", "-c", "bzip2 -c '" + plain + "' > '" + out + "'");
      case "xz" -> exec("sh", "-c", "xz -c '" + plain + "' > '" + out + "'");
      default -> throw new IllegalArgumentException(ext);
    }
    Files.delete(plain);
    return out;
  }

  /** Keeps the first half of a file: a download that stopped. Returns the new size. */
  static long truncate(Path f) throws IOException {
    byte[] b = Files.readAllBytes(f);
    byte[] half = java.util.Arrays.copyOf(b, b.length / 2);
    Files.write(f, half);
    return half.length;
  }

  static void assertBalanced(Manifest m) {
    assertEquals(m.inputRecords,
        m.outputRows + Manifest.sum(m.rejected) + Manifest.sum(m.filtered) + m.duplicates, "manifest invariant");
  }

  static List<Row> shardRows(Path dir) {
    return spark.read().parquet(ShardTest.splitDirs(dir)).orderBy("id").collectAsList();
  }

  // --- 0. input parallelism: a .bz2 dump read in several byte ranges, each line once ---

  @Test
  void aBz2DumpIsReadInSeveralRangesEveryLineOnceAndThePreCheckCountsWhatItDrops() throws Exception {
    Path in = tmp.resolve("bz2split");
    Files.createDirectories(in);
    StringBuilder text = new StringBuilder(posts("b", 4000));
    // 2,000 posts of another subreddit: dropped unparsed by the pre-check, counted as filtered.subreddit.
    for (String line : posts("o", 2000).split("\n")) text.append(line.replace("StarWars", "PrequelMemes")).append('\n');
    Path plain = in.resolve(".plain");
    Files.writeString(plain, text);
    Path bz2 = in.resolve("RS_2019-09.bz2");
    exec("sh", "-c", "bzip2 -1 -c '" + plain + "' > '" + bz2 + "'"); // 100 kB blocks: many of them
    Files.delete(plain);
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    List<String> log = new ArrayList<>();
    Manifest m;
    try {
      spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(Files.size(bz2) / 6));
      m = Sharder.run(spark, CFG, List.of(bz2.toString()), tmp.resolve("bz2-shards"), false, log::add);
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
    String read = log.stream().filter(l -> l.contains("read by")).findFirst().orElseThrow();
    int splits = Integer.parseInt(read.replaceAll(".*task\\(s\\): (\\d+) split.*", "$1"));
    assertTrue(splits >= 6, read);
    assertEquals(6000, m.inputRecords);
    assertEquals(4000, m.outputRows);
    assertEquals(Map.of("subreddit", 2000L), m.filtered);
    assertEquals(0, m.duplicates);
    assertBalanced(m);
    List<Row> rows = shardRows(tmp.resolve("bz2-shards"));
    assertEquals(4000, rows.stream().map(r -> r.getString(0)).distinct().count());
  }

  // --- 1. retrieval time under another name; tie-break without one ---

  @Test
  void retrievedUtcCopiesKeepTheLatestAndTiesAreCountedAndDeterministic() throws IOException {
    Path in = tmp.resolve("dup");
    Files.createDirectories(in);
    // Dumps of 2020-05 … 2021-06: retrieved_utc. The later copy comes FIRST in text order.
    Files.writeString(in.resolve("RS_2020-06.jsonl"),
        post("abc1", "A trailer", "zz later copy", ",\"retrieved_utc\":1593600000") + "\n"
            + post("abc1", "A trailer", "aa earlier copy", ",\"retrieved_utc\":1591003600") + "\n"
            // Two copies without any retrieval time, and a lone post.
            + post("tie1", "Tie", "first text", "") + "\n"
            + post("solo", "Solo", "only copy", "") + "\n");
    Files.writeString(in.resolve("RS_2020-07.jsonl"), post("tie1", "Tie", "second text", "") + "\n");
    Manifest m = Sharder.run(spark, CFG, List.of(in.toString()), tmp.resolve("out"), false, s -> {});
    assertBalanced(m);
    assertEquals(5, m.inputRecords);
    assertEquals(3, m.outputRows);
    assertEquals(2, m.duplicates);
    assertEquals(1, m.duplicatesWithoutRetrievalTime, "tie1 only: abc1 has retrieval times");
    List<Row> rows = shardRows(tmp.resolve("out"));
    Row abc = rows.stream().filter(r -> r.getAs("id").equals("abc1")).findFirst().orElseThrow();
    assertEquals(1593600000L, (long) abc.getAs("retrieved_on"));
    assertEquals("zz later copy", abc.getAs("selftext"));
    // The tie-break is the content hash: the same copy wins whatever the order of the files.
    Path rev = tmp.resolve("dup-rev");
    Files.createDirectories(rev);
    Files.writeString(rev.resolve("a.jsonl"), post("tie1", "Tie", "second text", "") + "\n");
    Files.writeString(rev.resolve("b.jsonl"), post("tie1", "Tie", "first text", "") + "\n");
    Manifest m2 = Sharder.run(spark, CFG, List.of(rev.toString()), tmp.resolve("out-rev"), false, s -> {});
    assertEquals(1, m2.duplicatesWithoutRetrievalTime);
    String winner = rows.stream().filter(r -> r.getAs("id").equals("tie1")).findFirst().orElseThrow().getAs("selftext");
    assertEquals(winner, shardRows(tmp.resolve("out-rev")).get(0).getAs("selftext"));
    // And it is the copy whose content hash is smaller, as docs/ingest.md says.
    List<Row> hashed = spark.createDataFrame(List.of(
                org.apache.spark.sql.RowFactory.create("Tie", "first text", "StarWars", 1590000000L, 0, null, null, null, null),
                org.apache.spark.sql.RowFactory.create("Tie", "second text", "StarWars", 1590000000L, 0, null, null, null, null)),
            new org.apache.spark.sql.types.StructType()
                .add("title", "string").add("selftext", "string").add("subreddit", "string")
                .add("created_utc", "long").add("label", "int").add("over_18", "boolean")
                .add("score", "long").add("num_comments", "long").add("domain", "string"))
        .withColumn("h", Sharder.contentHash()).orderBy("h").collectAsList();
    assertEquals(hashed.get(0).getAs("selftext"), winner);
  }

  // --- 2. BOMs everywhere; UTF-16 named ---

  @Test
  void byteOrderMarksAreDroppedFromListingsAndCompressedLines() throws Exception {
    Path in = tmp.resolve("bom");
    Files.createDirectories(in);
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    String listing = "{\"kind\":\"Listing\",\"data\":{\"after\":null,\"children\":[{\"kind\":\"t3\",\"data\":"
        + post("L1", "From the API", "", "") + "}]}}";
    Files.write(in.resolve("page-1.json"), concat(bom, listing.getBytes(StandardCharsets.UTF_8)));
    // The same with gzip around it, and a BOM-prefixed JSON-lines dump compressed by zstd.
    Path gzPlain = in.resolve("page-2.json.gz");
    compressed(in, "page-2.json.gz", new String(bom, StandardCharsets.UTF_8) + listing.replace("L1", "L2"));
    assertTrue(Files.size(gzPlain) > 0);
    compressed(in, "RS_2019-02.zst", new String(bom, StandardCharsets.UTF_8) + post("Z1", "Dump line", "", "") + "\n");
    Manifest m = Sharder.run(spark, CFG, List.of(in.toString()), tmp.resolve("out"), false, s -> {});
    assertBalanced(m);
    assertEquals(Map.of(), m.rejected, "no malformed_json from a BOM");
    assertEquals(3, m.outputRows);
    assertEquals(List.of("L1", "L2", "Z1"), shardRows(tmp.resolve("out")).stream().map(r -> (String) r.getAs("id")).toList());
  }

  @Test
  void utf16FilesAreAnErrorNamingTheFile() throws Exception {
    for (String name : List.of("RS_2019-03.jsonl", "page.json")) {
      Path in = tmp.resolve("utf16-" + name);
      Files.createDirectories(in);
      Files.writeString(in.resolve("RS_2019-01.jsonl"), post("ok", "Fine", "", "") + "\n");
      byte[] le = ("\uFEFF" + post("u1", "Wide", "", "") + "\n").getBytes(StandardCharsets.UTF_16LE);
      Files.write(in.resolve(name), le);
      Path out = tmp.resolve("out-" + name);
      CorruptInputException e = assertThrows(CorruptInputException.class,
          () -> Sharder.run(spark, SKIP, List.of(in.toString()), out, false, s -> {}));
      assertEquals(in.resolve(name) + ": UTF-16 text (byte-order mark FF FE); charspark reads UTF-8"
          + " (convert it, e.g. iconv -f UTF-16 -t UTF-8)", e.getMessage());
      assertFalse(Files.exists(out));
      // Without a byte-order mark: NUL bytes between ASCII characters.
      Files.write(in.resolve(name), (post("u1", "Wide", "", "") + "\n").getBytes(StandardCharsets.UTF_16BE));
      CorruptInputException e2 = assertThrows(CorruptInputException.class,
          () -> Sharder.run(spark, CFG, List.of(in.toString()), out, false, s -> {}));
      assertTrue(e2.getMessage().startsWith(in.resolve(name) + ": UTF-16 text (NUL bytes"), e2.getMessage());
    }
  }

  // --- 3. lone surrogates ---

  @Test
  void loneSurrogatesAreRepairedCountedAndNeverStoredAsQuestionMarks() throws IOException {
    Path in = tmp.resolve("surrogate");
    Files.createDirectories(in);
    Files.writeString(in.resolve("RS_2021-01.jsonl"),
        post("s1", "Trailer reaction \\ud83d", "", "") + "\n"
            + post("s2", "Whole emoji \\ud83d\\ude00 fine", "", "") + "\n"
            + post("s3", "Plain", "low \\ude00 alone", "") + "\n");
    Manifest m = Sharder.run(spark, CFG, List.of(in.toString()), tmp.resolve("out"), false, s -> {});
    assertBalanced(m);
    assertEquals(Map.of("lone_surrogate", 2L), m.repaired);
    List<Row> rows = shardRows(tmp.resolve("out"));
    assertEquals("Trailer reaction \uFFFD", rows.get(0).getAs("title"));
    assertEquals("Whole emoji \uD83D\uDE00 fine", rows.get(1).getAs("title"));
    assertEquals("low \uFFFD alone", rows.get(2).getAs("selftext"));
    assertFalse(rows.stream().anyMatch(r -> ((String) r.getAs("text")).contains("?")));
    // The Spark ETL (what training sees) turns U+FFFD into a space, like its Java twin.
    String cleaned = spark.read().parquet(ShardTest.splitDirs(tmp.resolve("out"))).filter("id = 's1'")
        .select(SparkCharEtl.clean(org.apache.spark.sql.functions.col("text")))
        .first().getString(0);
    assertEquals("<trailer reaction>", cleaned);
    // The manifest on disk carries the count.
    assertTrue(Files.readString(tmp.resolve("out").resolve("manifest.json")).contains("\"lone_surrogate\" : 2"));
  }

  // --- 4. corrupt and truncated compressed inputs ---

  @Test
  void truncatedDownloadsOfEveryFormatStopTheJobWithOneLineNamingTheFile() throws Exception {
    for (String ext : List.of("zst", "gz", "bz2", "xz")) {
      Path in = tmp.resolve("trunc-" + ext);
      compressed(in, "RS_2018-01." + ext, posts("good", 50));
      Path bad = compressed(in, "RS_2018-02." + ext, posts("cut", 4000));
      long size = truncate(bad);
      Path out = tmp.resolve("out-" + ext);
      CorruptInputException e = assertThrows(CorruptInputException.class,
          () -> Sharder.run(spark, CFG, List.of(in.toString()), out, false, s -> {}), ext);
      String fmt = Map.of("zst", "zstd", "gz", "gzip", "bz2", "bzip2", "xz", "xz").get(ext);
      assertEquals(bad + ": truncated " + fmt + " stream after " + String.format(Locale.ROOT, "%,d", size)
          + " bytes — incomplete download? (set input.on_corrupt_file = skip to leave such files out)",
          e.getMessage(), ext);
      assertFalse(Files.exists(out), "nothing written");
      assertFalse(Files.exists(OutputDir.inProgressPath(out)), "nothing written");
    }
  }

  @Test
  void skipLeavesTheCorruptFileOutWholeAndTheManifestListsIt() throws Exception {
    Path in = tmp.resolve("skip");
    compressed(in, "RS_2018-01.zst", posts("good", 50));
    Path cut = compressed(in, "RS_2018-02.bz2", posts("cut", 4000));
    long size = truncate(cut);
    // Damaged, not truncated: a zstd file whose middle was overwritten.
    Path damaged = compressed(in, "RS_2018-03.zst", posts("dmg", 4000));
    byte[] b = Files.readAllBytes(damaged);
    for (int i = b.length / 3; i < b.length / 3 + 64; i++) b[i] = (byte) 0x55;
    Files.write(damaged, b);
    Manifest m = Sharder.run(spark, SKIP, List.of(in.toString()), tmp.resolve("out"), false, s -> {});
    assertBalanced(m);
    assertEquals(50, m.inputRecords, "only the good file's records are input records");
    assertEquals(50, m.outputRows);
    assertEquals(2, m.skippedFiles.size());
    Map<String, String> s1 = m.skippedFiles.get(0);
    assertEquals(cut.toUri().toString().replace("file:///", "file:/"), s1.get("path"));
    assertEquals(cut + ": truncated bzip2 stream after " + String.format(Locale.ROOT, "%,d", size)
        + " bytes — incomplete download?", s1.get("reason"));
    assertTrue(Long.parseLong(s1.get("records_discarded")) > 0, "records read before the error: " + s1);
    Map<String, String> s2 = m.skippedFiles.get(1);
    assertTrue(s2.get("reason").startsWith(damaged + ": corrupt zstd data ("), s2.get("reason"));
    assertTrue(s2.get("reason").endsWith("— damaged download, or not a zstd file?"), s2.get("reason"));
    assertTrue(shardRows(tmp.resolve("out")).stream().allMatch(r -> ((String) r.getAs("id")).startsWith("good")));
    String json = Files.readString(tmp.resolve("out").resolve("manifest.json"));
    assertTrue(json.contains("\"skipped_files\"") && json.contains("RS_2018-02.bz2"), json);
  }

  // --- 5. .xz ---

  @Test
  void xzDumpsWrittenByDebiansXzAreReadIncludingConcatenatedStreams() throws Exception {
    Path in = tmp.resolve("xz");
    Path a = compressed(in, "RS_2012-01.xz", posts("x", 300));
    Path b = compressed(tmp.resolve("xz-part"), "part.xz", posts("y", 20));
    try (OutputStream os = Files.newOutputStream(a, java.nio.file.StandardOpenOption.APPEND)) {
      os.write(Files.readAllBytes(b)); // `cat a.xz b.xz`: two xz streams in one file
    }
    Manifest m = Sharder.run(spark, CFG, List.of(in.toString()), tmp.resolve("out"), false, s -> {});
    assertBalanced(m);
    assertEquals(320, m.inputRecords);
    assertEquals(320, m.outputRows);
    assertEquals("xz", m.inputs.get(0).get("compression"));
    List<Row> rows = shardRows(tmp.resolve("out"));
    assertEquals("Title 0", rows.stream().filter(r -> r.getAs("id").equals("x0")).findFirst().orElseThrow().getAs("title"));
  }

  // --- Kaggle CSV: BOM under compression, UTF-16, truncated ---

  static final CharsparkConfig TOXIC =
      CharsparkConfig.load(Path.of("../conf/toxic.conf"), List.of("shard.files_per_split=1"));

  static String kaggleTrain(int n) {
    StringBuilder sb = new StringBuilder("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\r\n");
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < n; i++) {
      sb.append(String.format("%016x", 0xabc000L + i)).append(",\"comment ").append(i).append(' ')
          .append(Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36)).append(" \"\"quoted\"\", more\"")
          .append(i % 5 == 0 ? ",1,0,0,0,0,0" : ",0,0,0,0,0,0").append("\r\n");
    }
    return sb.toString();
  }

  @Test
  void kaggleCsvWithABomUnderXzIsReadWhole() throws Exception {
    Path in = tmp.resolve("kaggle-bom");
    compressed(in, "train.csv.xz", "\uFEFF" + kaggleTrain(200));
    Manifest m = ToxicSharder.run(spark, TOXIC, List.of(in.toString()), tmp.resolve("out"), false, s -> {});
    assertTrue(m.balanced());
    assertEquals(200, m.inputRecords);
    assertEquals(Map.of(), m.rejected, "the BOM does not hide the id column");
    assertEquals(200, m.outputRows);
  }

  @Test
  void kaggleUtf16AndTruncatedFilesAreOneLineErrorsNamingTheFile() throws Exception {
    Path in = tmp.resolve("kaggle-utf16");
    Files.createDirectories(in);
    Files.write(in.resolve("train.csv"), ("\uFEFF" + kaggleTrain(20)).getBytes(StandardCharsets.UTF_16LE));
    CorruptInputException e = assertThrows(CorruptInputException.class,
        () -> ToxicSharder.run(spark, TOXIC, List.of(in.toString()), tmp.resolve("out1"), false, s -> {}));
    assertEquals(in.resolve("train.csv") + ": UTF-16 text (byte-order mark FF FE); charspark reads UTF-8"
        + " (convert it, e.g. iconv -f UTF-16 -t UTF-8)", e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out1")));
    Path in2 = tmp.resolve("kaggle-trunc");
    Path gz = compressed(in2, "train.csv.gz", kaggleTrain(20000));
    long size = truncate(gz);
    CorruptInputException t = assertThrows(CorruptInputException.class,
        () -> ToxicSharder.run(spark, TOXIC, List.of(in2.toString()), tmp.resolve("out2"), false, s -> {}));
    assertEquals(gz + ": truncated gzip stream after " + String.format(Locale.ROOT, "%,d", size)
        + " bytes — incomplete download?", t.getMessage());
    assertFalse(Files.exists(tmp.resolve("out2")));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static List<String> ids(List<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) out.add(r.getAs("id"));
    return out;
  }
}
