package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shard} on a folder with one good and one truncated {@code .zst} dump (written by Debian's
 * zstd): one error line naming the bad file, no stack trace unless {@code --stacktrace}, nothing
 * written; with {@code input.on_corrupt_file=skip} the job succeeds without that file.
 */
class ShardCorruptInputCliTest {
  @Test
  void truncatedDumpIsOneLineNamingTheFile(@TempDir Path tmp) throws Exception {
    Path zstd = Path.of("/usr/bin/zstd");
    assertTrue(Files.isExecutable(zstd), "this test needs Debian's zstd: apt-get install -y zstd");
    Path in = tmp.resolve("dumps");
    Files.createDirectories(in);
    for (String month : List.of("2023-06", "2023-07")) {
      StringBuilder sb = new StringBuilder();
      java.util.Random rnd = new java.util.Random(month.hashCode());
      for (int i = 0; i < (month.endsWith("07") ? 5000 : 40); i++) {
        sb.append("{\"id\":\"").append(month).append('-').append(i)
            .append("\",\"subreddit\":\"StarWars\",\"title\":\"Post ").append(Long.toString(rnd.nextLong(), 36))
            .append("\",\"selftext\":\"").append(Long.toString(rnd.nextLong(), 36))
            .append("\",\"spoiler\":false,\"created_utc\":1688000000,\"retrieved_on\":1688100000}\n");
      }
      Path plain = tmp.resolve("RS_" + month);
      Files.writeString(plain, sb.toString(), StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(zstd.toString(), "-q", "-f", "--long=31", plain.toString(), "-o",
          in.resolve("RS_" + month + ".zst").toString()).inheritIO().start();
      assertEquals(0, p.waitFor());
    }
    Path bad = in.resolve("RS_2023-07.zst");
    byte[] all = Files.readAllBytes(bad);
    Files.write(bad, java.util.Arrays.copyOf(all, all.length / 2));
    String size = String.format(Locale.ROOT, "%,d", all.length / 2);

    Path out = tmp.resolve("shards");
    CliResult r = CliResult.run("shard", "--conf", "../conf/spoilers.conf", "--master", "local[2]",
        "--input", in.toString(), "--output", out.toString());
    assertEquals(1, r.code(), r.toString());
    List<String> err = r.err().lines().toList();
    assertEquals(List.of(
        "charspark shard: error: " + bad + ": truncated zstd stream after " + size
            + " bytes — incomplete download? (set input.on_corrupt_file = skip to leave such files out)",
        "(run with --stacktrace for details)"), err, r.toString());
    assertFalse(Files.exists(out), "nothing written");

    CliResult skipped = CliResult.run("shard", "--conf", "../conf/spoilers.conf", "--master", "local[2]",
        "--input", in.toString(), "--output", out.toString(), "--set", "input.on_corrupt_file=skip");
    assertEquals(0, skipped.code(), skipped.toString());
    assertTrue(skipped.out().contains("shard: skipped " + bad + ": truncated zstd stream"), skipped.toString());
    assertTrue(skipped.out().contains("shard: 40 input records"), skipped.toString());
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertTrue(manifest.contains("\"skipped_files\"") && manifest.contains("RS_2023-07.zst"), manifest);
  }
}
