package io.charspark.bench;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import io.charspark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code scripts/bench_pytorch.py} in a child process and parses the one JSON line it prints.
 * The interpreter ({@link #PYTHON}): {@code $CHARSPARK_PYTHON} if set; else the first of {@code
 * python3} on the PATH and Debian's {@code /usr/bin/python3} (where {@code python3-torch} installs)
 * that imports torch -- so a PyTorch wheel from pip (MKL, oneDNN) is preferred over Debian's build.
 * The child inherits the JVM's environment, {@code OPENBLAS_CORETYPE} included, so both sides' BLAS
 * run the same kernels.
 */
final class PyTorchPeer {
  static final String PYTHON = interpreter();
  static final String SCRIPT = "scripts/bench_pytorch.py";

  private static String interpreter() {
    String env = System.getenv("CHARSPARK_PYTHON");
    if (env != null && !env.isBlank()) return env;
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
        p.destroyForcibly();
      } catch (IOException e) {
        // not installed: the next candidate
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return "/usr/bin/python3";
  }

  private PyTorchPeer() {}

  /** The script: {@code -Dcharspark.home}, or {@code scripts/} in the working directory or a parent. */
  static Path script() {
    List<Path> starts = new ArrayList<>();
    String home = System.getProperty("charspark.home", System.getenv("CHARSPARK_HOME"));
    if (home != null && !home.isBlank()) starts.add(Path.of(home));
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path d = start; d != null; d = d.getParent()) {
        Path s = d.resolve(SCRIPT);
        if (Files.isRegularFile(s)) return s;
      }
    }
    return null;
  }

  /** Null when PyTorch can run, else why not (for {@code "pytorch": "skipped: <reason>"}). */
  static String unavailable() {
    if (PYTHON.startsWith("/") && !Files.isExecutable(Path.of(PYTHON))) return PYTHON + " not found";
    if (script() == null) return SCRIPT + " not found from " + Path.of("").toAbsolutePath();
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "'import torch' timed out";
      }
      if (p.exitValue() == 0) return null;
      String[] lines = out.split("\n");
      return PYTHON + " cannot import torch (" + lines[lines.length - 1].strip() + "; Debian: apt-get install python3-torch)";
    } catch (IOException e) {
      return "cannot run " + PYTHON + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The arguments after the interpreter and script, for the recorded command too. */
  static List<String> args(String data, int threads, int batch, int reps, int warmupBatches, long seed, int gemmN) {
    return List.of("--data", data, "--threads", String.valueOf(threads), "--batch", String.valueOf(batch),
        "--reps", String.valueOf(reps), "--warmup-batches", String.valueOf(warmupBatches),
        "--seed", String.valueOf(seed), "--gemm-n", String.valueOf(gemmN));
  }

  /**
   * The child's environment besides {@code torch.set_num_threads}: {@code threads} for OpenMP, MKL
   * and OpenBLAS, and {@code OMP_WAIT_POLICY=PASSIVE}. Debian's torch runs its own ops on OpenMP
   * (libgomp) and its GEMMs on OpenBLAS's pthreads; with the default (active) wait policy the idle
   * OpenMP worker spins while OpenBLAS's second thread wants the same core, and two threads were
   * measured 3-4x slower than one (99-135 seq/s against 407, CPU/wall 2.0). PASSIVE is harmless at
   * one thread (no OpenMP worker). {@code OPENBLAS_CORETYPE} as the JVM has it (inherited anyway;
   * listed so the recorded command reproduces the run).
   */
  static Map<String, String> env(int threads) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String v : List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")) {
      env.put(v, String.valueOf(threads));
    }
    env.put("OMP_WAIT_POLICY", "PASSIVE");
    String coretype = System.getenv("OPENBLAS_CORETYPE");
    if (coretype != null && !coretype.isBlank()) env.put("OPENBLAS_CORETYPE", coretype);
    return env;
  }

  /** The command line that reproduces a run, environment first. */
  static String command(List<String> args, int threads) {
    StringBuilder sb = new StringBuilder();
    env(threads).forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
    sb.append(PYTHON).append(' ').append(SCRIPT);
    for (String a : args) sb.append(' ').append(a);
    return sb.toString();
  }

  /** Runs the script with {@link #env(int)}. */
  static Map<String, Object> run(List<String> args, int threads, Consumer<String> log) {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script().toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env(threads));
    try {
      Process p = pb.start();
      // stderr: progress lines, forwarded; stdout: the JSON line.
      Thread err = new Thread(() -> {
        try (var r = p.errorReader(StandardCharsets.UTF_8)) {
          r.lines().forEach(log);
        } catch (IOException e) {
          // the process ended
        }
      }, "bench-pytorch-stderr");
      err.setDaemon(true);
      err.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      err.join(5_000);
      String json = null;
      for (String line : out.split("\n")) if (line.startsWith("{")) json = line;
      if (code != 0 || json == null) {
        throw new IllegalStateException("bench_pytorch.py failed (exit " + code + "): " + String.join(" ", cmd)
            + (out.isBlank() ? "" : "\n" + out));
      }
      // Python's json writes NaN for a diverged loss; accept it.
      return Json.MAPPER.readerFor(new TypeReference<Map<String, Object>>() {})
          .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .readValue(json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running bench_pytorch.py", e);
    }
  }
}
