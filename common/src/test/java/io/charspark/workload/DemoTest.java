package io.charspark.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.config.CharsparkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Each workload's demo description: what {@code demo} printed and ran when it tested the workload itself. */
class DemoTest {
  private static final Path CORPUS = Path.of("demo-out", "x", "corpus");

  @Test
  void spoilers() {
    Demo d = Demo.of("spoilers");
    assertEquals("conf/demo.conf", d.conf());
    assertEquals(4000, d.posts());
    assertEquals("demo: corpus of 3990 posts (512 spoilers) in " + CORPUS, d.corpusLine(4000, 3990, 512, CORPUS));
    assertTrue(d.scores());
    assertEquals("api", d.scoringInput());
    assertFalse(d.submission());
  }

  @Test
  void toxic() {
    Demo d = Demo.of("toxic");
    assertEquals("conf/toxic-demo.conf", d.conf());
    assertEquals(3000, d.posts());
    // The number asked for, not the rows written.
    assertEquals("demo: Kaggle-format train.csv/test.csv/test_labels.csv (3000 train comments) in " + CORPUS,
        d.corpusLine(3000, 2987, 0, CORPUS));
    assertTrue(d.scores());
    assertEquals("test.csv", d.scoringInput());
    assertTrue(d.submission());
  }

  @Test
  void languageModel() {
    Demo d = Demo.of("showerthoughts");
    assertEquals("conf/showerthoughts-demo.conf", d.conf());
    assertEquals(1500, d.posts());
    assertEquals("demo: corpus of 1490 titles (unlabelled) in " + CORPUS, d.corpusLine(1500, 1490, 0, CORPUS));
    assertFalse(d.scores());
    assertNull(d.scoringInput());
  }

  /** Every workload has a demo whose shipped configuration exists and configures that workload. */
  @Test
  void everyWorkloadHasOneAndItsConfigurationMatches() {
    for (String w : new TreeSet<>(CharsparkConfig.WORKLOADS)) {
      Demo d = Demo.of(w);
      assertEquals(w, d.workload());
      Path conf = Path.of("..").resolve(d.conf());
      assertTrue(Files.isRegularFile(conf), conf.toString());
      assertEquals(w, CharsparkConfig.load(conf, List.of()).workload);
    }
    assertThrows(IllegalArgumentException.class, () -> Demo.of("foo"));
  }
}
