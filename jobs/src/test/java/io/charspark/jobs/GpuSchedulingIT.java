package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/spark-gpu.conf reaches the executors: on a standalone cluster whose Workers offer one GPU
 * each (scripts/gpu-discovery.sh with CHARSPARK_FAKE_GPUS=1, as this machine has none), every task
 * of an application submitted with those properties is assigned a GPU address, which is what
 * {@code GpuAssignment} binds ND4J's CUDA backend to. Without the properties, tasks get none.
 */
@Tag("cluster")
class GpuSchedulingIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  @TempDir Path tmp;

  @Test
  void gpuResourceSettingsReachTheExecutors() throws Exception {
    Path cluster = tmp.resolve("cluster");
    try {
      List<String> start = run(cluster, tmp.resolve("start.log"), null,
          "scripts/local-cluster.sh", "start", "--workers", "2", "--cores", "1", "--memory", "1g", "--gpus", "1");
      String master = start.get(start.size() - 1);
      assertTrue(master.startsWith("spark://"), String.join("\n", start));
      String home = cluster.resolve("spark-home").toString();

      List<String> withGpu = run(cluster, tmp.resolve("gpu.log"), "conf/spark-gpu.conf",
          "env", "SPARK_HOME=" + home, "scripts/charspark", "gpu-check", "--master", master);
      List<String> tasks = withGpu.stream().filter(l -> l.startsWith("gpu-check: task")).collect(Collectors.toList());
      assertEquals(4, tasks.size(), String.join("\n", withGpu));
      assertTrue(tasks.stream().allMatch(l -> l.contains(" gpu 0 ")), String.join("\n", tasks));
      assertTrue(withGpu.contains("gpu-check: spark.task.resource.gpu.amount = 1"));

      List<String> without = run(cluster, tmp.resolve("cpu.log"), null,
          "env", "SPARK_HOME=" + home, "scripts/charspark", "gpu-check", "--master", master);
      assertTrue(without.stream().filter(l -> l.startsWith("gpu-check: task")).allMatch(l -> l.contains(" gpu none ")),
          String.join("\n", without));
    } finally {
      run(cluster, tmp.resolve("stop.log"), null, "scripts/local-cluster.sh", "stop");
    }
  }

  static List<String> run(Path cluster, Path log, String properties, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("CHARSPARK_CLUSTER_DIR", cluster.toString());
    pb.environment().put("CHARSPARK_FAKE_GPUS", "1");
    if (properties != null) pb.environment().put("CHARSPARK_PROPERTIES", properties);
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd) + "\n" + Files.readString(log));
    }
    List<String> out = Files.readAllLines(log);
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + String.join("\n", out));
    return out;
  }
}
