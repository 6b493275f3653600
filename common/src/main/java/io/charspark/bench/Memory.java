package io.charspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Peak resident memory of this JVM (Linux {@code /proc/self/status} VmHWM): heap, ND4J's off-heap
 * buffers and native libraries together. On a {@code local[N]} master the executors are threads
 * of this JVM, so this is driver and executors at once. Writing {@code 5} to
 * {@code /proc/self/clear_refs} resets the peak (Linux 4.0+), which gives a peak per suite.
 */
final class Memory {
  private Memory() {}

  /** Resets the peak; false where the kernel does not allow it (the peak is then the process's). */
  static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code field} of /proc/self/status in MB, or -1 when unavailable. */
  static double statusMb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          String[] p = line.substring(field.length() + 1).trim().split("\\s+");
          return Long.parseLong(p[0]) / 1024.0; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  static Map<String, Object> peak(boolean wasReset, String master) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driver_peak_rss_mb", statusMb("VmHWM"));
    m.put("scope", wasReset ? "this suite (VmHWM reset at its start)" : "the JVM's lifetime (VmHWM could not be reset)");
    m.put("executors", master.startsWith("local")
        ? "threads of the driver JVM on " + master + ": included in driver_peak_rss_mb"
        : "separate JVMs: not measured here");
    return m;
  }
}
