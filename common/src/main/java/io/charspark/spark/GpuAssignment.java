package io.charspark.spark;

import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds the current Spark task thread to the GPU Spark assigned to the task
 * ({@code spark.task.resource.gpu.amount}), so ND4J's CUDA backend computes there. Called at the
 * start of every executor-side partition function that touches ND4J. On the CPU backend, or when a
 * task has no GPU, it does nothing.
 */
public final class GpuAssignment {
  private GpuAssignment() {}

  /** The first GPU address Spark assigned to the running task, if any. */
  public static Optional<String> assigned() {
    TaskContext tc = TaskContext.get();
    if (tc == null) return Optional.empty();
    ResourceInformation gpu = tc.resourcesJMap().get("gpu");
    if (gpu == null || gpu.addresses().length == 0) return Optional.empty();
    return Optional.of(gpu.addresses()[0]);
  }

  /** True when ND4J runs on its CUDA backend (the jar was built with {@code -Pgpu}). */
  public static boolean cudaBackend() {
    return Nd4j.getBackend().getClass().getName().toLowerCase(java.util.Locale.ROOT).contains("cuda");
  }

  /** Points ND4J at the task's GPU (CUDA backend only). Returns the device bound, if any. */
  public static Optional<Integer> bindCurrentThread() {
    Optional<String> a = assigned();
    if (a.isEmpty() || !cudaBackend()) return Optional.empty();
    int device = Integer.parseInt(a.get().trim());
    Nd4j.getAffinityManager().unsafeSetDevice(device);
    return Optional.of(device);
  }
}
