package io.charspark.metrics;

import io.charspark.data.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many positives a split's ROC AUC (and log loss) rests on, from the shard manifest's label
 * counts, and the warning {@code train} logs and {@code report.html} shows when a label has fewer
 * than {@link #MIN_POSITIVES}: with one positive, an AUC is the rank of a single row (0, 1 or
 * anything between by chance), not a property of the model.
 */
public final class MetricSupport {
  /** Below this many positives in a split, that split's metrics of the label are flagged as noise. */
  public static final long MIN_POSITIVES = 10;

  private MetricSupport() {}

  /**
   * Labels of {@code split} with fewer than {@link #MIN_POSITIVES} positives, in label order, with
   * their counts. {@code labels}: the heads of a multi-label model (counts under each name), or
   * {@code null} for a binary classifier (counts under {@code "1"}, reported as {@code labelField}).
   * Empty when the manifest has no counts for the split (unlabelled data, a language model).
   */
  public static Map<String, Long> fewPositives(Manifest m, String split, List<String> labels, String labelField) {
    Map<String, Long> out = new LinkedHashMap<>();
    Map<String, Long> c = m == null ? null : m.labelCounts.get(split);
    if (c == null || c.isEmpty() || m.splits.getOrDefault(split, 0L) == 0) return out;
    if (labels != null) {
      for (String l : labels) {
        long p = c.getOrDefault(l, 0L);
        if (p < MIN_POSITIVES) out.put(l, p);
      }
    } else if (labelField != null && !labelField.isEmpty() && c.containsKey("0")) {
      long p = c.getOrDefault("1", 0L);
      if (p < MIN_POSITIVES) out.put(labelField, p);
    }
    return out;
  }

  /**
   * One sentence, e.g. {@code validation ROC AUC and log loss of threat rest on 1 positive,
   * identity_hate on 4 (fewer than 10): read them as noise}; empty when {@code few} is empty.
   */
  public static String warning(String split, Map<String, Long> few) {
    if (few.isEmpty()) return "";
    StringBuilder b = new StringBuilder(split + " ROC AUC and log loss of ");
    int i = 0;
    for (Map.Entry<String, Long> e : few.entrySet()) {
      if (i > 0) b.append(", ");
      b.append(e.getKey()).append(i == 0 ? (few.size() == 1 ? " rests on " : " rest on ") : " on ")
          .append(e.getValue()).append(e.getValue() == 1 ? " positive" : " positives");
      i++;
    }
    return b.append(String.format(Locale.ROOT, " (fewer than %d): read %s as noise", MIN_POSITIVES,
        few.size() == 1 ? "it" : "them")).toString();
  }
}
