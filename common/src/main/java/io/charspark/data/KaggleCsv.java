package io.charspark.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * A strict RFC-4180 record reader for the Kaggle Jigsaw CSV files (SPEC.md §3) that
 * <em>resynchronises</em> after a bad record, so one broken row never shifts, merges or loses the
 * rows after it.
 *
 * <p>Why not Spark's CSV source (univocity) or commons-csv: neither can resynchronise after an
 * unclosed quote. The quoted field simply continues to the next quote character or to the end of
 * the file, so the rest of the file ends up inside one field: every later row is shifted into the
 * wrong columns, merged into its neighbour, or lost, and nothing says which. The Kaggle files are
 * multi-line (comments hold newlines), so a line-based fallback cannot be used either. This reader
 * knows what the start of a record looks like ({@code recordStart}, by default
 * {@link #KAGGLE_RECORD_START}: 16 lower-case hex digits, optionally quoted, then a comma) and uses
 * it as a hard boundary.
 *
 * <h2>Grammar (strict RFC 4180)</h2>
 *
 * <ul>
 *   <li>Fields are separated by {@code ,}; records end at {@code \n} or {@code \r\n} (the final
 *       record may end at end of file without one). A lone {@code \r} is an ordinary character.
 *   <li>A field is either unquoted (no {@code "} anywhere in it) or quoted: {@code "…"}, where
 *       {@code ""} stands for one {@code "}, and commas and line breaks are data. Inside a quoted
 *       field a {@code \r\n} line break is <b>normalised to {@code \n}</b> (so a file converted to
 *       CRLF line endings yields the same texts); the record's {@link Record#raw raw} text keeps
 *       the original bytes.
 *   <li>After a closing quote only {@code ,}, a line break or end of file may follow.
 * </ul>
 *
 * <h2>Bad records and resynchronisation</h2>
 *
 * A record is bad ({@link Record#fields} null, {@link Record#reason} set) when:
 *
 * <ul>
 *   <li>{@code unclosed_quote}: a quoted field is still open at end of file, or its next line
 *       matches {@code recordStart} (the quote ran into the next record: a line that starts like a
 *       record is always the start of a record, which is what makes resynchronisation safe; a
 *       comment line that itself looks like {@code <16 hex digits>,} would be misread, which the
 *       Kaggle ids make vanishingly unlikely);
 *   <li>{@code bad_quote}: a character other than {@code ,}/line break/EOF after a closing quote,
 *       or a {@code "} inside an unquoted field;
 *   <li>{@code field_count}: a well-formed record with another number of fields than the header;
 *   <li>{@code record_too_long}: a record above {@link #MAX_RECORD_CHARS} characters (a guard for
 *       files whose ids do not match {@code recordStart}; its raw text is cut at that size).
 * </ul>
 *
 * The bad record's {@link Record#raw raw} text runs from its first line up to, not including, the
 * next line that matches {@code recordStart} (or end of file); reading resumes there. With
 * {@code recordStart == null} there is no boundary: reading resumes at the line after the one where
 * the error was found.
 *
 * <h2>Blank lines</h2>
 *
 * An empty (or whitespace-only) line where a record should start is not silently skipped: it is
 * returned as a bad record with reason {@code blank_line} and raw text {@code ""}/the whitespace,
 * so callers count it. (Blank lines inside a quoted field are data.)
 *
 * <h2>Header</h2>
 *
 * The first record is the header ({@link #header()}); a UTF-8 byte-order mark before it is dropped.
 * A file without a header, or with a malformed one, is an {@link IllegalArgumentException}. Every
 * later record must have as many fields as the header. Plain Java, no Spark: the executors of
 * {@link KaggleIngest} run it, one file per task.
 */
public final class KaggleCsv implements Iterator<KaggleCsv.Record>, Closeable {
  /** A Kaggle record starts with its id: 16 lower-case hex digits, optionally quoted, then a comma. */
  public static final String KAGGLE_RECORD_START = "^\"?[0-9a-f]{16}\"?,";

  /** Longest record accepted (characters), see {@code record_too_long}. */
  public static final int MAX_RECORD_CHARS = 1 << 22;

  /**
   * One record. {@code fields} is null for a bad record, whose {@code reason} says why.
   * {@code ordinal} counts every record returned after the header from 0 (bad ones and blank lines
   * included); {@code line} is the 1-based line number of the record's first line. {@code raw} is
   * the record's text as in the file, without its final line break.
   */
  public record Record(List<String> fields, String reason, String raw, long ordinal, long line) {
    public boolean ok() {
      return reason == null;
    }
  }

  /** One physical line: its content without the terminator, and the terminator. */
  private record Line(String text, String eol, long number) {}

  private final LineReader lines;
  private final Pattern recordStart;
  private final int maxRecordChars;
  private final List<String> header;
  private long ordinal;
  private Record next;

  /** A Kaggle file: records start with a 16-hex-digit id. */
  public KaggleCsv(Reader in) {
    this(in, KAGGLE_RECORD_START);
  }

  /** {@code recordStart}: a regex matching the start of a line that begins a record, or null. */
  public KaggleCsv(Reader in, String recordStart) {
    this(in, recordStart, MAX_RECORD_CHARS);
  }

  KaggleCsv(Reader in, String recordStart, int maxRecordChars) {
    this.lines = new LineReader(in);
    this.recordStart = recordStart == null ? null : Pattern.compile(recordStart);
    this.maxRecordChars = maxRecordChars;
    Line first = lines.peek();
    if (first == null) {
      this.header = null;
      return;
    }
    if (first.text().startsWith("\uFEFF")) {
      lines.replaceHead(new Line(first.text().substring(1), first.eol(), first.number()));
    }
    Record h = parse(-1);
    if (!h.ok()) {
      throw new IllegalArgumentException(
          "malformed header (" + h.reason() + ") at line " + h.line() + ": " + abbreviate(h.raw()));
    }
    this.header = h.fields();
  }

  /** The header's fields, or null for an empty file. */
  public List<String> header() {
    return header;
  }

  /** The header, or an error naming {@code file} when the file is empty. */
  public List<String> requireHeader(String file) {
    if (header == null) throw new IllegalArgumentException(file + " is empty (no CSV header)");
    return header;
  }

  @Override
  public boolean hasNext() {
    if (next == null && header != null && lines.peek() != null) next = parse(header.size());
    return next != null;
  }

  @Override
  public Record next() {
    if (!hasNext()) throw new NoSuchElementException();
    Record r = next;
    next = null;
    return r;
  }

  @Override
  public void close() {
    lines.close();
  }

  /** All records of a string (tests, small files). */
  public static List<Record> readAll(String csv, String recordStart) {
    try (KaggleCsv r = new KaggleCsv(new java.io.StringReader(csv), recordStart)) {
      List<Record> out = new ArrayList<>();
      r.forEachRemaining(out::add);
      return out;
    }
  }

  private static final int START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int AFTER_QUOTE = 3;

  /** Parses the record starting at the next line; {@code expected < 0}: the header (any count). */
  private Record parse(int expected) {
    Line line = lines.next();
    long startLine = line.number();
    long ord = expected < 0 ? -1 : ordinal++;
    if (line.text().isBlank()) {
      return new Record(null, "blank_line", line.text(), ord, startLine);
    }
    StringBuilder raw = new StringBuilder(line.text());
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int state = START;
    String error = null;
    while (true) {
      String s = line.text();
      for (int i = 0; i < s.length() && error == null; i++) {
        char c = s.charAt(i);
        switch (state) {
          case START -> {
            if (c == '"') state = QUOTED;
            else if (c == ',') fields.add("");
            else {
              field.append(c);
              state = UNQUOTED;
            }
          }
          case UNQUOTED -> {
            if (c == ',') {
              fields.add(field.toString());
              field.setLength(0);
              state = START;
            } else if (c == '"') {
              error = "bad_quote";
            } else {
              field.append(c);
            }
          }
          case QUOTED -> {
            if (c == '"') {
              if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                field.append('"');
                i++;
              } else {
                state = AFTER_QUOTE;
              }
            } else {
              field.append(c);
            }
          }
          default -> { // AFTER_QUOTE
            if (c == ',') {
              fields.add(field.toString());
              field.setLength(0);
              state = START;
            } else {
              error = "bad_quote";
            }
          }
        }
      }
      if (error != null) break;
      if (state != QUOTED) {
        fields.add(field.toString());
        break;
      }
      // A quoted field continues on the next line, unless that line starts a record.
      Line more = lines.peek();
      if (line.eol().isEmpty() || more == null || startsRecord(more)) {
        error = "unclosed_quote";
        break;
      }
      if (raw.length() + more.text().length() > maxRecordChars) {
        error = "record_too_long";
        break;
      }
      lines.next();
      field.append('\n');
      raw.append(line.eol()).append(more.text());
      line = more;
    }
    if (error == null && expected >= 0 && fields.size() != expected) error = "field_count";
    if (error == null) return new Record(Collections.unmodifiableList(fields), null, raw.toString(), ord, startLine);
    if (expected < 0) return new Record(null, error, raw.toString(), ord, startLine);
    // Resynchronise: the bad record owns every line up to the next one that starts a record.
    Line last = line;
    while (lines.peek() != null && (recordStart != null && !startsRecord(lines.peek()))) {
      Line l = lines.next();
      if (raw.length() < maxRecordChars) raw.append(last.eol()).append(l.text());
      last = l;
    }
    if (raw.length() > maxRecordChars) raw.setLength(maxRecordChars);
    return new Record(null, error, raw.toString(), ord, startLine);
  }

  private boolean startsRecord(Line l) {
    return recordStart != null && recordStart.matcher(l.text()).lookingAt();
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  /** Physical lines with their terminators ({@code \n}, {@code \r\n}, or "" at end of file). */
  private static final class LineReader implements Closeable {
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private boolean eof;
    private long number;
    private Line head;

    LineReader(Reader in) {
      this.in = in;
    }

    Line peek() {
      if (head == null) head = read();
      return head;
    }

    Line next() {
      Line l = peek();
      head = null;
      return l;
    }

    void replaceHead(Line l) {
      head = l;
    }

    private Line read() {
      StringBuilder sb = null;
      while (true) {
        if (pos == len) {
          if (eof || !fill()) {
            if (sb == null) return null;
            return new Line(sb.toString(), "", ++number);
          }
        }
        int start = pos;
        while (pos < len && buf[pos] != '\n') pos++;
        if (sb == null) sb = new StringBuilder(Math.max(16, pos - start));
        sb.append(buf, start, pos - start);
        if (pos < len) {
          pos++; // the '\n'
          String eol = "\n";
          int n = sb.length();
          if (n > 0 && sb.charAt(n - 1) == '\r') {
            sb.setLength(n - 1);
            eol = "\r\n";
          }
          return new Line(sb.toString(), eol, ++number);
        }
      }
    }

    private boolean fill() {
      try {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
          eof = true;
          return false;
        }
        pos = 0;
        len = n;
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
