package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without Spark: usage, parsing and configuration errors. */
class MainTest {
  @Test
  void helpListsEveryJob() {
    CliResult r = CliResult.run("--help");
    assertEquals(0, r.code());
    for (String job : new String[] {"shard", "train", "evaluate", "score", "generate-corpus", "demo"}) {
      assertTrue(r.out().contains(job), job + " missing from help:\n" + r.out());
    }
  }

  @Test
  void noJobOrUnknownJobIsAUsageError() {
    assertEquals(2, CliResult.run().code());
    CliResult r = CliResult.run("tran");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("tran"), r.toString());
  }

  @Test
  void missingRequiredOptionIsNamed() {
    CliResult r = CliResult.run("train", "--conf", "../conf/spoilers.conf", "--data", "x");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--model"), r.toString());
  }

  @Test
  void configTypoIsAOneLineErrorNamingTheKey() {
    CliResult r = CliResult.run("train", "--conf", "../conf/spoilers.conf", "--set", "train.epoch=3",
        "--data", "d", "--model", "m");
    assertEquals(1, r.code());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.startsWith("charspark train: error: Unknown configuration key 'train.epoch'"), r.toString());
    assertTrue(first.contains("train.epochs"), first);
    assertFalse(r.err().contains("\tat "), "no stack trace without --stacktrace");
    CliResult traced = CliResult.run("train", "--conf", "../conf/spoilers.conf", "--set", "train.epoch=3",
        "--data", "d", "--model", "m", "--stacktrace");
    assertTrue(traced.err().contains("\tat "), traced.toString());
  }

  @Test
  void generateCorpusWritesTheRealFormatsAndRefusesToOverwrite(@TempDir Path tmp) {
    Path out = tmp.resolve("corpus");
    CliResult r = CliResult.run("generate-corpus", "--output", out.toString(), "--posts", "200");
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.exists(out.resolve("RS_2016-03.zst")));
    assertTrue(Files.exists(out.resolve("api/listing-0001.json")));
    CliResult again = CliResult.run("generate-corpus", "--output", out.toString(), "--posts", "200");
    assertEquals(1, again.code());
    assertTrue(again.err().contains("already exists (use --overwrite"), again.toString());
  }
}
