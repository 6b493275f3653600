package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every EMR step file parses, and each step's job arguments pass the launcher's own parser. */
class EmrStepsTest {
  static final Path EMR = Path.of("../scripts/emr");
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyStepParsesWithTheCli() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(EMR)) {
      files = s.filter(p -> p.toString().endsWith("-steps.json")).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 2, "step files: " + files);
    int steps = 0;
    for (Path f : files) {
      for (JsonNode step : JSON.readTree(f.toFile())) {
        String name = f.getFileName() + " / " + step.get("Name").asText();
        assertEquals("Spark", step.get("Type").asText(), name);
        List<String> args = new ArrayList<>();
        step.get("Args").forEach(a -> args.add(a.asText()));
        int cls = args.indexOf("--class");
        assertTrue(cls >= 0, name);
        assertEquals("io.charspark.jobs.Main", args.get(cls + 1), name);
        String jar = args.get(cls + 2);
        assertTrue(jar.startsWith("s3://") && jar.endsWith("-spark.jar"), name + ": " + jar);
        List<String> job = args.subList(cls + 3, args.size());
        CommandLine cl = Main.commandLine(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        CommandLine.ParseResult r = cl.parseArgs(job.toArray(String[]::new)); // throws on drift
        assertTrue(r.hasSubcommand(), name);
        assertFalse(job.contains("--master"), name + ": spark-submit owns the master on EMR");
        steps++;
      }
    }
    assertTrue(steps >= 7, "steps checked: " + steps);
  }

  @Test
  void gpuConfigurationsScheduleOneGpuPerTaskOnYarn() throws Exception {
    JsonNode conf = JSON.readTree(EMR.resolve("gpu-configurations.json").toFile());
    JsonNode defaults = classification(conf, "spark-defaults");
    assertEquals("1", defaults.get("spark.executor.resource.gpu.amount").asText());
    assertEquals("1", defaults.get("spark.task.resource.gpu.amount").asText());
    assertTrue(defaults.get("spark.executor.resource.gpu.discoveryScript").asText().endsWith(".sh"));
    assertEquals("yarn.io/gpu", classification(conf, "yarn-site").get("yarn.resource-types").asText());
    // The same Spark properties as conf/spark-gpu.conf, which the local GPU test exercises.
    for (String line : Files.readAllLines(Path.of("../conf/spark-gpu.conf"))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String key = line.trim().split("\\s+")[0];
      assertTrue(defaults.has(key), "gpu-configurations.json lacks " + key);
    }
  }

  static JsonNode classification(JsonNode conf, String name) {
    for (JsonNode c : conf) if (c.get("Classification").asText().equals(name)) return c.get("Properties");
    throw new AssertionError("no classification " + name);
  }

  @Test
  void configurationsCarryKryoOverheadAndTheJava17Flags() throws Exception {
    JsonNode conf = JSON.readTree(EMR.resolve("configurations.json").toFile());
    JsonNode defaults = null;
    for (JsonNode c : conf) if (c.get("Classification").asText().equals("spark-defaults")) defaults = c.get("Properties");
    assertTrue(defaults != null, "a spark-defaults classification");
    assertEquals("org.nd4j.kryo.Nd4jRegistrator", defaults.get("spark.kryo.registrator").asText());
    assertTrue(defaults.has("spark.executor.memoryOverhead"));
    for (String flag : Files.readAllLines(Path.of("../conf/jvm.options"))) {
      if (flag.isBlank()) continue;
      assertTrue(defaults.get("spark.executor.extraJavaOptions").asText().contains(flag), flag);
      assertTrue(defaults.get("spark.driver.extraJavaOptions").asText().contains(flag), flag);
    }
  }
}
