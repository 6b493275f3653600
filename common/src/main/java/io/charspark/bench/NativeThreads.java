package io.charspark.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU threads ND4J may use, set at run time for the whole JVM (so for Spark's local executor
 * threads as well). Two pools matter for DL4J on the native backend (nd4j-native 1.0.0-M2):
 *
 * <ul>
 *   <li>OpenBLAS (GEMM: the LSTM's matrix products): {@code Nd4j.factory().blas().setMaxThreads(n)},
 *       i.e. {@code blas_set_num_threads}; takes effect at once, up or down.
 *   <li>libnd4j's own thread pool (element-wise ops, gate activations, reductions):
 *       {@code Nd4j.getEnvironment().setMaxMasterThreads(n)} caps the threads one op uses. Its pool
 *       size ({@code maxThreads}) is read from {@code OMP_NUM_THREADS} (or {@code SD_MAX_THREADS})
 *       when the library loads and cannot be raised later (a runtime {@code setMaxThreads} is
 *       ignored), so lowering is always possible and raising only up to the startup value. The
 *       launcher and Surefire start the JVM with {@code OMP_NUM_THREADS=1}.
 * </ul>
 *
 * {@code OMP_NUM_THREADS} itself only matters at startup; {@code NativeOps.setOmpNumThreads} would
 * set the OpenMP runtime's count, which DL4J M2 reports as 4 whatever the variable says (issue
 * deeplearning4j#9668) and which these ops do not use (the measured CPU seconds per wall second of
 * a one-thread run is 1.0).
 */
final class NativeThreads {
  private NativeThreads() {}

  record Snapshot(int masterThreads, int blasThreads) {}

  static Snapshot current() {
    return new Snapshot(Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads());
  }

  /** At most {@code n} threads per ND4J op and per BLAS call (BLAS is what a GEMM benchmark needs). */
  static void set(int n) {
    Nd4j.getEnvironment().setMaxMasterThreads(Math.min(n, Nd4j.getEnvironment().maxThreads()));
    Nd4j.factory().blas().setMaxThreads(n);
  }

  static void restore(Snapshot s) {
    Nd4j.getEnvironment().setMaxMasterThreads(s.masterThreads());
    Nd4j.factory().blas().setMaxThreads(s.blasThreads());
  }

  /** What is in force now, as read back from the libraries. */
  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("omp_num_threads_env", String.valueOf(System.getenv("OMP_NUM_THREADS")));
    m.put("nd4j_pool_threads", Nd4j.getEnvironment().maxThreads());
    m.put("nd4j_max_master_threads", Nd4j.getEnvironment().maxMasterThreads());
    m.put("blas_threads", Nd4j.factory().blas().getMaxThreads());
    m.put("blas_vendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
    m.put("blas_library", blasJar());
    m.put("set_with", "Nd4j.getEnvironment().setMaxMasterThreads(n); Nd4j.factory().blas().setMaxThreads(n)"
        + " (= OpenBLAS blas_set_num_threads)");
    return m;
  }

  private static String blasJar() {
    try {
      var src = org.bytedeco.openblas.global.openblas_nolapack.class.getProtectionDomain().getCodeSource();
      return src == null ? "unknown" : Path.of(src.getLocation().toURI()).getFileName().toString();
    } catch (Exception | LinkageError e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }
}
