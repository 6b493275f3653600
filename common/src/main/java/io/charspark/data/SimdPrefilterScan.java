package io.charspark.data;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SubredditPrefilter}'s check with the JDK's Vector API: {@code ByteVector.SPECIES_PREFERRED}
 * bytes per step (64 with AVX-512, 32 with AVX2). Each step compares whole vectors for the places
 * the scalar loop would look at further — a non-ASCII byte, a backslash before {@code u}, a quote
 * before {@code k}, and per wanted name three of its characters (ASCII case folded by {@code | 0x20})
 * at their offsets from a candidate start — and runs the exact scalar test only at the lanes that
 * hit. A line of plain English text has a hit in few steps, so most of it costs a handful of vector
 * instructions per 64 bytes instead of a table look-up and a branch per byte.
 *
 * <p>The answer is the scalar loop's, bit for bit: every lane test below repeats the scalar test for
 * that byte, including its rule that the character after an escape-opening backslash is not looked
 * at ({@link SubredditPrefilter#escaped}). The last bytes of a line (fewer than a vector plus the
 * longest offset) go through the scalar loop. Loaded only when the {@code jdk.incubator.vector}
 * module is present (charspark's {@code conf/jvm.options} adds it).
 */
final class SimdPrefilterScan {
  private static final VectorSpecies<Byte> S = ByteVector.SPECIES_PREFERRED;

  private SimdPrefilterScan() {}

  /**
   * Lanes per step; 0 when this JDK's case tables give other lead pairs than the step compares
   * (then the scalar loop is used).
   */
  static int lanes() {
    return LEAD_PAIRS.equals(leadPairs()) ? S.length() : 0;
  }

  /** The check of the object {@code b[s..e]} (braces at both ends, already verified). */
  static boolean mightMatch(SubredditPrefilter p, byte[] b, int s, int e) {
    byte[][] names = p.names();
    int[][] probes = p.probes();
    byte[][] folded = p.foldedProbes();
    int maxOff = p.maxOffset();
    int width = S.length();
    int i = s;
    // Every load of a step (at i + 0 .. i + maxOff, width bytes each) stays within b[s..e]. Each
    // mask is reduced at once with firstTrue() (width when none): straight-line code that C2 keeps
    // in registers. After a lane that needs the exact test, the next step starts right after it.
    int last = e + 1 - maxOff - width;
    // The first name's probes in locals (the common case is one name).
    int p0 = probes[0][0], p1 = probes[0][1], p2 = probes[0][2];
    byte f0 = folded[0][0], f1 = folded[0][1], f2 = folded[0][2];
    while (i <= last) {
      ByteVector v0 = ByteVector.fromArray(S, b, i);
      ByteVector v1 = ByteVector.fromArray(S, b, i + 1);
      int first = v0.eq((byte) '\\').and(v1.eq((byte) 'u'))
          .or(v0.eq((byte) '"').and(v1.eq((byte) 'k'))).firstTrue();
      if (v0.lt((byte) 0).anyTrue()) {
        // Non-ASCII text: the first two bytes of the characters that lower-case to ASCII.
        first = Math.min(first, v0.eq((byte) 0xC3).and(v1.eq((byte) 0x8C).or(v1.eq((byte) 0x8D)))
            .or(v0.eq((byte) 0xC4).and(v1.eq((byte) 0xA8).or(v1.eq((byte) 0xAE)).or(v1.eq((byte) 0xB0))))
            .or(v0.eq((byte) 0xCC).and(v1.eq((byte) 0x87)))
            .or(v0.eq((byte) 0xE2).and(v1.eq((byte) 0x84))).firstTrue());
      }
      first = Math.min(first, ByteVector.fromArray(S, b, i + p0).or((byte) 0x20).eq(f0)
          .and(ByteVector.fromArray(S, b, i + p1).or((byte) 0x20).eq(f1))
          .and(ByteVector.fromArray(S, b, i + p2).or((byte) 0x20).eq(f2)).firstTrue());
      for (int k = 1; k < names.length; k++) {
        int[] pr = probes[k];
        byte[] f = folded[k];
        first = Math.min(first, ByteVector.fromArray(S, b, i + pr[0]).or((byte) 0x20).eq(f[0])
            .and(ByteVector.fromArray(S, b, i + pr[1]).or((byte) 0x20).eq(f[1]))
            .and(ByteVector.fromArray(S, b, i + pr[2]).or((byte) 0x20).eq(f[2])).firstTrue());
      }
      if (first == width) {
        i += width;
        continue;
      }
      int at = i + first;
      if (lane(p, names, b, s, at, e)) return true;
      i = at + 1;
    }
    return p.scalarFrom(b, s, i, e);
  }

  /**
   * The first two UTF-8 bytes of {@link SubredditPrefilter#LOWERS_TO_ASCII}'s characters, as the
   * step compares them (Ì Í: C3 8C/8D; Ĩ Į İ: C4 A8/AE/B0; U+0307: CC 87; KELVIN SIGN: E2 84).
   */
  static final String LEAD_PAIRS = "C3 8C, C3 8D, C4 A8, C4 AE, C4 B0, CC 87, E2 84";

  /** The pairs this JDK's Unicode tables give, in {@link #LEAD_PAIRS}'s form. */
  static String leadPairs() {
    TreeSet<String> pairs = new TreeSet<>();
    for (int cp : SubredditPrefilter.LOWERS_TO_ASCII) {
      byte[] u = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      pairs.add(String.format("%02X %02X", u[0] & 0xff, u[1] & 0xff));
    }
    return String.join(", ", pairs);
  }

  /** The scalar loop's tests for the byte at {@code at}, and for a wanted name starting there. */
  private static boolean lane(SubredditPrefilter p, byte[][] names, byte[] b, int s, int at, int e) {
    byte c = b[at];
    if (c == '\\') {
      return at + 5 <= e && b[at + 1] == 'u' && !SubredditPrefilter.escaped(b, s, at)
          && SubredditPrefilter.unicodeEscapeMatters(b, at);
    }
    if (c < 0) {
      return SubredditPrefilter.SPECIAL_LEAD[c & 0xff] && !afterOpeningBackslash(b, s, at)
          && SubredditPrefilter.special(b, at, e);
    }
    if (c == '"' && b[at + 1] == 'k' && SubredditPrefilter.startsWith(b, at + 1, e, SubredditPrefilter.KIND)) {
      return true;
    }
    for (int k = 0; k < names.length; k++) {
      // The scalar loop finds a name from its anchor, unless that byte is an escaped character.
      if (SubredditPrefilter.matchesFolded(b, at, e, names[k])
          && !afterOpeningBackslash(b, s, at + p.anchorAt(k))) {
        return true;
      }
    }
    return false;
  }

  /** {@code b[i]} is the character right after a backslash that opens an escape. */
  private static boolean afterOpeningBackslash(byte[] b, int s, int i) {
    return i > s && b[i - 1] == '\\' && !SubredditPrefilter.escaped(b, s, i - 1);
  }
}
