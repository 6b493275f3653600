package io.charspark.jobs;

import io.charspark.spark.GpuAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shows what GPU each executor task was given: runs {@code --tasks} small tasks and prints, per
 * task, the executor, the GPU addresses Spark assigned and the ND4J backend. Exits 1 if the
 * application asks for GPUs per task ({@code spark.task.resource.gpu.amount}) and a task got none.
 */
@Command(name = "gpu-check", description = "Print the GPUs Spark assigned to executor tasks and the ND4J backend they use.")
public class GpuCheckCommand implements Callable<Integer> {
  @Mixin SparkOptions sparkOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--tasks", defaultValue = "4", description = "Number of tasks (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    try (SparkOptions.Handle h = sparkOptions.open("gpu-check")) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(h.spark().sparkContext());
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < tasks; i++) ids.add(i);
      List<String> rows =
          sc.parallelize(ids, tasks)
              .map(i -> {
                TaskContext tc = TaskContext.get();
                String gpu = GpuAssignment.assigned().orElse("none");
                String backend = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
                return "task " + tc.partitionId() + " executor " + SparkEnv.get().executorId()
                    + " gpu " + gpu + " backend " + backend;
              })
              .collect();
      String wanted = h.spark().sparkContext().getConf().get("spark.task.resource.gpu.amount", "0");
      boolean missing = false;
      for (String r : rows) {
        out.println("gpu-check: " + r);
        missing |= r.contains(" gpu none ");
      }
      out.println("gpu-check: spark.task.resource.gpu.amount = " + wanted);
      if (!wanted.equals("0") && missing) {
        spec.commandLine().getErr().println("charspark gpu-check: error: GPUs were requested per task but a task got none");
        return 1;
      }
    }
    return 0;
  }
}
