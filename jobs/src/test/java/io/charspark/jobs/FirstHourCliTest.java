package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.io.OutputDir;
import io.charspark.spark.Sessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, through the real CLI entry point ({@link Main#run}) and without data: {@code --help}
 * on every job, every check that needs no data made before a SparkSession exists (asserted as "no
 * session was created": {@link Sessions#created()} unchanged and no active or default session),
 * the refusal to clobber an interrupted run, and the messages. Each case takes milliseconds.
 */
class FirstHourCliTest {
  static final String CONF = "../conf/demo.conf";
  @TempDir Path tmp;
  Path shards;
  Path model;

  /** A shard directory and a finished model directory as the checks see them (no Spark needed). */
  @BeforeEach
  void directories() throws IOException {
    shards = tmp.resolve("shards");
    Files.createDirectories(shards);
    Files.writeString(shards.resolve("manifest.json"),
        "{\"workload\":\"spoilers\",\"splits\":{\"train\":10,\"validation\":5,\"test\":5}}");
    model = tmp.resolve("model");
    Files.createDirectories(model);
    Files.writeString(model.resolve("model.json"), "{\"workload\":\"spoilers\"}");
    Files.writeString(model.resolve(OutputDir.SUCCESS), "");
  }

  @AfterEach
  void noHome() {
    System.clearProperty(Installation.HOME_PROPERTY);
  }

  /** Runs the CLI and asserts exit 1, a first line holding {@code expected}, and no SparkSession. */
  static CliResult failsBeforeSpark(String expected, String... args) {
    int before = Sessions.created();
    boolean none = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    CliResult r = CliResult.run(args);
    assertEquals(1, r.code(), r.toString());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.contains(expected), "expected '" + expected + "' in the first line:\n" + r);
    assertEquals(before, Sessions.created(), "a SparkSession was created for " + String.join(" ", args));
    if (none) {
      assertTrue(SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty(),
          "a SparkSession exists after " + String.join(" ", args));
    }
    return r;
  }

  // ---- item 2: --help on every job -----------------------------------------------------------

  @Test
  void helpOnEveryJobPrintsItsUsageAndExitsZero() {
    var jobs = Main.commandLine(new PrintStream(PrintStream.nullOutputStream()),
        new PrintStream(PrintStream.nullOutputStream())).getSubcommands().keySet();
    assertTrue(jobs.containsAll(List.of("shard", "train", "score", "evaluate", "eda", "demo", "generate")), jobs.toString());
    for (String job : jobs) {
      for (String flag : List.of("--help", "-h")) {
        CliResult r = CliResult.run(job, flag);
        assertEquals(0, r.code(), job + " " + flag + ":\n" + r);
        assertTrue(r.out().contains("Usage: charspark " + job + " "), job + " " + flag + ":\n" + r);
        assertEquals("", r.err(), job + " " + flag);
      }
    }
    // Even with required options missing or other options given: help wins.
    CliResult t = CliResult.run("train", "--conf", CONF, "--help");
    assertEquals(0, t.code(), t.toString());
    assertTrue(t.out().contains("--resume") && t.out().contains("--overwrite") && t.out().contains("--verbose"), t.out());
  }

  // ---- item 3: checks that need no data run before Spark --------------------------------------

  @Test
  void trainChecksDataAndModelBeforeSpark() throws IOException {
    failsBeforeSpark("Data directory not found: " + tmp.resolve("nope"),
        "train", "--conf", CONF, "--data", tmp.resolve("nope").toString(), "--model", tmp.resolve("m").toString());
    failsBeforeSpark("is not a shard directory (no manifest.json",
        "train", "--conf", CONF, "--data", tmp.toString(), "--model", tmp.resolve("m").toString());
    failsBeforeSpark("was sharded for 'spoilers', not 'toxic'",
        "train", "--conf", "../conf/toxic-demo.conf", "--data", shards.toString(), "--model", tmp.resolve("m").toString());
    failsBeforeSpark("Output " + model + " already exists (use --overwrite",
        "train", "--conf", CONF, "--data", shards.toString(), "--model", model.toString());
    failsBeforeSpark("Nothing to resume for " + tmp.resolve("m"),
        "train", "--conf", CONF, "--data", shards.toString(), "--model", tmp.resolve("m").toString(), "--resume");
    failsBeforeSpark("--resume and --overwrite exclude each other",
        "train", "--conf", CONF, "--data", shards.toString(), "--model", model.toString(), "--resume", "--overwrite");
    Files.writeString(shards.resolve("manifest.json"),
        "{\"workload\":\"spoilers\",\"splits\":{\"train\":10,\"validation\":0,\"test\":5}}");
    failsBeforeSpark("Split 'validation' of " + shards + " is empty",
        "train", "--conf", CONF, "--data", shards.toString(), "--model", tmp.resolve("m").toString());
  }

  @Test
  void scoreEvaluateShardEdaCheckPathsBeforeSpark() throws IOException {
    Path in = tmp.resolve("posts.jsonl");
    Files.writeString(in, "{}\n");
    failsBeforeSpark("Model directory not found: " + tmp.resolve("nope"),
        "score", "--model", tmp.resolve("nope").toString(), "--input", in.toString(), "--output", tmp.resolve("o").toString());
    failsBeforeSpark(shards + " is not a charspark model directory (no model.json)",
        "score", "--model", shards.toString(), "--input", in.toString(), "--output", tmp.resolve("o").toString());
    failsBeforeSpark("Input path not found: " + tmp.resolve("nope.jsonl"),
        "score", "--model", model.toString(), "--input", tmp.resolve("nope.jsonl").toString(), "--output", tmp.resolve("o").toString());
    failsBeforeSpark("Output " + shards + " already exists (use --overwrite",
        "score", "--model", model.toString(), "--input", in.toString(), "--output", shards.toString());
    Files.writeString(tmp.resolve("posts.7z"), "x");
    failsBeforeSpark("Unsupported compression .7z",
        "score", "--model", model.toString(), "--input", tmp.resolve("posts.7z").toString(), "--output", tmp.resolve("o").toString());
    // An interrupted train left no _SUCCESS: the message says how to finish it.
    Path unfinished = tmp.resolve("half");
    Files.createDirectories(unfinished);
    Files.writeString(unfinished.resolve("model.json"), "{\"workload\":\"spoilers\"}");
    Files.createDirectories(OutputDir.inProgressPath(unfinished));
    Files.writeString(OutputDir.inProgressPath(unfinished).resolve("state.json"), "{\"epochs_done\":2}");
    failsBeforeSpark("is not a complete model (no _SUCCESS marker; an interrupted `train` left an unfinished run: rerun it with --resume",
        "score", "--model", unfinished.toString(), "--input", in.toString(), "--output", tmp.resolve("o").toString());

    failsBeforeSpark(tmp + " is not a shard directory",
        "evaluate", "--model", model.toString(), "--data", tmp.toString());
    failsBeforeSpark("Unknown split 'dev'; expected one of [train, validation, test]",
        "evaluate", "--model", model.toString(), "--data", shards.toString(), "--split", "dev");

    failsBeforeSpark("Input path not found: " + tmp.resolve("nope"),
        "shard", "--conf", CONF, "--input", tmp.resolve("nope").toString(), "--output", tmp.resolve("o").toString());
    failsBeforeSpark("Output " + shards + " already exists (use --overwrite",
        "shard", "--conf", CONF, "--input", in.toString(), "--output", shards.toString());
    Files.writeString(tmp.resolve("test.csv"), "id,comment_text\n");
    failsBeforeSpark("needs a train*.csv among the inputs",
        "shard", "--conf", "../conf/toxic-demo.conf", "--input", tmp.resolve("test.csv").toString(),
        "--output", tmp.resolve("o").toString());
    failsBeforeSpark("Output " + model + " already exists (use --overwrite",
        "eda", "--conf", CONF, "--data", shards.toString(), "--output", model.toString());
    assertFalse(Files.exists(tmp.resolve("o")), "nothing written");
  }

  /**
   * A model directory without {@code _SUCCESS} (copied before it was finished, or committed by
   * hand) is refused by evaluate and score with one line naming it, even when every file is there.
   */
  @Test
  void evaluateAndScoreRefuseAModelWithoutSuccess() throws IOException {
    Files.delete(model.resolve(OutputDir.SUCCESS));
    Files.writeString(model.resolve("model.zip"), "weights");
    Path in = tmp.resolve("posts.jsonl");
    Files.writeString(in, "{}\n");
    String refused = model + " is not a complete model (no _SUCCESS marker)";
    CliResult e = failsBeforeSpark(refused, "evaluate", "--model", model.toString(), "--data", shards.toString());
    CliResult s = failsBeforeSpark(refused,
        "score", "--model", model.toString(), "--input", in.toString(), "--output", tmp.resolve("o").toString());
    assertEquals("charspark evaluate: error: " + refused, e.err().lines().findFirst().orElse(""), e.toString());
    assertEquals("charspark score: error: " + refused, s.err().lines().findFirst().orElse(""), s.toString());
    assertFalse(Files.exists(tmp.resolve("o")), "nothing written");
  }

  // ---- item 4: an unfinished run is never deleted silently -------------------------------------

  @Test
  void trainRefusesToClobberAnUnfinishedRun() throws IOException {
    Path run = tmp.resolve("run");
    Path work = OutputDir.inProgressPath(run);
    Files.createDirectories(work.resolve("checkpoints"));
    Files.writeString(work.resolve("checkpoints/epoch-0001.zip"), "weights");
    Files.writeString(work.resolve("state.json"), "{\"epochs_done\":1,\"best_epoch\":1}");
    CliResult r = failsBeforeSpark("Model " + run + " has an unfinished run (1 epoch(s) done, in " + work
        + "): rerun with --resume to continue it, or with --overwrite to discard it and start again",
        "train", "--conf", CONF, "--data", shards.toString(), "--model", run.toString());
    assertTrue(Files.exists(work.resolve("checkpoints/epoch-0001.zip")), "the checkpoints are kept:\n" + r);
  }

  // ---- item 5: messages that say what happened ----------------------------------------------------

  @Test
  void unknownKeyNamesTheNearestValidKeys() {
    CliResult r = failsBeforeSpark("Unknown configuration key 'train.epoch' in --set train.epoch=2; did you mean train.epochs?",
        "train", "--conf", CONF, "--set", "train.epoch=2", "--data", shards.toString(), "--model", tmp.resolve("m").toString());
    assertFalse(r.err().contains("etl.max_length"), "not every valid key on one line:\n" + r);
    failsBeforeSpark("Unknown configuration key 'epochs' in --set epochs=2; did you mean train.epochs?",
        "train", "--conf", CONF, "--set", "epochs=2", "--data", shards.toString(), "--model", tmp.resolve("m").toString());
    failsBeforeSpark("Unknown configuration key 'optimiser.learning_rate' in --set optimiser.learning_rate=0.1; did you mean optimizer.learning_rate?",
        "train", "--conf", CONF, "--set", "optimiser.learning_rate=0.1", "--data", shards.toString(), "--model", tmp.resolve("m").toString());
  }

  @Test
  void hoconErrorsPointAtFileAndLine() throws IOException {
    Path broken = tmp.resolve("broken.conf");
    Files.writeString(broken, "workload = spoilers\ntrain {\n  epochs = 3\n  patience = 2\n\netl { max_length = 100 }\n");
    failsBeforeSpark("Cannot parse config " + broken + ", line 2: '{' is never closed (the file ends first)",
        "train", "--conf", broken.toString(), "--data", shards.toString(), "--model", tmp.resolve("m").toString());
    Files.writeString(broken, "workload = spoilers\ntrain {\n  epochs = 3\n}\n}\n");
    failsBeforeSpark("Cannot parse config " + broken + ", line 5: unbalanced close brace",
        "train", "--conf", broken.toString(), "--data", shards.toString(), "--model", tmp.resolve("m").toString());
  }

  @Test
  void demoNamesTheValidWorkloads() {
    failsBeforeSpark("Unknown workload 'foo'; expected one of [showerthoughts, spoilers, toxic]",
        "demo", "--workload", "foo");
  }

  // ---- item 1: demos write to demo-out/<workload> ------------------------------------------------

  @Test
  void demoWritesToAWorkloadDirectoryByDefault() throws IOException {
    System.setProperty(Installation.HOME_PROPERTY, Path.of("..").toAbsolutePath().normalize().toString());
    Path spoilers = Path.of("demo-out", "spoilers");
    boolean existed = Files.exists(spoilers);
    Files.createDirectories(spoilers);
    try {
      failsBeforeSpark("Output " + spoilers + " already exists (use --overwrite", "demo");
    } finally {
      if (!existed) OutputDir.deleteRecursively(Path.of("demo-out"));
    }
  }

  // ---- item 8: the shipped confs are found relative to the installation ---------------------------

  @Test
  void shippedConfsAreFoundFromAnyDirectory() {
    // The tests run in jobs/, where conf/ does not exist: without charspark.home the file is missing.
    failsBeforeSpark("Config file not found: conf/spoilers.conf",
        "train", "--conf", "conf/spoilers.conf", "--data", shards.toString(), "--model", tmp.resolve("m").toString());
    System.setProperty(Installation.HOME_PROPERTY, Path.of("..").toAbsolutePath().normalize().toString());
    // Found under the installation: the next check (a typo) is reached.
    failsBeforeSpark("did you mean train.epochs?", "train", "--conf", "conf/spoilers.conf", "--set", "train.epoch=1",
        "--data", shards.toString(), "--model", tmp.resolve("m").toString());
    failsBeforeSpark("did you mean train.epochs?", "demo", "--workload", "toxic", "--set", "train.epoch=1",
        "--output", tmp.resolve("demo").toString());
  }

  // ---- item 7: --verbose on every job -----------------------------------------------------------

  @Test
  void verboseSwitchesToTheFullLog() {
    try {
      CliResult r = CliResult.run("generate", "--verbose", "--model", tmp.resolve("nope").toString());
      assertEquals(1, r.code(), r.toString());
      assertEquals(Level.INFO, LogManager.getRootLogger().getLevel());
    } finally {
      Configurator.reconfigure(java.net.URI.create(
          FirstHourCliTest.class.getResource("/log4j2-test.properties").toString()));
    }
    assertEquals(Level.WARN, LogManager.getRootLogger().getLevel());
  }
}
