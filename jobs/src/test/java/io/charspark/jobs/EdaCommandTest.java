package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eda command line: registered, its options, and a bad data directory failing before Spark. */
class EdaCommandTest {
  @Test
  void helpListsEdaAndItsOptions() {
    CliResult r = CliResult.run("--help");
    assertTrue(r.out().contains("eda"), r.out());
    CliResult h = CliResult.run("help", "eda");
    assertEquals(0, h.code(), h.toString());
    for (String o : new String[] {"--conf", "--data", "--output", "--overwrite", "--master"}) {
      assertTrue(h.out().contains(o), o + " missing:\n" + h.out());
    }
  }

  @Test
  void missingOutputIsAUsageError() {
    CliResult r = CliResult.run("eda", "--conf", "../conf/demo.conf", "--data", "x");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--output"), r.toString());
  }

  @Test
  void notAShardDirectoryIsAOneLineError(@TempDir Path tmp) {
    CliResult r = CliResult.run("eda", "--conf", "../conf/demo.conf", "--data", tmp.toString(),
        "--output", tmp.resolve("eda").toString());
    assertEquals(1, r.code());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.startsWith("charspark eda: error: ") && first.contains("is not a shard directory"), r.toString());
    assertFalse(Files.exists(tmp.resolve("eda")));
  }
}
