package io.charspark.etl;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The character ETL of SPEC.md §2, steps 1–6, in one pass over the UTF-8 bytes of a
 * {@link UTF8String}: the kernel that {@link CharEtlExpression}'s generated code (and its
 * interpreted path) calls. No {@code String}, no regular expression, no per-character object.
 *
 * <p>Per input byte:
 *
 * <ul>
 *   <li>ASCII: {@code A-Z} lower-cased by adding 32; {@code 0x21..0x7E} except {@code <} and
 *       {@code >} are kept (and {@code \n} when the language model keeps it); everything else
 *       (space, {@code \t \x0b \x0c \r}, controls, {@code <}, {@code >}) is a separator.
 *   <li>Non-ASCII: every byte of every code point is a separator (a run of separators becomes one
 *       space, so it does not matter how many bytes or code points a run had), except the two code
 *       points whose Python {@code str.lower()} holds vocabulary characters: U+0130 İ
 *       ({@code C4 B0}) → {@code i} then a separator (its lower case is {@code i} + U+0307), and
 *       U+212A Kelvin ({@code E2 84 AA}) → {@code k}. {@code C4} and {@code E2} are lead bytes,
 *       never continuation bytes, so these matches agree with any UTF-8 decoder even on malformed
 *       input; malformed bytes (including surrogates written as 3 bytes) are separators, as the
 *       U+FFFD or lone surrogate a decoder would give is in Python.
 * </ul>
 *
 * A separator run becomes one space when a kept character follows it and one precedes it (runs
 * collapsed as met, both ends trimmed); the kept characters are wrapped in {@code <}…{@code >}.
 * The JVM's default locale is never consulted.
 *
 * <p>Fitting ({@code maxLength > 0}): the character form is exactly {@code maxLength} bytes,
 * pre-padded with {@link CharEtl#PAD_CHAR} (byte 0, which a fresh array already holds), truncated
 * to the head ({@code keepTail = false}) or the tail. Texts that cannot exceed the length (at most
 * {@code maxLength − 2} bytes: the cleaned text is never longer than its bytes + 2) and tail
 * truncation are written backwards from the end of the output, so padding costs nothing and a long
 * text stops as soon as the output is full; head truncation of a longer text is written forwards
 * and stops when full, and is shifted right if it turned out shorter.
 */
public final class Utf8CharEtl {
  private Utf8CharEtl() {}

  /** Kept ASCII characters after lower-casing, or 0 (separator); index = byte value 0..127. */
  private static final byte[] KEEP = keepTable(false);
  /** {@link #KEEP} with {@code \n} kept (language model). */
  private static final byte[] KEEP_NL = keepTable(true);
  /** Index of an output byte (pad 0 → {@link CharEtl#PAD}); -1 never occurs in an output. */
  private static final int[] INDEX = indexTable();

  private static byte[] keepTable(boolean keepNewline) {
    byte[] t = new byte[128];
    for (int c = 0x21; c <= 0x7E; c++) {
      if (c == '<' || c == '>') continue;
      t[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (keepNewline) t['\n'] = '\n';
    return t;
  }

  private static int[] indexTable() {
    int[] t = new int[256];
    Arrays.fill(t, -1);
    t[0] = CharEtl.PAD;
    for (int c = 0; c < 128; c++) if (c != 0 && CharEtl.index((char) c) >= 0) t[c] = CharEtl.index((char) c);
    return t;
  }

  /**
   * Steps 1–4 and 6 in character form: exactly {@code maxLength} bytes (ASCII, pad = byte 0).
   * Shape: one string of {@code maxLength} characters; {@code s} must not be null.
   */
  public static UTF8String encodeChars(UTF8String s, int maxLength, boolean keepTail, boolean keepNewline) {
    byte[] in = bytes(s);
    return UTF8String.fromBytes(fit(in, start(s, in), s.numBytes(), maxLength, keepTail, keepNewline));
  }

  /** Steps 1–4: the cleaned text wrapped in markers, e.g. {@code <hello world>}; no fitting. */
  public static UTF8String clean(UTF8String s, boolean keepNewline) {
    byte[] in = bytes(s);
    int n = s.numBytes();
    byte[] out = new byte[n + 2];
    int o = backwardFits(in, start(s, in), n, out, keepNewline);
    return UTF8String.fromBytes(out, o, out.length - o);
  }

  /**
   * Steps 1–5, and 6 when {@code maxLength > 0}: the indices as an {@code array<int>}
   * ({@code maxLength} long, pre-padded with {@link CharEtl#PAD}; or as long as the cleaned text).
   */
  public static ArrayData encodeIndices(UTF8String s, int maxLength, boolean keepTail, boolean keepNewline) {
    byte[] in = bytes(s);
    int n = s.numBytes();
    byte[] chars;
    int from;
    if (maxLength > 0) {
      chars = fit(in, start(s, in), n, maxLength, keepTail, keepNewline);
      from = 0;
    } else {
      chars = new byte[n + 2];
      from = backwardFits(in, start(s, in), n, chars, keepNewline);
    }
    int[] idx = new int[chars.length - from];
    for (int i = 0; i < idx.length; i++) idx[i] = INDEX[chars[from + i] & 0xFF];
    return UnsafeArrayData.fromPrimitiveArray(idx);
  }

  /** The bytes of {@code s}: its own array when on heap (no copy), else a copy. */
  private static byte[] bytes(UTF8String s) {
    Object base = s.getBaseObject();
    return base instanceof byte[] ? (byte[]) base : s.getBytes();
  }

  private static int start(UTF8String s, byte[] in) {
    return in == s.getBaseObject() ? (int) (s.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET) : 0;
  }

  /** Cleans {@code in[from, from + n)} into a fresh array of exactly {@code maxLength} bytes. */
  static byte[] fit(byte[] in, int from, int n, int maxLength, boolean keepTail, boolean keepNewline) {
    if (maxLength < 1) throw new IllegalArgumentException("maxLength must be >= 1: " + maxLength);
    byte[] out = new byte[maxLength];
    if (n + 2 <= maxLength) {
      backwardFits(in, from, n, out, keepNewline); // right-aligned: the pad is the array's zeros
      return out;
    }
    if (keepTail) {
      backward(in, from, n, out, keepNewline);
      return out;
    }
    int len = forward(in, from, n, out, keepNewline);
    if (len < maxLength) {
      System.arraycopy(out, 0, out, maxLength - len, len);
      Arrays.fill(out, 0, maxLength - len, (byte) 0);
    }
    return out;
  }

  /**
   * Writes the cleaned, wrapped text left-aligned into {@code out}, stopping when {@code out} is
   * full (head truncation). Returns the number of bytes written.
   */
  static int forward(byte[] in, int from, int n, byte[] out, boolean keepNewline) {
    byte[] keep = keepNewline ? KEEP_NL : KEEP;
    int cap = out.length;
    int end = from + n;
    int o = 0;
    out[o++] = '<';
    if (o == cap) return o;
    boolean sep = false;
    for (int i = from; i < end; i++) {
      int c = in[i];
      byte k;
      if (c >= 0) {
        k = keep[c];
        if (k == 0) {
          sep = true;
          continue;
        }
      } else if (c == (byte) 0xC4 && i + 1 < end && in[i + 1] == (byte) 0xB0) {
        // U+0130 İ → "i" + U+0307: 'i', then a separator.
        i += 1;
        if (sep && o > 1) {
          out[o++] = ' ';
          if (o == cap) return o;
        }
        out[o++] = 'i';
        if (o == cap) return o;
        sep = true;
        continue;
      } else if (c == (byte) 0xE2 && i + 2 < end && in[i + 1] == (byte) 0x84 && in[i + 2] == (byte) 0xAA) {
        i += 2; // U+212A Kelvin sign → 'k'
        k = 'k';
      } else {
        sep = true;
        continue;
      }
      if (sep) {
        sep = false;
        if (o > 1) {
          out[o++] = ' ';
          if (o == cap) return o;
        }
      }
      out[o++] = k;
      if (o == cap) return o;
    }
    out[o++] = '>';
    return o;
  }

  /**
   * {@link #backward} for an output that is known to hold the whole text ({@code out.length >= n
   * + 2}, the common case), with a branch-free step per ASCII byte: word boundaries are
   * unpredictable, so the kept/separator decision is arithmetic instead of a jump. Every store
   * lands at or left of the next free slot and is either committed or overwritten later (the last
   * one by {@code <}), so nothing stray is left in the pad.
   */
  static int backwardFits(byte[] in, int from, int n, byte[] out, boolean keepNewline) {
    byte[] keep = keepNewline ? KEEP_NL : KEEP;
    int last = out.length - 1; // index of '>'
    if (n + 2 > out.length) throw new IllegalArgumentException("output too short: " + out.length + " < " + (n + 2));
    int o = last;
    out[o] = '>';
    int sep = 0; // 1 when a separator came since (to the right of) the last kept character
    for (int i = from + n - 1; i >= from; i--) {
      int c = in[i];
      if (c >= 0) {
        int k = keep[c];
        int kept = (k | -k) >>> 31; // 1 for a kept character, 0 for a separator
        int space = sep & kept & ((o - last) >>> 31); // a kept character is already on the right
        out[o - 1] = ' ';
        o -= space;
        out[o - 1] = (byte) k;
        o -= kept;
        sep = kept ^ 1;
        continue;
      }
      int k;
      if (c == (byte) 0xB0 && i - 1 >= from && in[i - 1] == (byte) 0xC4) {
        i -= 1; // U+0130 İ: its U+0307 (a separator) comes after the 'i'
        sep = 1;
        k = 'i';
      } else if (c == (byte) 0xAA && i - 2 >= from && in[i - 1] == (byte) 0x84 && in[i - 2] == (byte) 0xE2) {
        i -= 2;
        k = 'k';
      } else {
        sep = 1;
        continue;
      }
      if (sep == 1 && o < last) out[--o] = ' ';
      out[--o] = (byte) k;
      sep = 0;
    }
    out[--o] = '<';
    return o;
  }

  /**
   * Writes the cleaned, wrapped text right-aligned into {@code out}, scanning the input from its
   * end and stopping when {@code out} is full (tail truncation). Returns the index of the first
   * byte written; {@code out[0, that)} is left untouched.
   */
  static int backward(byte[] in, int from, int n, byte[] out, boolean keepNewline) {
    byte[] keep = keepNewline ? KEEP_NL : KEEP;
    int last = out.length - 1; // index of '>'
    int o = out.length;
    out[--o] = '>';
    if (o == 0) return o;
    boolean sep = false;
    for (int i = from + n - 1; i >= from; i--) {
      int c = in[i];
      byte k;
      if (c >= 0) {
        k = keep[c];
        if (k == 0) {
          sep = true;
          continue;
        }
      } else if (c == (byte) 0xB0 && i - 1 >= from && in[i - 1] == (byte) 0xC4) {
        i -= 1; // U+0130 İ: its U+0307 (a separator) comes after the 'i'
        sep = true;
        k = 'i';
      } else if (c == (byte) 0xAA && i - 2 >= from && in[i - 1] == (byte) 0x84 && in[i - 2] == (byte) 0xE2) {
        i -= 2;
        k = 'k';
      } else {
        sep = true;
        continue;
      }
      if (sep) {
        sep = false;
        if (o < last) {
          out[--o] = ' ';
          if (o == 0) return o;
        }
      }
      out[--o] = k;
      if (o == 0) return o;
    }
    out[--o] = '<';
    return o;
  }
}
