package io.charspark.etl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charspark.inference.Predictor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharEtlTest {
  /** Golden vectors of SPEC.md §2, the first from the seed blog post. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          'What, are you stalking my edits or something?' | '<what, are you stalking my edits or something?>'
          '  Hello\tWORLD\n\n'                            | '<hello world>'
          'a <b> c'                                       | '<a b c>'
          'héllo ☃'                                       | '<h llo>'
          ''                                              | '<>'
          'Tab\u000band\u000cfeed\r\nCRLF'                | '<tab and feed crlf>'
          '🚀 Rogue One 🚀'                               | '<rogue one>'
          """)
  void cleanMatchesTheSpec(String in, String expected) {
    String input = in.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r");
    assertEquals(expected, CharEtl.clean(input));
  }

  @Test
  void goldenVectorOfTheSeedAsIndices() {
    int[] idx = CharEtl.indices("What, are you stalking my edits or something?");
    StringBuilder sb = new StringBuilder();
    for (int i : idx) sb.append(CharEtl.character(i));
    assertEquals("<what, are you stalking my edits or something?>", sb.toString());
    assertEquals('<' - 29, idx[0]);
    assertEquals('w' - 29, idx[1]);
    assertEquals(' ' - 29, idx[6]);
    assertEquals(3, idx[6]);
  }

  @Test
  void vocabularyIsPrintableMinusNewlines() {
    assertEquals(0, CharEtl.index('\t'));
    assertEquals(1, CharEtl.index('\u000b'));
    assertEquals(2, CharEtl.index('\u000c'));
    assertEquals(3, CharEtl.index(' '));
    assertEquals(97, CharEtl.index('~'));
    // '\n' only reaches indexing when the language model keeps it (index 99, after the pad).
    assertEquals(CharEtl.NEWLINE, CharEtl.index('\n'));
    assertEquals(-1, CharEtl.index('\r'));
    assertEquals(-1, CharEtl.index('é'));
    for (int i = 0; i < CharEtl.PAD; i++) assertEquals(i, CharEtl.index(CharEtl.character(i)));
  }

  @Test
  void fitTruncatesHeadOrTailAndPrePads() {
    int[] seq = {10, 11, 12, 13, 14};
    assertArrayEquals(new int[] {10, 11, 12}, CharEtl.fit(seq, 3, false));
    assertArrayEquals(new int[] {12, 13, 14}, CharEtl.fit(seq, 3, true));
    assertArrayEquals(new int[] {98, 98, 10, 11, 12, 13, 14}, CharEtl.fit(seq, 7, false));
    assertArrayEquals(seq, CharEtl.fit(seq, 5, true));
    int[] enc = new CharEtl(6, false).encode("");
    assertEquals("[98, 98, 98, 98, 31, 33]", Arrays.toString(enc));
  }

  @Test
  void characterFormIsTheSameSequenceAndFeedsMinibatches() {
    CharEtl head = new CharEtl(8, false);
    CharEtl tail = new CharEtl(8, true);
    assertEquals("\u0000\u0000\u0000<a b>", head.encodeChars("A\tB"));
    assertEquals("<the for", head.encodeChars("The force is strong"));
    assertEquals("strong!>", tail.encodeChars("The force is strong!"));
    for (String t : new String[] {"", "A\tB", "The force is strong", "héllo ☃ <x>"}) {
      assertArrayEquals(head.encode(t), CharEtl.indicesOf(head.encodeChars(t)), t);
      assertArrayEquals(tail.encode(t), CharEtl.indicesOf(tail.encodeChars(t)), t);
    }
    assertEquals(CharEtl.PAD, CharEtl.index(CharEtl.PAD_CHAR));
    java.util.List<org.apache.spark.sql.Row> rows = java.util.List.of(
        org.apache.spark.sql.RowFactory.create("a", head.encodeChars("hi")),
        org.apache.spark.sql.RowFactory.create("b", head.encodeChars("a much longer text")));
    org.nd4j.linalg.api.ndarray.INDArray f = Predictor.features(rows);
    assertArrayEquals(new long[] {2, 8}, f.shape());
    for (int t = 0; t < 8; t++) {
      assertEquals(head.encode("hi")[t], f.getInt(0, t));
      assertEquals(head.encode("a much longer text")[t], f.getInt(1, t));
    }
  }

  @Test
  void onePassCleaningEqualsReplacingThenFoldingWhitespace() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    String alphabet = "aZ <>\t\n\r\u000b\u000c\u0000~!é☃日🚀\u00a0\u2003 ";
    int[] cps = alphabet.codePoints().toArray();
    for (int i = 0; i < 3000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = rnd.nextInt(40);
      for (int k = 0; k < n; k++) sb.appendCodePoint(rnd.nextInt(8) == 0 ? rnd.nextInt(0x20000) & 0xFFFF | 0x20 : cps[rnd.nextInt(cps.length)]);
      String t = sb.toString();
      for (boolean nl : new boolean[] {false, true}) {
        assertEquals(CharEtl.cleanTwoPass(t, nl), CharEtl.clean(t, nl), t);
      }
    }
  }
}
