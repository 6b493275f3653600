package io.charspark.report;

import io.charspark.data.Sharder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The four {@code eda} charts, drawn from an {@link EdaResult} (no Spark): texts per split and
 * label; characters per cleaned text and unique-token ratio, as the share of each label's texts per
 * bin over all splits (so labels of different sizes compare), with {@code etl.max_length} marked;
 * and the characters the ETL replaces most. Files are replaced atomically.
 */
final class EdaCharts {
  static final String COUNTS = "counts.png";
  static final String LENGTHS = "lengths.png";
  static final String RATIO = "unique-token-ratio.png";
  static final String REPLACED = "replaced-characters.png";

  private EdaCharts() {}

  static List<Path> write(Path dir, EdaResult r, String labelField) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (EdaResult.Group g : r.groups()) {
      counts.computeIfAbsent(Eda.labelName(g.label(), labelField), k -> new LinkedHashMap<>()).put(g.split(), g.rows());
    }
    // Splits in pipeline order, not alphabetical.
    for (Map<String, Long> m : counts.values()) {
      Map<String, Long> ordered = new LinkedHashMap<>();
      for (String s : Sharder.SPLITS) if (m.containsKey(s)) ordered.put(s, m.get(s));
      m.clear();
      m.putAll(ordered);
    }
    long trunc = r.truncated();
    Map<String, Long> top = new LinkedHashMap<>();
    // Server fonts often lack CJK and emoji glyphs: name those instead of drawing empty boxes.
    java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12);
    for (EdaResult.CharCount c : r.topReplaced()) top.put(c.display(font::canDisplay), c.count());
    return List.of(
        Charts.write(Charts.bars("Texts per split and label", "split", "texts", counts, false), dir.resolve(COUNTS)),
        Charts.write(Charts.subtitle(Charts.histogram("Characters per text after cleaning", "characters",
                "share of texts (%)", r.lengthBinWidth(), shares(r, labelField, true),
                List.of(new Charts.Marker(r.maxLength(), "etl.max_length " + r.maxLength()))),
            // The truncated share is stated here too: the marker is off the chart when the bins
            // stop short of etl.max_length (language model).
            String.format(Locale.ROOT, "%.1f%% of texts longer than etl.max_length %d; last bin: %,d and more",
                100.0 * trunc / r.rows(), r.maxLength(), (r.lengthBins() - 1) * r.lengthBinWidth())),
            dir.resolve(LENGTHS)),
        Charts.write(Charts.histogram("Unique-token ratio per text (distinct ÷ all tokens)",
            "unique-token ratio", "share of texts (%)", 1.0 / r.ratioBins(), shares(r, labelField, false), List.of()),
            dir.resolve(RATIO)),
        Charts.write(Charts.bars(
            "Characters most often replaced by the ETL" + (top.isEmpty() ? " (none)" : ""), "character",
            "occurrences", Map.of("replaced", top), true), dir.resolve(REPLACED)));
  }

  /** Per label, the histogram summed over splits, as percentages of that label's texts. */
  static Map<String, double[]> shares(EdaResult r, String labelField, boolean lengths) {
    Map<String, long[]> sums = new TreeMap<>();
    for (EdaResult.Group g : r.groups()) {
      long[] h = lengths ? g.lengthHistogram() : g.ratioHistogram();
      long[] acc = sums.computeIfAbsent(Eda.labelName(g.label(), labelField), k -> new long[h.length]);
      for (int i = 0; i < h.length; i++) acc[i] += h[i];
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : sums.entrySet()) {
      long total = 0;
      for (long c : e.getValue()) total += c;
      double[] pct = new double[e.getValue().length];
      for (int i = 0; i < pct.length; i++) pct[i] = total == 0 ? 0 : 100.0 * e.getValue()[i] / total;
      out.put(e.getKey(), pct);
    }
    return out;
  }
}
