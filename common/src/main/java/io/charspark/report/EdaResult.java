package io.charspark.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The figures of {@code eda}, as written to {@code eda.json}: one {@link Group} per split and
 * label, the bins shared by every group's histograms, and the characters the ETL replaces most.
 *
 * <p>Lengths are characters per text <em>after</em> the ETL's cleaning, markers included: exactly
 * the sequence length {@code etl.max_length} cuts, so {@code truncated} counts texts longer than
 * it. Length bin {@code i} holds lengths in {@code [i·width, (i+1)·width)}, the last bin everything
 * from {@code (bins−1)·width} up. Ratio bin {@code i} holds unique-token ratios in
 * {@code [i/bins, (i+1)/bins)}, the last bin including 1. {@code split_rows} and {@code truncated}
 * count texts once each: a multi-label workload's groups overlap (a text counts in each of its
 * labels), so their rows do not add up to them.
 */
public record EdaResult(
    @JsonProperty("workload") String workload,
    @JsonProperty("data") String data,
    @JsonProperty("max_length") int maxLength,
    @JsonProperty("keep_newline") boolean keepNewline,
    @JsonProperty("rows") long rows,
    @JsonProperty("length_bin_width") int lengthBinWidth,
    @JsonProperty("length_bins") int lengthBins,
    @JsonProperty("ratio_bins") int ratioBins,
    @JsonProperty("groups") List<Group> groups,
    @JsonProperty("top_replaced") List<CharCount> topReplaced,
    @JsonProperty("distinct_replaced") long distinctReplaced,
    @JsonProperty("split_rows") java.util.Map<String, Long> splitRows,
    @JsonProperty("truncated") long truncated) {

  /** Figures of one split and label. Shares are fractions in [0, 1]. */
  public record Group(
      @JsonProperty("split") String split,
      @JsonProperty("label") String label,
      @JsonProperty("rows") long rows,
      @JsonProperty("share_of_split") double shareOfSplit,
      @JsonProperty("chars") Lengths chars,
      @JsonProperty("truncated") long truncated,
      @JsonProperty("truncated_share") double truncatedShare,
      @JsonProperty("texts_with_tokens") long textsWithTokens,
      @JsonProperty("mean_unique_token_ratio") double meanUniqueTokenRatio,
      @JsonProperty("median_unique_token_ratio") double medianUniqueTokenRatio,
      @JsonProperty("replaced_chars") long replacedChars,
      @JsonProperty("texts_with_replaced_chars") long textsWithReplacedChars,
      @JsonProperty("length_histogram") long[] lengthHistogram,
      @JsonProperty("ratio_histogram") long[] ratioHistogram,
      @JsonProperty("top_replaced") List<CharCount> topReplaced) {}

  /** Characters per cleaned text; percentiles are Spark's {@code percentile_approx}. */
  public record Lengths(
      @JsonProperty("min") int min,
      @JsonProperty("mean") double mean,
      @JsonProperty("p50") int p50,
      @JsonProperty("p90") int p90,
      @JsonProperty("p99") int p99,
      @JsonProperty("max") int max) {}

  /** A character the ETL replaces with a space, with its code point and Unicode name. */
  public record CharCount(
      @JsonProperty("character") String character,
      @JsonProperty("code_point") String codePoint,
      @JsonProperty("name") String name,
      @JsonProperty("count") long count) {
    public static CharCount of(String ch, long count) {
      int cp = ch.codePointAt(0);
      String name = Character.getName(cp);
      return new CharCount(ch, String.format("U+%04X", cp), name == null ? "" : name, count);
    }

    /** How the console shows it: the glyph when it is visible, always the code point. */
    public String display() {
      return display(cp -> true);
    }

    /**
     * The glyph and code point, or the code point and Unicode name when the glyph is invisible
     * (whitespace, controls, format characters) or {@code canShow} says the font has no glyph for it.
     */
    public String display(java.util.function.IntPredicate canShow) {
      int cp = character.codePointAt(0);
      int type = Character.getType(cp);
      boolean invisible = Character.isWhitespace(cp) || Character.isISOControl(cp)
          || type == Character.FORMAT || type == Character.SPACE_SEPARATOR || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE || type == Character.SURROGATE;
      return invisible || !canShow.test(cp) ? codePoint + " " + name : character + " " + codePoint;
    }
  }

  public Group group(String split, String label) {
    for (Group g : groups) if (g.split().equals(split) && g.label().equals(label)) return g;
    throw new IllegalArgumentException("no group " + split + "/" + label);
  }
}
