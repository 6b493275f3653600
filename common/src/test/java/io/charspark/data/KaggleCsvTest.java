package io.charspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.data.KaggleCsv.Record;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict RFC-4180 reader: quoting, line breaks, and resynchronisation after bad records. */
class KaggleCsvTest {
  static final String HEADER = "id,comment_text,toxic\n";
  static final String A = "0000000000000001";
  static final String B = "00000000000000b2";
  static final String C = "00000000000000c3";
  static final String D = "00000000000000d4";

  static List<Record> read(String body) {
    return KaggleCsv.readAll(HEADER + body, KaggleCsv.KAGGLE_RECORD_START);
  }

  static void good(Record r, String id, String text, String label) {
    assertTrue(r.ok(), () -> r.reason() + ": " + r.raw());
    assertEquals(List.of(id, text, label), r.fields());
  }

  @Test
  void quotedFieldsWithNewlinesDoubledQuotesAndCommas() {
    List<Record> rs = read(
        A + ",\"Line one,\nline \"\"two\"\"\n\nend\",1\n"
            + B + ",plain text,0\n"
            + C + ",\"\",0\n"
            + D + ",\"trailing, comma,\",1");
    assertEquals(4, rs.size());
    good(rs.get(0), A, "Line one,\nline \"two\"\n\nend", "1");
    good(rs.get(1), B, "plain text", "0");
    good(rs.get(2), C, "", "0");
    good(rs.get(3), D, "trailing, comma,", "1"); // no final line break
    assertEquals(List.of(2L, 6L, 7L, 8L), rs.stream().map(Record::line).toList());
    assertEquals(List.of(0L, 1L, 2L, 3L), rs.stream().map(Record::ordinal).toList());
    assertEquals(A + ",\"Line one,\nline \"\"two\"\"\n\nend\",1", rs.get(0).raw());
  }

  @Test
  void crlfEndsRecordsAndIsNormalisedInsideQuotes() {
    List<Record> rs = read(A + ",\"one\r\ntwo\",1\r\n" + B + ",x\ry,0\r\n");
    good(rs.get(0), A, "one\ntwo", "1");
    assertEquals(A + ",\"one\r\ntwo\",1", rs.get(0).raw(), "raw keeps the bytes");
    good(rs.get(1), B, "x\ry", "0"); // a lone \r is data
    assertEquals(2, rs.size());
  }

  @Test
  void emojiAndNonLatinText() {
    List<Record> rs = read(A + ",\"Звёздные войны 🚀✨, スター・ウォーズ\",0\n" + B + ",naïve café,1\n");
    good(rs.get(0), A, "Звёздные войны 🚀✨, スター・ウォーズ", "0");
    good(rs.get(1), B, "naïve café", "1");
  }

  @Test
  void unclosedQuoteInTheMiddleDoesNotShiftLaterRows() {
    List<Record> rs = read(
        A + ",\"good\",0\n"
            + B + ",\"never closed, 0\nstill inside\n"
            + C + ",\"after \"\"it\"\"\nspans\",1\n"
            + D + ",\"last\",0\n");
    assertEquals(4, rs.size());
    good(rs.get(0), A, "good", "0");
    assertEquals("unclosed_quote", rs.get(1).reason());
    assertNull(rs.get(1).fields());
    assertEquals(B + ",\"never closed, 0\nstill inside", rs.get(1).raw());
    assertEquals(3, rs.get(1).line());
    good(rs.get(2), C, "after \"it\"\nspans", "1");
    good(rs.get(3), D, "last", "0");
    // At end of file, too.
    List<Record> end = read(A + ",\"good\",0\n" + B + ",\"open\n,0\n");
    assertEquals("unclosed_quote", end.get(1).reason());
    assertEquals(B + ",\"open\n,0", end.get(1).raw());
  }

  @Test
  void junkAfterClosingQuoteAndStrayQuotesAreBadQuotes() {
    List<Record> rs = read(
        A + ",\"text\"junk,0\nmore of it\n" + B + ",ok,1\n" + C + ",in\"side,0\n" + D + ",ok,0\n");
    assertEquals(4, rs.size());
    assertEquals("bad_quote", rs.get(0).reason());
    assertEquals(A + ",\"text\"junk,0\nmore of it", rs.get(0).raw(), "continuation lines belong to the bad record");
    good(rs.get(1), B, "ok", "1");
    assertEquals("bad_quote", rs.get(2).reason());
    good(rs.get(3), D, "ok", "0");
  }

  @Test
  void wrongFieldCount() {
    List<Record> rs = read(A + ",a,0,extra\n" + B + ",b\n" + C + ",\"c,\",1\n");
    assertEquals("field_count", rs.get(0).reason());
    assertEquals("field_count", rs.get(1).reason());
    good(rs.get(2), C, "c,", "1");
  }

  @Test
  void blankLinesAreCountedNotLost() {
    List<Record> rs = read(A + ",a,0\n\n   \n" + B + ",\"b\n\nc\",1\n");
    assertEquals(4, rs.size());
    assertEquals("blank_line", rs.get(1).reason());
    assertEquals("blank_line", rs.get(2).reason());
    assertEquals(4, rs.get(2).line());
    good(rs.get(3), B, "b\n\nc", "1");
  }

  @Test
  void quotedIdsStartRecordsToo() {
    List<Record> rs = read(A + ",\"open\n\"" + B + "\",\"b\",1\n");
    assertEquals("unclosed_quote", rs.get(0).reason());
    good(rs.get(1), B, "b", "1");
  }

  @Test
  void withoutARecordStartPatternReadingResumesAtTheNextLine() {
    List<Record> rs = KaggleCsv.readAll("id,text\n1,\"a\"x\n2,b\n", null);
    assertEquals("bad_quote", rs.get(0).reason());
    assertEquals(List.of("2", "b"), rs.get(1).fields());
  }

  @Test
  void tooLongRecordIsCutAndResynchronised() {
    String csv = HEADER + A + ",\"" + "x\n".repeat(100) + "\",0\n" + B + ",b,1\n";
    try (KaggleCsv r = new KaggleCsv(new StringReader(csv), KaggleCsv.KAGGLE_RECORD_START, 50)) {
      Record first = r.next();
      assertEquals("record_too_long", first.reason());
      assertTrue(first.raw().length() <= 50);
      good(r.next(), B, "b", "1");
      assertTrue(!r.hasNext());
    }
  }

  @Test
  void headerHandling() {
    try (KaggleCsv r = new KaggleCsv(new StringReader("\uFEFFid,\"comment_text\",toxic\r\n" + A + ",a,0"))) {
      assertEquals(List.of("id", "comment_text", "toxic"), r.header());
      good(r.next(), A, "a", "0");
    }
    try (KaggleCsv empty = new KaggleCsv(new StringReader(""))) {
      assertNull(empty.header());
      assertTrue(!empty.hasNext());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> empty.requireHeader("x/train.csv"));
      assertTrue(e.getMessage().contains("x/train.csv"));
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new KaggleCsv(new StringReader("id,\"comment_text\nx\n")));
    assertTrue(bad.getMessage().contains("unclosed_quote"), bad.getMessage());
    // A header alone: no records.
    assertEquals(0, KaggleCsv.readAll(HEADER, KaggleCsv.KAGGLE_RECORD_START).size());
  }

  @Test
  void largeInputStreamsAcrossBufferBoundaries() {
    StringBuilder sb = new StringBuilder(HEADER);
    String text = "comma, \"quote\"\r\nand crlf ".repeat(2000);
    for (int i = 0; i < 50; i++) {
      sb.append(String.format("%016x", i)).append(",\"").append(text.replace("\"", "\"\"")).append("\",")
          .append(i % 2).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    List<Record> rs = KaggleCsv.readAll(sb.toString(), KaggleCsv.KAGGLE_RECORD_START);
    assertEquals(50, rs.size());
    for (int i = 0; i < 50; i++) good(rs.get(i), String.format("%016x", i), text.replace("\r\n", "\n"), String.valueOf(i % 2));
  }
}
