package io.charspark.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.data.Sharder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect's output directory, given as is to {@code shard}: every collected post becomes a row. */
class CollectToShardTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void collectedOutputShardsIntoTheExpectedRows() throws Exception {
    List<ObjectNode> posts = FakeReddit.posts(40, Instant.parse("2024-03-02T12:00:00Z"), 2 * 86400);
    Path out = tmp.resolve("collected");
    List<Duration> sleeps = new ArrayList<>();
    List<String> log = new ArrayList<>();
    Credentials creds = Credentials.fromEnvironment(
        Map.of("REDDIT_CLIENT_ID", FakeReddit.CLIENT_ID, "REDDIT_CLIENT_SECRET", FakeReddit.SECRET));
    try (FakeReddit reddit = new FakeReddit(posts)) {
      reddit.pageSize = 10;
      CollectOptions.Builder b = CollectOptions.builder("StarWars", out)
          .apiBaseUrl(reddit.apiUrl())
          .authUrl(reddit.authUrl())
          .clock(Clock.fixed(Instant.parse("2024-03-10T00:00:00Z"), ZoneOffset.UTC))
          .sleeper(sleeps::add);
      // Two runs, as after an interruption: the second must not add a second copy of anything.
      assertEquals(15, new RedditCollector(b.limit(15).build(), creds, log::add).run().written());
      CollectResult second = new RedditCollector(b.limit(1000).build(), creds, log::add).run();
      assertEquals(25, second.written());
      assertEquals(40, second.totalCollected());
    }

    CharsparkConfig cfg = CharsparkConfig.load(Path.of("../conf/spoilers.conf"), List.of());
    Path shards = tmp.resolve("shards");
    Manifest m = Sharder.run(spark, cfg, List.of(out.toString()), shards, false, s -> {});

    assertEquals(40, m.outputRows);
    assertTrue(m.balanced());
    assertEquals(40, m.inputRecords, "the state and lock files are not read as input: " + m.inputs);
    assertEquals(Map.of(), m.rejected);
    assertEquals(Map.of(), m.filtered);
    assertEquals(0, m.duplicates);
    long spoilers = m.labelCounts.values().stream().mapToLong(c -> c.getOrDefault("1", 0L)).sum();
    assertEquals(20, spoilers);
  }
}
