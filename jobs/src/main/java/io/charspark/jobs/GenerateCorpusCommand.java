package io.charspark.jobs;

import io.charspark.demo.DemoCorpus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate-corpus", description = "Write the deterministic demo corpus (Reddit dump and API formats, with realistic faults).")
public class GenerateCorpusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--output", required = true, description = "Output directory.")
  Path output;

  @Option(names = "--posts", defaultValue = "4000", description = "Number of posts (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--workload", defaultValue = "spoilers", description = "spoilers (r/StarWars) or showerthoughts (r/Showerthoughts titles) (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    DemoCorpus.Stats s = DemoCorpus.write(output, posts, seed, overwrite, workload);
    spec.commandLine().getOut().println("generate-corpus: " + s.posts() + " posts (" + s.spoilers()
        + " spoilers) in " + s.files().size() + " files under " + output);
    return 0;
  }
}
