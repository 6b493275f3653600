package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.io.OutputDir;
import io.charspark.model.FusedLstm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a real multi-process Spark standalone cluster (scripts/local-cluster.sh: a Master and
 * two Workers in their own JVMs, executors in theirs), submitted the way users submit: through
 * scripts/charspark with SPARK_HOME set, i.e. Spark's SparkSubmit and the jar {@code mvn package}
 * builds. Then the two faults: an executor JVM killed mid-training, and the driver killed
 * mid-training followed by {@code --resume}.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String CONF = "conf/demo.conf";
  @TempDir static Path tmp;
  static Path clusterDir;
  static String master;
  static String sparkHome;
  static Path shards;
  static double referenceAuc;

  @BeforeAll
  static void startClusterAndShard() throws Exception {
    clusterDir = tmp.resolve("cluster");
    Process p = script(List.of("scripts/local-cluster.sh", "start", "--workers", "2", "--cores", "1", "--memory", "2g"),
        tmp.resolve("cluster-start.log"));
    Runtime.getRuntime().addShutdownHook(new Thread(LocalClusterIT::stopCluster));
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cluster start timed out");
    List<String> out = Files.readAllLines(tmp.resolve("cluster-start.log"));
    assertEquals(0, p.exitValue(), String.join("\n", out));
    master = out.get(out.size() - 1);
    assertTrue(master.matches("spark://127\\.0\\.0\\.1:\\d+"), "last line is the master URL: " + master);
    sparkHome = clusterDir.resolve("spark-home").toString();

    Path corpus = tmp.resolve("corpus");
    shards = tmp.resolve("shards");
    assertEquals(0, CliResult.run("generate-corpus", "--output", corpus.toString(), "--posts", "2500").code());
    CliResult s = CliResult.run("shard", "--conf", ROOT.resolve(CONF).toString(), "--master", "local[2]",
        "--input", corpus.toString(), "--output", shards.toString());
    assertEquals(0, s.code(), s.toString());
  }

  @AfterAll
  static void stopCluster() {
    try {
      script(List.of("scripts/local-cluster.sh", "stop"), tmp.resolve("cluster-stop.log")).waitFor(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the shutdown hook calls this again
    }
  }

  @Test
  @Order(1)
  void trainsOnTwoExecutorsThroughSparkSubmit() throws Exception {
    Path model = tmp.resolve("model-ref");
    Run r = train(model, "--set", "train.epochs=4");
    assertEquals(0, r.waitFor(400), r.output());
    assertTrue(r.output().contains("epoch 4/4"), r.output());
    assertTrue(Files.exists(model.resolve("_SUCCESS")) && Files.exists(model.resolve("model.zip")));
    // Both workers ran an executor of this application.
    for (String w : List.of("work-1", "work-2")) {
      try (var apps = Files.list(clusterDir.resolve(w))) {
        assertTrue(apps.anyMatch(a -> a.getFileName().toString().startsWith("app-")), w + " ran no executor");
      }
    }
    List<String> history = Files.readAllLines(model.resolve("history.csv"));
    assertEquals(5, history.size());
    referenceAuc = Double.parseDouble(history.get(4).split(",")[4]);
    assertTrue(referenceAuc > 0.75, "validation AUC after 4 epochs on the cluster: " + referenceAuc);
  }

  @Test
  @Order(2)
  void anExecutorKilledMidTrainingIsReplacedAndTrainingFinishes() throws Exception {
    Path model = tmp.resolve("model-executor-kill");
    Run r = train(model, "--set", "train.epochs=4");
    waitForEpochs(model, 1, r);
    ProcessHandle executor = executors().get(0);
    System.out.println("killing executor pid " + executor.pid() + ": " + executor.info().commandLine().orElse("?").substring(0, 80));
    executor.destroyForcibly();
    assertEquals(0, r.waitFor(400), r.output());
    assertTrue(Files.exists(model.resolve("_SUCCESS")), r.output());
    assertEquals(5, Files.readAllLines(model.resolve("history.csv")).size());
    List<String> retried = r.output().lines()
        .filter(l -> l.contains("Lost executor") || l.contains("Lost task") || l.contains("Executor lost")
            || l.contains("Removed executor") || l.contains("ExecutorLostFailure"))
        .collect(Collectors.toList());
    System.out.println("what Spark retried after the kill:\n  " + String.join("\n  ", retried));
    assertFalse(retried.isEmpty(), "the driver saw the executor go:\n" + r.output());
  }

  @Test
  @Order(3)
  void aKilledDriverLeavesNoCompleteLookingModelAndResumeContinues() throws Exception {
    Path model = tmp.resolve("model-driver-kill");
    Run r = train(model, "--set", "train.epochs=4");
    waitForEpochs(model, 2, r);
    r.process.descendants().forEach(ProcessHandle::destroyForcibly);
    r.process.destroyForcibly();
    r.process.waitFor(60, TimeUnit.SECONDS);
    assertFalse(Files.exists(model), "no directory under the final name after a crash");
    Path work = OutputDir.inProgressPath(model);
    assertTrue(Files.isDirectory(work));
    assertFalse(Files.exists(work.resolve("_SUCCESS")));
    int done = Files.readAllLines(work.resolve("history.csv")).size() - 1;
    assertTrue(done >= 2 && done < 4, "epochs done before the kill: " + done);

    Run resumed = train(model, "--resume", "--set", "train.epochs=4");
    assertEquals(0, resumed.waitFor(400), resumed.output());
    assertTrue(resumed.output().contains("resuming after epoch " + done), resumed.output());
    assertFalse(resumed.output().contains("epoch 1/4"), "not from scratch:\n" + resumed.output());
    List<String> history = Files.readAllLines(model.resolve("history.csv"));
    assertEquals(5, history.size());
    double auc = Double.parseDouble(history.get(4).split(",")[4]);
    assertEquals(referenceAuc, auc, 0.1, "comparable to the uninterrupted run");
  }

  // ---- helpers

  record Run(Process process, Path log) {
    int waitFor(int seconds) throws Exception {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("timed out after " + seconds + " s:\n" + output());
      }
      return process.exitValue();
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }
  }

  /**
   * The fused LSTM under parameter averaging on two executors (Kryo, spark-submit's fat jar): a run
   * with DL4J's LSTM layer is killed after its first epoch, then resumed with the fused layer from
   * that checkpoint (weights and RMSprop state converted), and finishes with a model that learned.
   */
  @Test
  @Order(4)
  void aDl4jLstmCheckpointResumesWithTheFusedLayerOnTheCluster() throws Exception {
    Path model = tmp.resolve("model-lstm");
    String[] lstm = {"--set", "model.arch=lstm", "--set", "model.lstm_units=32", "--set", "etl.max_length=96",
        "--set", "optimizer.learning_rate=0.01", "--set", "train.epochs=3"};
    List<String> first = new ArrayList<>(List.of(lstm));
    first.addAll(List.of("--set", "model.lstm_impl=dl4j"));
    Run r = train(model, first.toArray(String[]::new));
    waitForEpochs(model, 1, r);
    r.process.descendants().forEach(ProcessHandle::destroyForcibly);
    r.process.destroyForcibly();
    r.process.waitFor(60, TimeUnit.SECONDS);
    Path work = OutputDir.inProgressPath(model);
    String checkpointConf;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(work.resolve("checkpoints").resolve("epoch-0001.zip").toFile())) {
      checkpointConf = new String(z.getInputStream(z.getEntry("configuration.json")).readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(checkpointConf.contains("org.deeplearning4j.nn.conf.layers.LSTM")
        && !checkpointConf.contains("FusedLstm"), "epoch 1 was trained with DL4J's LSTM");
    int done = Files.readAllLines(work.resolve("history.csv")).size() - 1;

    List<String> again = new ArrayList<>(List.of("--resume"));
    again.addAll(List.of(lstm));
    again.addAll(List.of("--set", "model.lstm_impl=fused"));
    Run resumed = train(model, again.toArray(String[]::new));
    assertEquals(0, resumed.waitFor(400), resumed.output());
    assertTrue(resumed.output().contains("resuming after epoch " + done), resumed.output());
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(model.resolve("model.zip").toFile())) {
      String conf = new String(z.getInputStream(z.getEntry("configuration.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(conf.contains("io.charspark.model.FusedLstm"), "the kept model uses the fused layer");
    }
    List<String> history = Files.readAllLines(model.resolve("history.csv"));
    assertEquals(4, history.size());
    double auc = Double.parseDouble(history.get(3).split(",")[4]);
    // Above chance after the conversion (0.65 measured: a 32-unit LSTM learns this corpus slowly,
    // see docs/training.md); the point here is that training continued from the checkpoint.
    assertTrue(auc > 0.55, "validation AUC of the LSTM after 3 epochs on the cluster: " + auc);
  }

  static Run train(Path model, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("scripts/charspark", "train", "--master", master,
        "--conf", CONF, "--data", shards.toString(), "--model", model.toString()));
    cmd.addAll(List.of(extra));
    Path log = tmp.resolve(model.getFileName() + (List.of(extra).contains("--resume") ? "-resume" : "") + ".log");
    return new Run(script(cmd, log), log);
  }

  static Process script(List<String> cmd, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("CHARSPARK_CLUSTER_DIR", clusterDir.toString());
    if (sparkHome != null) pb.environment().put("SPARK_HOME", sparkHome);
    return pb.start();
  }

  static void waitForEpochs(Path model, int epochs, Run r) throws Exception {
    Path history = OutputDir.inProgressPath(model).resolve("history.csv");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (!r.process.isAlive()) throw new AssertionError("training ended early:\n" + r.output());
      if (Files.exists(history) && Files.readAllLines(history).size() - 1 >= epochs) return;
      Thread.sleep(200);
    }
    throw new AssertionError("no " + epochs + " epoch(s) within 300 s:\n" + r.output());
  }

  /** Executor JVMs: the children of this cluster's Worker processes. */
  static List<ProcessHandle> executors() throws IOException {
    List<ProcessHandle> out = new ArrayList<>();
    for (String w : List.of("worker-1.pid", "worker-2.pid")) {
      long pid = Long.parseLong(Files.readString(clusterDir.resolve(w)).trim());
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      h.ifPresent(p -> p.children().filter(c -> c.info().commandLine().orElse("")
          .contains("CoarseGrainedExecutorBackend")).forEach(out::add));
    }
    assertFalse(out.isEmpty(), "no executor JVM found under the workers");
    return out;
  }
}
