package io.charspark.data;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.demo.KaggleCorpus;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shard for workload toxic on generated Kaggle files: exact accounting, splits, no shifted rows. */
class ToxicShardTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path corpus;
  static KaggleCorpus.Stats stats;
  static Path shards;
  static Manifest manifest;
  static final CharsparkConfig CFG =
      CharsparkConfig.load(Path.of("../conf/toxic.conf"), List.of("shard.files_per_split=2"));
  static final List<String> LABELS = CFG.toxic.labels();

  @BeforeAll
  static void shardTheKaggleCorpus() {
    corpus = tmp.resolve("kaggle");
    stats = KaggleCorpus.write(corpus, 1500, 600, 42, false);
    shards = tmp.resolve("shards");
    manifest = ToxicSharder.run(spark, CFG, List.of(corpus.toString()), shards, false, s -> {});
  }

  @Test
  void manifestAccountsForEveryRecordAndEveryFaultExactly() {
    assertTrue(manifest.balanced());
    assertEquals("toxic", manifest.workload);
    assertEquals("toxic", manifest.labelField);
    assertEquals(stats.inputRecords(), manifest.inputRecords);
    assertEquals(stats.rejected(), manifest.rejected);
    assertEquals(Map.of(), manifest.filtered);
    assertEquals(0, manifest.duplicates);
    assertEquals(stats.trainRows() + stats.testScored() + stats.testUnscored(), manifest.outputRows);
    Manifest disk = Json.read(shards.resolve("manifest.json"), Manifest.class);
    assertEquals(manifest.rejected, disk.rejected);
    assertEquals(manifest.splits, disk.splits);
    Map<String, Long> onDisk = new TreeMap<>();
    for (Row r : spark.read().json(shards.resolve("rejected").toString()).groupBy("reason").count().collectAsList()) {
      onDisk.put(r.getString(0), r.getLong(1));
    }
    assertEquals(manifest.rejected, onDisk);
    Row unclosed = spark.read().json(shards.resolve("rejected").toString())
        .filter(col("reason").equalTo("unclosed_quote")).first();
    assertTrue(unclosed.getString(unclosed.fieldIndex("raw")).endsWith("the quote never closes,0,0,0,0,0,0"),
        "the bad record's raw text stops before the next record");
    assertTrue(unclosed.getString(unclosed.fieldIndex("source")).endsWith("train.csv"));
    List<String> dupRaw = spark.read().json(shards.resolve("rejected").toString())
        .filter(col("reason").equalTo("duplicate_id")).select("raw").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
    assertTrue(dupRaw.stream().anyMatch(r -> r.contains("a second comment under the first id")), dupRaw.toString());
    assertTrue(dupRaw.stream().anyMatch(r -> r.contains("a test comment under a train id")), dupRaw.toString());
    assertTrue(Files.exists(shards.resolve("config.conf")));
    assertTrue(Files.exists(shards.resolve(OutputDir.SUCCESS)));
  }

  @Test
  void inputsRecordPerFileCountsAndTheTestLabelsAccounting() {
    Map<String, Map<String, String>> byKind = new HashMap<>();
    for (Map<String, String> in : manifest.inputs) byKind.put(in.get("kaggle"), in);
    assertEquals(List.of("ignored", "test", "test_labels", "train"), new ArrayList<>(new TreeMap<>(byKind).keySet()));
    assertEquals(String.valueOf(stats.trainRecords()), byKind.get("train").get("records"));
    assertEquals(String.valueOf(stats.trainRows()), byKind.get("train").get("rows"));
    assertEquals(String.valueOf(stats.testRecords()), byKind.get("test").get("records"));
    assertEquals(String.valueOf(stats.testScored()), byKind.get("test").get("scored"));
    assertEquals(String.valueOf(stats.testUnscored()), byKind.get("test").get("unscored"));
    assertEquals(String.valueOf(stats.testWithoutLabels()), byKind.get("test").get("without_labels_row"));
    Map<String, String> tl = byKind.get("test_labels");
    assertEquals(String.valueOf(stats.labelRecords()), tl.get("records"));
    assertEquals(String.valueOf(stats.orphanLabels()), tl.get("orphans"));
    assertEquals("1", tl.get("rejected")); // the "7"
    assertEquals("0", tl.get("duplicate_ids"));
    assertTrue(byKind.get("ignored").get("path").endsWith("sample_submission.csv"));
  }

  @Test
  void splitsFollowTheKaggleFilesAndTheFractions() {
    assertEquals(List.of("test", "train", "unscored", "validation"), new ArrayList<>(manifest.splits.keySet()));
    assertEquals(stats.trainRows(), manifest.splits.get("train") + manifest.splits.get("validation"));
    assertEquals(stats.testScored(), manifest.splits.get("test"));
    assertEquals(stats.testUnscored(), manifest.splits.get("unscored"));
    // test.csv is given: train.csv is cut 0.8 : 0.1 renormalised, stratified on toxic.
    double trainShare = (double) manifest.splits.get("train") / stats.trainRows();
    assertEquals(0.8 / 0.9, trainShare, 0.005);
    Map<String, Long> tr = manifest.labelCounts.get("train");
    Map<String, Long> va = manifest.labelCounts.get("validation");
    assertEquals(manifest.splits.get("train"), tr.get("rows"));
    assertEquals((double) tr.get("toxic") / tr.get("rows"), (double) va.get("toxic") / va.get("rows"), 0.01);
    for (String l : LABELS) {
      assertEquals(stats.trainPositives().get(l), tr.get(l) + va.get(l), l);
      assertEquals(stats.testPositives().get(l), manifest.labelCounts.get("test").get(l), l);
    }
    assertEquals(Map.of("rows", stats.testUnscored()), manifest.labelCounts.get("unscored"));
    assertEquals(CFG.filesPerSplit, spark.read().parquet(shards.resolve("train").toString()).inputFiles().length);
  }

  @Test
  void noRowIsShiftedAndUnscoredRowsHaveNoLabels() {
    List<String> expectedColumns = new ArrayList<>(List.of("id", "text"));
    expectedColumns.addAll(LABELS);
    expectedColumns.addAll(List.of("label", "scored"));
    int seen = 0;
    for (String split : ToxicSharder.SPLITS) {
      Dataset<Row> df = spark.read().parquet(shards.resolve(split).toString());
      assertEquals(expectedColumns, List.of(df.columns()), split);
      for (Row r : df.collectAsList()) {
        seen++;
        String id = r.getString(0);
        assertEquals(stats.texts().get(id), r.getString(1), "text of " + id);
        List<Integer> want = stats.labels().get(id);
        boolean scored = r.getBoolean(r.fieldIndex("scored"));
        assertEquals(!split.equals("unscored"), scored, split);
        if (scored) {
          for (int k = 0; k < LABELS.size(); k++) assertEquals(want.get(k), r.getInt(2 + k), id + " " + LABELS.get(k));
          assertEquals(r.getInt(2), r.getInt(r.fieldIndex("label")), "label = toxic");
        } else {
          assertTrue(want.isEmpty());
          for (int k = 0; k < LABELS.size(); k++) assertTrue(r.isNullAt(2 + k));
          assertTrue(r.isNullAt(r.fieldIndex("label")));
        }
      }
    }
    assertEquals(stats.texts().size(), seen, "every usable row is in exactly one split");
  }

  @Test
  void compressedInputsInAnotherOrderGiveTheSameShards() throws IOException {
    Path z = tmp.resolve("compressed");
    Files.createDirectories(z);
    compress(corpus.resolve("train.csv"), z.resolve("train.csv.gz"), "gz");
    compress(corpus.resolve("test.csv"), z.resolve("test.csv.bz2"), "bz2");
    compress(corpus.resolve("test_labels.csv"), z.resolve("test_labels.csv.zst"), "zst");
    Path again = tmp.resolve("shards-compressed");
    Manifest m2 = ToxicSharder.run(spark, CFG,
        List.of(z.resolve("test_labels.csv.zst").toString(), z.resolve("test.csv.bz2").toString(),
            z.resolve("train.csv.gz").toString()),
        again, false, s -> {});
    assertEquals(manifest.splits, m2.splits);
    assertEquals(manifest.rejected, m2.rejected);
    assertEquals(manifest.labelCounts, m2.labelCounts);
    for (String split : ToxicSharder.SPLITS) assertEquals(ids(shards, split), ids(again, split), split);
  }

  @Test
  void withoutTestCsvTrainIsCutIntoThreeSplits() throws IOException {
    Path only = tmp.resolve("train-only");
    Files.createDirectories(only);
    Files.copy(corpus.resolve("train.csv"), only.resolve("train.csv"));
    Manifest m = ToxicSharder.run(spark, CFG, List.of(only.toString()), tmp.resolve("shards-train-only"), false, s -> {});
    assertTrue(m.balanced());
    assertEquals(stats.trainRecords(), m.inputRecords);
    assertEquals(stats.trainRows(), m.outputRows);
    assertEquals(0.1, (double) m.splits.get("test") / m.outputRows, 0.01);
    assertEquals(0.1, (double) m.splits.get("validation") / m.outputRows, 0.01);
    assertEquals(0L, m.splits.get("unscored"));
    for (String l : LABELS) {
      long pos = 0;
      for (String split : List.of("train", "validation", "test")) pos += m.labelCounts.get(split).get(l);
      assertEquals(stats.trainPositives().get(l), pos, l);
    }
  }

  @Test
  void scoringInputReadsAnyCommentCsv() {
    KaggleScoringInput s = KaggleScoringInput.read(spark, List.of(corpus.toString()));
    assertNotNull(s.kaggleTestFile());
    assertTrue(s.kaggleTestFile().endsWith("test.csv"));
    assertEquals(List.of("id", "text", "reject_reason", "raw", "source", "ordinal", "line"), List.of(s.rows().columns()));
    Dataset<Row> test = s.rows().filter(col("source").equalTo(s.kaggleTestFile()));
    Map<String, Long> reasons = new TreeMap<>();
    long ok = 0;
    for (Row r : test.groupBy("reject_reason").count().collectAsList()) {
      if (r.isNullAt(0)) ok = r.getLong(1);
      else reasons.put(r.getString(0), r.getLong(1));
    }
    // Within test.csv only the blank line is bad; its row under a train id comes first (test.csv sorts
    // before train.csv), so the duplicate_id is train.csv's row.
    assertEquals(stats.testRecords(), ok + Manifest.sum(reasons));
    assertEquals(Map.of("blank_line", 1L), reasons);
    // All of train.csv and test.csv: the CSV faults, bad_id, and two duplicates (train's own, and the
    // cross-file one); labels and blank comments are not a scoring input's business.
    assertEquals(Map.of("blank_line", 2L, "duplicate_id", 2L, "bad_id", 1L, "bad_quote", 1L, "field_count", 1L,
        "unclosed_quote", 1L), rejected(s.rows()));
    List<Row> first = test.filter(col("reject_reason").isNull()).orderBy("ordinal").limit(3).collectAsList();
    for (Row r : first) assertEquals(stats.texts().get(r.getString(0)), r.getString(1));
    KaggleScoringInput alone = KaggleScoringInput.read(spark, List.of(corpus.resolve("test.csv").toString()));
    assertEquals(Map.of("blank_line", 1L), rejected(alone.rows()));
  }

  @Test
  void clearErrorsForMissingColumnsUnknownFilesAndMissingTrain() throws IOException {
    Path bad = tmp.resolve("no-threat");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("train.csv"),
        "id,comment_text,toxic,severe_toxic,obscene,insult,identity_hate\n0000000000000001,\"x\",0,0,0,0,0\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToxicSharder.run(spark, CFG, List.of(bad.toString()), tmp.resolve("x1"), false, s -> {}));
    assertTrue(e.getMessage().contains("'threat'") && e.getMessage().contains("train.csv"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("x1")));

    Path unknown = tmp.resolve("unknown");
    Files.createDirectories(unknown);
    Files.writeString(unknown.resolve("comments.csv"), "id,comment_text\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> ToxicSharder.run(spark, CFG, List.of(unknown.toString()), tmp.resolve("x2"), false, s -> {}));
    assertTrue(e.getMessage().contains("comments.csv"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> ToxicSharder.run(spark, CFG, List.of(corpus.resolve("test.csv").toString()), tmp.resolve("x3"), false, s -> {}));
    assertTrue(e.getMessage().contains("train"), e.getMessage());

    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("train.csv"), "");
    e = assertThrows(IllegalArgumentException.class,
        () -> ToxicSharder.run(spark, CFG, List.of(empty.toString()), tmp.resolve("x4"), false, s -> {}));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  static Map<String, Long> rejected(Dataset<Row> rows) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : rows.filter(col("reject_reason").isNotNull()).groupBy("reject_reason").count().collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  static List<String> ids(Path dir, String split) {
    return spark.read().parquet(dir.resolve(split).toString()).select("id").orderBy("id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  static void compress(Path from, Path to, String codec) throws IOException {
    OutputStream raw = Files.newOutputStream(to);
    OutputStream os = switch (codec) {
      case "gz" -> new GZIPOutputStream(raw);
      case "bz2" -> new BZip2CompressorOutputStream(raw);
      default -> new ZstdOutputStream(raw).setLong(31);
    };
    try (os) {
      Files.copy(from, os);
    }
  }
}
