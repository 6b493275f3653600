package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.io.OutputDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/charspark itself (bash), copied into a temporary installation and run from another
 * directory with {@code --dry-run}: the first-run build is one progress line with Maven's output in
 * a log file ({@code --verbose} shows it), a failed build prints the log's end, and the job gets
 * the installation as {@code -Dcharspark.home} whatever the working directory. Maven is a stand-in
 * script on the PATH that prints 2,000 lines and writes what a build writes (a real build here
 * would take minutes).
 */
class LauncherTest {
  @TempDir Path tmp;
  Path install;
  Path elsewhere;
  Path bin;

  @BeforeEach
  void installation() throws IOException {
    install = tmp.resolve("charspark home");
    Files.createDirectories(install.resolve("scripts"));
    Files.createDirectories(install.resolve("conf"));
    Files.copy(Path.of("../scripts/charspark"), install.resolve("scripts/charspark"));
    Files.copy(Path.of("../conf/jvm.options"), install.resolve("conf/jvm.options"));
    elsewhere = tmp.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    fakeMaven(0);
  }

  void fakeMaven(int exit) throws IOException {
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/usr/bin/env bash\n"
        + "for i in $(seq 1 2000); do echo \"[INFO] Downloading artifact $i\"; done\n"
        + (exit != 0 ? "echo '[ERROR] BUILD FAILURE'; exit " + exit + "\n" : "")
        + "mkdir -p jobs/target && touch jobs/target/charspark-jobs-0.1.0.jar && echo /x.jar > jobs/target/classpath.txt\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  record Run(int code, String out, String err) {}

  Run launch(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", install.resolve("scripts/charspark").toString()));
    cmd.addAll(List.of(args));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().remove("SPARK_HOME");
    pb.environment().remove("CHARSPARK_SUBMIT");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void firstRunBuildIsOneProgressLineAndTheJobFindsItsInstallation() throws Exception {
    Run first = launch("--dry-run", "demo", "--workload", "toxic");
    assertEquals(0, first.code(), first.toString());
    Path log = install.resolve("target/charspark-build.log");
    assertEquals(List.of("charspark: first run: building the project (a few minutes; log: " + log + ")...",
        "charspark: build done."), first.err().lines().toList(), first.err());
    assertTrue(Files.readAllLines(log).size() >= 2000, "Maven's output is in the log");
    assertTrue(first.out().contains("-Dcharspark.home=" + install.toString().replace(" ", "\\ ")), first.out());
    assertTrue(first.out().contains("io.charspark.jobs.Main demo --workload toxic"), first.out());

    Run second = launch("--dry-run", "train", "--help");
    assertEquals("", second.err(), "built already: nothing printed");

    OutputDir.deleteRecursively(install.resolve("jobs"));
    Run verbose = launch("--dry-run", "train", "--help", "--verbose");
    assertTrue(verbose.err().contains("[INFO] Downloading artifact 2000"), "--verbose shows the build");
    assertTrue(verbose.out().contains("train --help --verbose"), "--verbose reaches the job: " + verbose.out());
  }

  @Test
  void aFailedBuildPrintsTheEndOfItsLog() throws Exception {
    fakeMaven(1);
    Run r = launch("--dry-run", "demo");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("charspark: the build failed; the end of " + install.resolve("target/charspark-build.log")), r.err());
    assertTrue(r.err().contains("[ERROR] BUILD FAILURE"), r.err());
    assertFalse(r.err().contains("Downloading artifact 1\n"), "only the end of the log");
  }
}
