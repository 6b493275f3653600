package io.charspark.jobs;

import io.charspark.demo.DemoCorpus;
import io.charspark.demo.KaggleCorpus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate-corpus", description = "Write the deterministic demo corpus (Reddit dump and API formats, or the Kaggle Jigsaw CSV files for --workload toxic; with realistic faults).")
public class GenerateCorpusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--output", required = true, description = "Output directory.")
  Path output;

  @Option(names = "--posts", defaultValue = "4000", description = "Number of posts; for toxic, usable train.csv rows (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(names = "--test-rows", description = "toxic only: usable test.csv rows (default: --posts / 2).")
  Integer testRows;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--workload", defaultValue = "spoilers", description = "spoilers (r/StarWars), showerthoughts (r/Showerthoughts titles) or toxic (Kaggle Jigsaw train.csv, test.csv, test_labels.csv, sample_submission.csv) (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    if (workload.equals("toxic")) {
      if (posts < 50) throw new IllegalArgumentException("--posts must be >= 50, got " + posts);
      int test = testRows != null ? testRows : Math.max(20, posts / 2);
      KaggleCorpus.Stats k = KaggleCorpus.write(output, posts, test, seed, overwrite);
      spec.commandLine().getOut().println("generate-corpus: Kaggle Jigsaw files under " + output + ": train.csv "
          + k.trainRecords() + " records (" + k.trainRows() + " usable; positives " + k.trainPositives()
          + "), test.csv " + k.testRecords() + " records (" + k.testScored() + " scored, " + k.testUnscored()
          + " unscored), test_labels.csv " + k.labelRecords() + " rows; deliberate faults " + k.rejected());
      return 0;
    }
    if (testRows != null) throw new IllegalArgumentException("--test-rows applies to --workload toxic only");
    DemoCorpus.Stats s = DemoCorpus.write(output, posts, seed, overwrite, workload);
    spec.commandLine().getOut().println("generate-corpus: " + s.posts() + " posts (" + s.spoilers()
        + " spoilers) in " + s.files().size() + " files under " + output);
    return 0;
  }
}
