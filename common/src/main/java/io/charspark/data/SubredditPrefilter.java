package io.charspark.data;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A byte-level check on a raw JSON line, before it is decoded or parsed: can this line be a post
 * of one of the wanted subreddits ({@code input.subreddits})? It answers "no" only when the line
 * cannot be one, so it may keep extra lines (the parser and the subreddit filter then decide) but
 * never drops a wanted post. The shard job counts the lines it drops as {@code filtered.subreddit}.
 *
 * <p>The subreddit filter keeps a post when Spark's {@code lower(subreddit)} is one of the wanted
 * names (lower-cased in the configuration). A line is kept by this check when any of these holds:
 *
 * <ol>
 *   <li>it is not one JSON object on one line: after ASCII whitespace it does not start with
 *       {@code {} or end with {@code }} (blank lines, arrays, cut-off lines: the parser names what
 *       they are);
 *   <li>it holds {@code "kind"}: an API object or a {@code Listing} (one line, many posts);
 *   <li>it holds one of the wanted names, ASCII case-insensitively, anywhere (a value written without
 *       escapes is a contiguous run of its bytes);
 *   <li>it holds a {@code \\uXXXX} escape of an ASCII letter, digit or {@code _} ({@code
 *       "Star\\u0057ars"}; also an escaped key such as {@code "\\u006bind"}), or of a character that
 *       {@link #lowersToAscii lower-cases to ASCII};
 *   <li>it holds, unescaped, a character that lower-cases to ASCII in some locale (KELVIN SIGN → k,
 *       İ → i in Turkish) or that Turkish lower-casing removes after {@code I} (U+0307).
 * </ol>
 *
 * Why that is enough: a decoded value equal to a name (ASCII letters, digits, {@code _}) is made of
 * characters that each came from a literal ASCII byte (rule 3 finds the run), from a {@code \\u}
 * escape (rule 4; JSON's other escapes decode to {@code " \\ / \b \f \n \r \t}, never in a name), or
 * from a non-ASCII character whose lower case is ASCII (rules 4–5). Keys may come in any order and
 * the value at any distance; nothing is located, only searched. The check applies only when every
 * wanted name is ASCII letters, digits and {@code _} (Reddit's rule); otherwise {@link #of} returns
 * null and every line is parsed.
 *
 * <p>A line of another subreddit that would also have been rejected (no id, a bad
 * {@code created_utc}, broken JSON inside the braces) is counted as {@code filtered.subreddit}
 * instead: what is wrong with a post that is not wanted is not looked at.
 */
public final class SubredditPrefilter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Non-ASCII code points whose lower case contains an ASCII character in some locale, plus U+0307. */
  static final int[] LOWERS_TO_ASCII = lowersToAscii();
  static final boolean[] SPECIAL_LEAD = leads(LOWERS_TO_ASCII);
  /** After the opening quote of {@code "kind"}. */
  static final byte[] KIND = "kind\"".getBytes(StandardCharsets.US_ASCII);

  private final byte[][] names;
  /** Per name: the index of its anchor, the character looked for first (the rarest in English text). */
  private final int[] anchorAt;
  /** Per name: {@link #probes()}. */
  private final int[][] probes;
  /** Per name: its characters at {@link #probes()}, OR 0x20 (ASCII letters folded to lower case). */
  private final byte[][] foldedProbes;
  /** {@link #maxOffset()}. */
  private final int maxOffset;
  /** Per byte value: what to look at when it occurs ({@link #BACKSLASH}, {@link #SPECIAL}, ...). */
  private final byte[] action = new byte[256];

  private static final byte BACKSLASH = 1;
  private static final byte SPECIAL = 2;
  private static final byte ANCHOR = 4;
  private static final byte KIND_K = 8;
  /** Letters from rarest to most common in English text; digits and _ are rarer still. */
  private static final String RARITY = "_0123456789zqxjkvbpygfwmucldrhsnioate";

  private SubredditPrefilter(List<String> names) {
    this.names = new byte[names.size()][];
    this.anchorAt = new int[names.size()];
    this.probes = new int[names.size()][];
    this.foldedProbes = new byte[names.size()][];
    this.maxOffset = Math.max(1, names.stream().mapToInt(String::length).max().orElse(1) - 1);
    action['\\'] |= BACKSLASH;
    action['k'] |= KIND_K;
    for (int b = 0; b < 256; b++) {
      if (SPECIAL_LEAD[b]) action[b] |= SPECIAL;
    }
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      this.names[i] = n.getBytes(StandardCharsets.US_ASCII);
      int best = 0;
      for (int k = 1; k < n.length(); k++) {
        if (RARITY.indexOf(n.charAt(k)) < RARITY.indexOf(n.charAt(best))) best = k;
      }
      anchorAt[i] = best;
      Integer[] byRarity = new Integer[n.length()];
      for (int k = 0; k < n.length(); k++) byRarity[k] = k;
      Arrays.sort(byRarity, Comparator.comparingInt(k -> RARITY.indexOf(n.charAt(k))));
      probes[i] = new int[3];
      foldedProbes[i] = new byte[3];
      for (int k = 0; k < 3; k++) {
        // A name shorter than three characters repeats its rarest one.
        probes[i][k] = byRarity[k < n.length() ? k : 0];
        foldedProbes[i][k] = (byte) (n.charAt(probes[i][k]) | 0x20);
      }
      char c = n.charAt(best);
      action[c] |= ANCHOR;
      action[Character.toUpperCase(c)] |= ANCHOR;
    }
  }

  /**
   * The check for these wanted names (as configured: lower case), or null when there is nothing to
   * check (no subreddit filter) or a name is not ASCII letters, digits and {@code _}.
   */
  public static SubredditPrefilter of(Collection<String> wanted) {
    if (wanted == null || wanted.isEmpty()) return null;
    TreeSet<String> names = new TreeSet<>();
    for (String w : wanted) {
      String n = w.toLowerCase(Locale.ROOT);
      if (!n.matches("[a-z0-9_]+")) return null;
      names.add(n);
    }
    return new SubredditPrefilter(new ArrayList<>(names));
  }

  /** Whether {@code c} lower-cases to something containing ASCII (non-ASCII {@code c}) or is U+0307. */
  static boolean lowersToAscii(int c) {
    return Arrays.binarySearch(LOWERS_TO_ASCII, c) >= 0;
  }

  /** {@link #mightMatch(byte[], int, int)} over a whole array. */
  public boolean mightMatch(byte[] line) {
    return mightMatch(line, 0, line.length);
  }

  /**
   * False only when the UTF-8 line {@code b[off, off+len)} cannot be a post of a wanted subreddit.
   * Runs {@link SimdPrefilterScan} (64 bytes per step with AVX-512) when the JVM has the {@code
   * jdk.incubator.vector} module and {@code -Dcharspark.prefilter.simd=false} is not set, the
   * scalar loop otherwise; both give the same answer ({@code SubredditPrefilterTest}).
   */
  public boolean mightMatch(byte[] b, int off, int len) {
    return check(b, off, len, Scan.SIMD);
  }

  /** {@link #mightMatch(byte[], int, int)} with the scalar loop only (for tests and benchmarks). */
  boolean mightMatchScalar(byte[] b) {
    return check(b, 0, b.length, false);
  }

  private boolean check(byte[] b, int off, int len, boolean simd) {
    int s = off;
    int e = off + len - 1;
    while (s <= e && ws(b[s])) s++;
    while (e >= s && ws(b[e])) e--;
    if (s > e || b[s] != '{' || b[e] != '}') return true;
    return simd ? SimdPrefilterScan.mightMatch(this, b, s, e) : scalarFrom(b, s, s, e);
  }

  /** Whether {@link SimdPrefilterScan} is in use in this JVM. */
  public static boolean simd() {
    return Scan.SIMD;
  }

  /** Chosen once per JVM, on first use (its own class, so a JVM without the module never loads it). */
  private static final class Scan {
    static final boolean SIMD = select();

    private static boolean select() {
      if ("false".equals(System.getProperty("charspark.prefilter.simd"))) return false;
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
      try {
        return SimdPrefilterScan.lanes() >= 16;
      } catch (LinkageError e) {
        return false;
      }
    }
  }

  /**
   * The scalar check of the object {@code b[s..e]} (braces included) from index {@code from}
   * ({@code s <= from}): one table look-up per byte; only the few bytes with an action are looked
   * at further. A backslash at {@code from} preceded by an odd run of backslashes is an escaped one.
   */
  boolean scalarFrom(byte[] b, int s, int from, int e) {
    int i = from;
    if (i > s && b[i - 1] == '\\' && !escaped(b, s, i - 1)) {
      // b[i - 1] opens an escape: b[i] is the escaped character.
      i++;
    }
    for (; i <= e; i++) {
      int a = action[b[i] & 0xff];
      if (a == 0) continue;
      if ((a & BACKSLASH) != 0) {
        if (i + 5 <= e && b[i + 1] == 'u' && unicodeEscapeMatters(b, i)) return true;
        i++; // the escaped character: "\\u0057" is a backslash, then the text u0057
        continue;
      }
      if ((a & SPECIAL) != 0 && special(b, i, e)) return true;
      if ((a & KIND_K) != 0 && i > s && b[i - 1] == '"' && startsWith(b, i, e, KIND)) return true;
      if ((a & ANCHOR) != 0 && nameAt(b, s, i, e)) return true;
    }
    return false;
  }

  /**
   * Whether the backslash at {@code i} is itself escaped: an odd number of backslashes right
   * before it, counted back to {@code s}.
   */
  static boolean escaped(byte[] b, int s, int i) {
    int run = 0;
    for (int k = i - 1; k >= s && b[k] == '\\'; k--) run++;
    return (run & 1) != 0;
  }

  /** The {@code \\uXXXX} at {@code i} (backslash at {@code i}, in range) is an ASCII letter, digit, _ or lowers to ASCII. */
  static boolean unicodeEscapeMatters(byte[] b, int i) {
    int cp = hex4(b, i + 2);
    return cp >= 0 && (cp < 128 ? Character.isLetterOrDigit(cp) || cp == '_' : lowersToAscii(cp));
  }

  /** Some wanted name, anchored at its rarest character, is at {@code i} (that character's index). */
  private boolean nameAt(byte[] b, int s, int i, int e) {
    int c = b[i];
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    for (int k = 0; k < names.length; k++) {
      int at = anchorAt[k];
      if (names[k][at] == c && i - at >= s && matchesFolded(b, i - at, e, names[k])) return true;
    }
    return false;
  }

  /** The wanted names (lower-case ASCII), for {@link SimdPrefilterScan}. */
  byte[][] names() {
    return names;
  }

  /** The index of name {@code k}'s anchor character. */
  int anchorAt(int k) {
    return anchorAt[k];
  }

  /**
   * Per wanted name, the indexes {@link SimdPrefilterScan} compares at each candidate start: its
   * three rarest characters ({@link #RARITY}; a shorter name repeats one).
   */
  int[][] probes() {
    return probes;
  }

  /** The largest byte offset a vector step loads at beyond its start: 1, or the longest name's length - 1. */
  int maxOffset() {
    return maxOffset;
  }

  /** The characters at {@link #probes()}, OR 0x20. */
  byte[][] foldedProbes() {
    return foldedProbes;
  }

  private static boolean ws(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  static boolean startsWith(byte[] b, int i, int e, byte[] p) {
    if (i + p.length - 1 > e) return false;
    for (int k = 0; k < p.length; k++) {
      if (b[i + k] != p[k]) return false;
    }
    return true;
  }

  /** {@code b} at {@code i} equals {@code name} (lower-case ASCII) ignoring ASCII case. */
  static boolean matchesFolded(byte[] b, int i, int e, byte[] name) {
    if (i + name.length - 1 > e) return false;
    for (int k = 0; k < name.length; k++) {
      int c = b[i + k];
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (c != name[k]) return false;
    }
    return true;
  }

  static int hex4(byte[] b, int i) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(b[i + k], 16);
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  /** The UTF-8 sequence at {@code i} encodes a code point of {@link #LOWERS_TO_ASCII}. */
  static boolean special(byte[] b, int i, int e) {
    int lead = b[i] & 0xff;
    int n = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    if (i + n > e + 1) return false;
    int cp = lead & (n == 3 ? 0x07 : n == 2 ? 0x0F : 0x1F);
    for (int k = 1; k <= n; k++) cp = (cp << 6) | (b[i + k] & 0x3F);
    return lowersToAscii(cp);
  }

  /**
   * Code points ≥ 128 whose {@code Character.toLowerCase} is ASCII (KELVIN SIGN), plus those that
   * {@code String.toLowerCase}'s special casing (Java's {@code ConditionalSpecialCasing}) turns into
   * something containing ASCII: U+0130 (İ → i, or i + U+0307), U+0307 (dropped after I in tr/az), and
   * Lithuanian's Ì Í Ĩ Į (→ i + combining marks). {@code SubredditPrefilterTest} checks this list
   * against every BMP character lower-cased in the ROOT, tr, az, lt and default locales.
   */
  private static int[] lowersToAscii() {
    TreeSet<Integer> out = new TreeSet<>(List.of(0x0130, 0x0307, 0x00CC, 0x00CD, 0x0128, 0x012E));
    for (int c = 128; c <= Character.MAX_CODE_POINT; c++) {
      if (Character.toLowerCase(c) < 128) out.add(c);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean[] leads(int[] cps) {
    boolean[] lead = new boolean[256];
    for (int cp : cps) {
      byte[] u = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      lead[u[0] & 0xff] = true;
    }
    return lead;
  }
}
