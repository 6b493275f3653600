package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The etl command: what a classifier and a language model see, from both ETL implementations. */
class EtlCommandTest {
  @Test
  void showsCleanedTextAndIndicesForAClassifierConfig(@TempDir Path tmp) throws Exception {
    Path input = tmp.resolve("texts.txt");
    Files.write(input, List.of("\u212Aelvin", "x".repeat(200)), StandardCharsets.UTF_8);
    CliResult r = CliResult.run("etl", "--conf", "../conf/demo.conf", "--master", "local[2]",
        "--text", "What, are you stalking my edits or something?", "--text", "İstanbul", "--input", input.toString());
    assertEquals(0, r.code(), r.toString());
    // conf/demo.conf: etl.max_length 160, etl.truncate post
    assertTrue(r.out().contains("etl.max_length 160, etl.truncate post"), r.out());
    assertTrue(r.out().contains("cleaned (47 chars), pre-padded with 113 pads to 160: "
        + "\"<what, are you stalking my edits or something?>\""), r.out());
    // "<i stanbul>": < = 31, i = 76, space = 3, s t a n b u l, > = 33
    assertTrue(r.out().contains("indices (160): [98×149 31 76 3 86 87 68 81 69 88 79 33]"), r.out());
    assertTrue(r.out().contains("\"<kelvin>\""), r.out());
    assertTrue(r.out().contains("cleaned (202 chars), truncated to 160 keeping the head"), r.out());
    assertEquals(4, r.out().split("spark expression = java twin", -1).length - 1, r.out());
  }

  @Test
  void aLanguageModelSeesUnfittedIndicesWithNewlines() {
    CliResult r = CliResult.run("etl", "--conf", "../conf/showerthoughts-demo.conf", "--master", "local[2]",
        "--text", "a\nB");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("language model"), r.out());
    assertTrue(r.out().contains("indices (5): [31 68 99 69 33]"), r.out());
  }

  @Test
  void needsExactlyOneSourceAndSomeText() {
    CliResult r = CliResult.run("etl", "--text", "x");
    assertEquals(2, r.code(), r.toString());
    r = CliResult.run("etl", "--conf", "../conf/demo.conf", "--model", "m", "--text", "x");
    assertEquals(2, r.code(), r.toString());
    r = CliResult.run("etl", "--conf", "../conf/demo.conf");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().startsWith("charspark etl: error: Nothing to show"), r.toString());
  }
}
