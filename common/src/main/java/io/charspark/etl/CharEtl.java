package io.charspark.etl;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Plain-Java character ETL (SPEC.md §2), the twin of {@link SparkCharEtl}.
 *
 * <p>Vocabulary: Python's {@code string.printable} minus {@code \n} and {@code \r}, 98 characters
 * in ASCII order ({@code \t}=0, {@code \x0b}=1, {@code \x0c}=2, then code − 29 for 32..126); pad =
 * 98; embedding input size 99. Steps: lower-case; characters outside the vocabulary and {@code <},
 * {@code >} become spaces; whitespace runs become one space; trim; wrap as {@code <text>}; map to
 * indices; truncate (keep head, or tail when {@code keepTail}) or pre-pad to the length.
 */
public final class CharEtl implements Serializable {
  public static final int PAD = 98;
  public static final int VOCAB_SIZE = 99;
  /**
   * Matches what step 2 replaces: anything outside the 98-character vocabulary, and the markers
   * {@code <} (0x3C) and {@code >} (0x3E). One character class, so the regex never branches.
   */
  public static final String OUT_OF_VOCAB_REGEX = "[^\\t\\x0B\\x0C\\x20-\\x3B\\x3D\\x3F-\\x7E]";
  /**
   * Step 2 for the language model, whose vocabulary keeps {@code \n} (SPEC.md §1, showerthoughts):
   * the same class with the newline allowed.
   */
  public static final String OUT_OF_VOCAB_REGEX_NL = "[^\\t\\n\\x0B\\x0C\\x20-\\x3B\\x3D\\x3F-\\x7E]";
  /** Index of {@code \n} when it is kept (after the pad, so classifier indices do not move). */
  public static final int NEWLINE = 99;
  /** Step 3: runs of the whitespace left after step 2 (a kept newline is not folded). */
  public static final String WHITESPACE_RUN_REGEX = "[\\t\\x0B\\x0C ]+";

  private static final java.util.regex.Pattern OOV =
      java.util.regex.Pattern.compile(OUT_OF_VOCAB_REGEX);
  private static final java.util.regex.Pattern OOV_NL =
      java.util.regex.Pattern.compile(OUT_OF_VOCAB_REGEX_NL);
  private static final java.util.regex.Pattern WS =
      java.util.regex.Pattern.compile(WHITESPACE_RUN_REGEX);

  private final int maxLength;
  private final boolean keepTail;

  public CharEtl(int maxLength, boolean keepTail) {
    if (maxLength < 1) throw new IllegalArgumentException("maxLength must be >= 1: " + maxLength);
    this.maxLength = maxLength;
    this.keepTail = keepTail;
  }

  /** Steps 1–4: the cleaned text wrapped in markers, e.g. {@code "<hello world>"}. */
  public static String clean(String text) {
    return clean(text, false);
  }

  /**
   * Steps 1–4, optionally keeping {@code \n} in the vocabulary (language model), in one pass over
   * the code points — the same algorithm as the Spark expression's byte kernel ({@link
   * Utf8CharEtl}): ASCII lower-cased by arithmetic; kept characters are {@code !}..{@code ~}
   * except {@code <} and {@code >} (and {@code \n} when kept); U+0130 İ gives {@code i} then a
   * separator and U+212A Kelvin gives {@code k} (Python's {@code str.lower()}); every other code
   * point, lone surrogates included, is a separator; a separator run between two kept characters
   * becomes one space, and none is written at either end. Never depends on the default locale.
   */
  public static String clean(String text, boolean keepNewline) {
    String s = text == null ? "" : text;
    int n = s.length();
    char[] out = new char[2 * n + 2]; // U+0130 is one char and gives two ("i" and a space)
    int o = 0;
    out[o++] = '<';
    boolean sep = false;
    for (int i = 0; i < n; ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      char k;
      if (cp >= 0x21 && cp <= 0x7E && cp != '<' && cp != '>') {
        k = (char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
      } else if (cp == '\n' && keepNewline) {
        k = '\n';
      } else if (cp == 0x212A) {
        k = 'k';
      } else if (cp == 0x130) {
        if (sep && o > 1) out[o++] = ' ';
        out[o++] = 'i';
        sep = true; // the U+0307 that follows the 'i'
        continue;
      } else {
        sep = true;
        continue;
      }
      if (sep && o > 1) out[o++] = ' ';
      sep = false;
      out[o++] = k;
    }
    out[o++] = '>';
    return new String(out, 0, o);
  }

  /**
   * Steps 1–4 as the specification words them, with {@code String.toLowerCase(Locale.ROOT)} and
   * two regular-expression passes: a second definition the tests check {@link #clean} against.
   */
  static String cleanTwoPass(String text, boolean keepNewline) {
    String s = (text == null ? "" : text).toLowerCase(Locale.ROOT);
    s = (keepNewline ? OOV_NL : OOV).matcher(s).replaceAll(" ");
    s = WS.matcher(s).replaceAll(" ");
    return "<" + trimSpaces(s) + ">";
  }

  /** Trims spaces only, like Spark's {@code trim}: a kept newline at either end survives. */
  static String trimSpaces(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == ' ') b++;
    while (e > b && s.charAt(e - 1) == ' ') e--;
    return s.substring(b, e);
  }

  /**
   * The pad as a character, in the fixed-length character form of an encoded text ({@link
   * #encodeChars}, {@link SparkCharEtl#encode}): U+0000, which a cleaned text never holds.
   */
  public static final char PAD_CHAR = '\u0000';

  /** Index of a vocabulary character ({@link #PAD_CHAR} → {@link #PAD}), or -1 for a character outside it. */
  public static int index(char c) {
    if (c == PAD_CHAR) return PAD;
    if (c == '\t') return 0;
    if (c == 0x0B) return 1;
    if (c == 0x0C) return 2;
    if (c >= 32 && c <= 126) return c - 29;
    if (c == '\n') return NEWLINE;
    return -1;
  }

  /** The character of an index (inverse of {@link #index}); PAD has none. */
  public static char character(int index) {
    if (index == 0) return '\t';
    if (index == 1) return 0x0B;
    if (index == 2) return 0x0C;
    if (index >= 3 && index < PAD) return (char) (index + 29);
    if (index == NEWLINE) return '\n';
    throw new IllegalArgumentException("not a character index: " + index);
  }

  /** Steps 1–5 without fitting: the indices of the cleaned, wrapped text. */
  public static int[] indices(String text) {
    return indices(text, false);
  }

  /** Indices of the cleaned, wrapped text, optionally keeping newlines (index {@link #NEWLINE}). */
  public static int[] indices(String text, boolean keepNewline) {
    String s = clean(text, keepNewline);
    int[] out = new int[s.length()];
    for (int i = 0; i < s.length(); i++) out[i] = index(s.charAt(i));
    return out;
  }

  /** All six steps: exactly {@code maxLength} indices. */
  public int[] encode(String text) {
    return fit(indices(text), maxLength, keepTail);
  }

  /**
   * Steps 1–4 and 6 in character form: the cleaned, wrapped text truncated or pre-padded with
   * {@link #PAD_CHAR} to exactly {@code maxLength} characters. Step 5 (character → index) is then
   * one {@link #index} per character while a minibatch is filled; {@code indicesOf(encodeChars(t))}
   * equals {@code encode(t)}.
   */
  public String encodeChars(String text) {
    return fitChars(clean(text), maxLength, keepTail);
  }

  public static String fitChars(String s, int length, boolean keepTail) {
    if (s.length() >= length) {
      return keepTail ? s.substring(s.length() - length) : s.substring(0, length);
    }
    return String.valueOf(PAD_CHAR).repeat(length - s.length()) + s;
  }

  /** Step 5 on a character-form sequence. */
  public static int[] indicesOf(String chars) {
    int[] out = new int[chars.length()];
    for (int i = 0; i < out.length; i++) out[i] = index(chars.charAt(i));
    return out;
  }

  public static int[] fit(int[] seq, int length, boolean keepTail) {
    if (seq.length >= length) {
      return keepTail
          ? Arrays.copyOfRange(seq, seq.length - length, seq.length)
          : Arrays.copyOf(seq, length);
    }
    int[] out = new int[length];
    int pad = length - seq.length;
    Arrays.fill(out, 0, pad, PAD);
    System.arraycopy(seq, 0, out, pad, seq.length);
    return out;
  }

  public int maxLength() {
    return maxLength;
  }

  public boolean keepTail() {
    return keepTail;
  }
}
