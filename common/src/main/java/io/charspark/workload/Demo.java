package io.charspark.workload;

import java.nio.file.Path;
import java.util.List;

/**
 * What the {@code demo} job does for one workload's data, so the job itself tests no workload: the
 * shipped configuration, the size of the generated corpus, the line describing it, and how the demo
 * ends (scoring the generated scoring input, or sampling the language model). Each workload record
 * that has a demo holds its own ({@link SpoilersClassifier#DEMO}, {@link ToxicMultiLabel#DEMO},
 * {@link LanguageModel#DEMO}); {@link #of} finds it by workload name.
 *
 * @param workload the workload name ({@code workload} in the configuration, {@code --workload})
 * @param conf the shipped demo configuration, relative to the installation
 * @param posts generated posts (toxic: train comments) when {@code --posts} is not given
 * @param corpusLine the line printed once the corpus is written; {@code {requested}} becomes the
 *     number of posts asked for, {@code {posts}} and {@code {spoilers}} what was written, {@code
 *     {corpus}} the corpus directory
 * @param scoringInput what {@code score} reads, relative to the corpus directory; null when the
 *     demo samples the language model with {@code generate} instead
 * @param submission whether {@code score} also writes a Kaggle submission
 */
public record Demo(
    String workload, String conf, int posts, String corpusLine, String scoringInput, boolean submission) {

  /** The demo of {@code workload}, one of {@code CharsparkConfig.WORKLOADS}. */
  public static Demo of(String workload) {
    for (Demo d : List.of(SpoilersClassifier.DEMO, ToxicMultiLabel.DEMO, LanguageModel.DEMO)) {
      if (d.workload.equals(workload)) return d;
    }
    throw new IllegalArgumentException("No demo for workload '" + workload + "'");
  }

  /** The demo ends with {@code score} (a classifier) rather than {@code generate}. */
  public boolean scores() {
    return scoringInput != null;
  }

  /** {@link #corpusLine} with its placeholders filled in. */
  public String corpusLine(int requested, int posts, int spoilers, Path corpus) {
    return corpusLine.replace("{requested}", String.valueOf(requested))
        .replace("{posts}", String.valueOf(posts))
        .replace("{spoilers}", String.valueOf(spoilers))
        .replace("{corpus}", String.valueOf(corpus));
  }
}
