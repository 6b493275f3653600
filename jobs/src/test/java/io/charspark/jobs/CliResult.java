package io.charspark.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#run} and keeps exit code, stdout and stderr. */
record CliResult(int code, String out, String err) {
  /**
   * {@code generate-corpus --posts N} into {@code corpus}, then {@code shard} it with {@code
   * ../conf/demo.conf} on {@code local[2]} into {@code shards}; fails the test if either job fails.
   */
  static void corpusAndShards(java.nio.file.Path corpus, java.nio.file.Path shards, int posts) {
    CliResult g = run("generate-corpus", "--output", corpus.toString(), "--posts", String.valueOf(posts));
    org.junit.jupiter.api.Assertions.assertEquals(0, g.code(), g.toString());
    CliResult s = run("shard", "--conf", "../conf/demo.conf", "--master", "local[2]", "--input", corpus.toString(),
        "--output", shards.toString());
    org.junit.jupiter.api.Assertions.assertEquals(0, s.code(), s.toString());
  }

  static CliResult run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8),
            args);
    return new CliResult(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
  }
}
