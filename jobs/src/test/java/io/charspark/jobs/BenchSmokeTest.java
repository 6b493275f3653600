package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bench --quick` works and prints its keys (a smoke check: no speed is asserted). */
@Tag("integration")
class BenchSmokeTest {
  @TempDir Path tmp;

  @Test
  void quickBenchWritesItsKeysAndTheCommand() throws Exception {
    Path out = tmp.resolve("bench");
    CliResult r = CliResult.run("bench", "--quick", "--reps", "1", "--master", "local[2]", "--output", out.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("etl.spark_local2_over_java_1thread"), r.out());
    assertTrue(r.out().contains("score.spark_local2_over_plain_1thread"), r.out());
    JsonNode doc = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    assertTrue(doc.get("command").asText().startsWith("scripts/charspark bench --suite all"), doc.get("command").asText());
    assertTrue(doc.get("keys").get("etl.spark_local2_over_java_1thread").asDouble() > 0);
    JsonNode etl = doc.get("suites").get("etl");
    assertTrue(etl.get("megabytes").asDouble() >= 16, "quick ETL covers 16 MB");
    assertEquals(etl.get("checksum").asLong() != 0, true);
    assertEquals(1, etl.get("spark").get("runs").asInt());
    // train: both keys printed (the PyTorch one as a ratio, or "skipped: <reason>" without python3-torch).
    assertTrue(r.out().contains("train.scaling_efficiency"), r.out());
    assertTrue(r.out().contains("train.dl4j_over_pytorch_1thread"), r.out());
    assertTrue(doc.get("keys").get("train.scaling_efficiency").asDouble() > 0);
    JsonNode train = doc.get("suites").get("train");
    assertEquals(1, train.get("spark").get("runs").asInt());
    assertTrue(train.get("spark").get("command").asText().startsWith("scripts/charspark bench"));
    assertTrue(train.get("sgemm").get("square_1thread").get("gflops_median").asDouble() > 0);
    assertTrue(train.get("flops_formula").asText().contains("4H"));
    JsonNode torch = train.get("pytorch");
    if (torch.isTextual()) {
      assertTrue(torch.asText().startsWith("skipped: "), torch.asText());
    } else {
      assertTrue(doc.get("keys").get("train.dl4j_over_pytorch_1thread").asDouble() > 0);
      // The row with denormals flushed: torch says it flushes, and the recorded command says so too.
      JsonNode flush = torch.get("1thread_flush_denormal");
      assertTrue(flush.get("result").get("flush_denormal").asBoolean(), flush.toString());
      assertTrue(flush.get("command").asText().contains("--flush-denormal"), flush.get("command").asText());
      assertTrue(doc.get("keys").get("train.dl4j_over_pytorch_flush_denormal_1thread").asDouble() > 0);
      assertTrue(torch.get("2threads").get("command").asText().matches(".*python3 scripts/bench_pytorch.py .*"),
          torch.get("2threads").get("command").asText());
    }
    // shard: the three contenders read the same generated dump, checksums checked inside the suite.
    assertTrue(r.out().contains("shard.over_text_scan"), r.out());
    assertTrue(r.out().contains("shard.over_spark_json"), r.out());
    JsonNode shard = doc.get("suites").get("shard");
    assertTrue(shard.get("dump").get("json_mb").asDouble() >= 32, "quick shard dump covers 32 MB");
    assertEquals(shard.get("dump").get("posts").asLong(), shard.get("manifest").get("input_records").asLong());
    assertEquals(shard.get("dump").get("target_posts").asLong(), shard.get("manifest").get("output_rows").asLong());
    assertTrue(shard.get("charspark_shard").get("read_tasks").asInt() >= 1);
    for (String suite : new String[] {"etl", "train", "score", "shard"}) {
      assertTrue(doc.get("suites").get(suite).get("memory").get("driver_peak_rss_mb").asDouble() > 0, suite);
    }
    CliResult bad = CliResult.run("bench", "--suite", "nope", "--output", tmp.resolve("x").toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("--suite must be etl, train, score, shard, converge or all"), bad.toString());
  }
}
