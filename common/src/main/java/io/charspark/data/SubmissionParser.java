package io.charspark.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one raw input record (a JSON line of a dump, or a whole API listing document) into
 * normalised submissions or rejections with a reason. Runs on executors; holds only plain values.
 *
 * <p>Normalised fields: id (without the {@code t3_} prefix), created_utc (epoch seconds; integer,
 * float or string in the input), subreddit, title, selftext ({@code [removed]}/{@code [deleted]} →
 * empty), text = title + " " + selftext, label (the configured boolean field; 0/1 and "true"/"false"
 * accepted), retrieved_on (epoch seconds, 0 when absent).
 *
 * <p>Metadata fields, all nullable: over_18 (boolean; true/false, 0/1 or "true"/"false"), score
 * and num_comments (long; integer, float or numeric string, like created_utc), domain (string, e.g.
 * {@code self.StarWars} or {@code youtube.com}). Metadata never rejects a post: an absent field,
 * JSON null or a value of the wrong type (score {@code "abc"}, over_18 {@code "yes"}, domain an
 * object) becomes null, i.e. missing; the typed-schema transforms count and impute missing values.
 *
 * <p>Every name and type a field has had in real dumps across the years is listed once, in
 * {@link #FIELDS} (docs/ingest.md shows the same table; {@code SubmissionParserTest} checks they
 * agree). Text is repaired, never rejected: a lone UTF-16 surrogate from a JSON escape (half an
 * emoji, {@code "\\ud83d"}) becomes U+FFFD, which the character ETL turns into a space, and the
 * record's {@link Parsed#repaired()} names the repair ({@link #LONE_SURROGATE}); without this, Spark
 * would store the lone surrogate as {@code ?}.
 */
public final class SubmissionParser implements Serializable {
  public static final String BLANK = "blank_line";
  public static final String MALFORMED = "malformed_json";
  public static final String NOT_OBJECT = "not_a_json_object";
  public static final String NOT_SUBMISSION = "not_a_submission";
  public static final String MISSING_ID = "missing_id";
  public static final String BAD_CREATED = "bad_created_utc";
  public static final String MISSING_LABEL = "missing_label";
  public static final String BAD_LABEL = "bad_label";
  /** Repair kind: a lone surrogate (from a JSON {@code \\uD8xx} escape) replaced with U+FFFD. */
  public static final String LONE_SURROGATE = "lone_surrogate";

  /**
   * One submission field: the normalised column, every JSON name it has had (read in this order;
   * {@code a.b} = field {@code b} of object {@code a}), the value types accepted, and what an
   * absent, null or unreadable value becomes.
   */
  public record Field(String column, List<String> names, String types, String whenMissing) {}

  public static final Field ID = new Field("id", List.of("id", "name"),
      "string; a `t3_` prefix is removed; `name` is the fullname `t3_<id>` (other prefixes: not a post)",
      "`name` is used; neither → rejected `missing_id`");
  public static final Field CREATED = new Field("created_utc", List.of("created_utc"),
      "epoch seconds as integer, float (`1590000000.0`) or numeric string (`\"1590000000\"`)",
      "rejected `bad_created_utc`");
  public static final Field RETRIEVED = new Field("retrieved_on",
      List.of("retrieved_on", "retrieved_utc", "_meta.retrieved_2nd_on"),
      "epoch seconds (integer, float or numeric string); `retrieved_utc` in dumps of 2020-05 … 2021-06;"
          + " when several are present the latest counts",
      "0 (no retrieval time; de-duplication then falls back to the content hash)");
  public static final Field SUBREDDIT = new Field("subreddit", List.of("subreddit"),
      "string (`u_<name>` for profile posts)", "empty (removed by an `input.subreddits` filter)");
  public static final Field TITLE = new Field("title", List.of("title"),
      "string (a number or object is kept as its JSON text)", "empty");
  public static final Field SELFTEXT = new Field("selftext", List.of("selftext"),
      "string; `[removed]` and `[deleted]` become empty (link posts have an empty selftext)", "empty");
  public static final Field LABEL = new Field("label", List.of("<input.label_field>"),
      "boolean, 0/1, or \"true\"/\"false\"/\"0\"/\"1\" (`spoiler` is absent before 2016-09)",
      "labelled workloads: rejected `missing_label` (absent/null) or `bad_label` (other values)");
  public static final Field EDITED = new Field("(not read)", List.of("edited"),
      "`false`, `true`, or the epoch seconds of the edit", "ignored: never rejects a record");
  public static final Field OVER_18 = new Field("over_18", List.of("over_18"),
      "boolean, 0/1 or \"true\"/\"false\"", "null");
  public static final Field SCORE = new Field("score", List.of("score"),
      "integer, float or numeric string", "null");
  public static final Field NUM_COMMENTS = new Field("num_comments", List.of("num_comments"),
      "integer, float or numeric string", "null");
  public static final Field DOMAIN = new Field("domain", List.of("domain"),
      "non-blank string (`self.StarWars`, `youtube.com`)", "null");
  /** Every field charspark reads, in the order of docs/ingest.md's table. */
  public static final List<Field> FIELDS = List.of(
      ID, CREATED, RETRIEVED, SUBREDDIT, TITLE, SELFTEXT, LABEL, EDITED, OVER_18, SCORE,
      NUM_COMMENTS, DOMAIN);

  /**
   * One parsed record: either a submission (reason == null) or a rejection. {@code repaired}: the
   * repair kinds applied to this record, comma-separated ({@link #LONE_SURROGATE}), or null.
   */
  public record Parsed(
      String id,
      long createdUtc,
      String subreddit,
      String title,
      String selftext,
      Integer label,
      long retrievedOn,
      Boolean over18,
      Long score,
      Long numComments,
      String domain,
      String reason,
      String raw,
      String repaired) {
    public boolean ok() {
      return reason == null;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final String labelField;
  private final boolean labelRequired;

  public SubmissionParser(String labelField, boolean labelRequired) {
    this.labelField = labelField;
    this.labelRequired = labelRequired;
  }

  /** A line of a JSON-lines file: a submission, or a whole listing page written on one line. */
  public List<Parsed> parseLine(String line) {
    List<Parsed> out = new ArrayList<>(1);
    if (line == null || line.isBlank()) {
      out.add(reject(BLANK, line == null ? "" : line));
      return out;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      out.add(reject(MALFORMED, line));
      return out;
    }
    if (node.isArray()) {
      // A line of a dump holds one object; a bare array is one bad record, not several.
      out.add(reject(NOT_OBJECT, line));
      return out;
    }
    addNode(node, line, out);
    return out;
  }

  /** A whole-file JSON document: a Listing, an array of Listings or submissions, or one submission. */
  public List<Parsed> parseDocument(String doc) {
    List<Parsed> out = new ArrayList<>();
    if (doc == null || doc.isBlank()) {
      out.add(reject(BLANK, doc == null ? "" : doc));
      return out;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(doc);
    } catch (JsonProcessingException e) {
      // Not one document: maybe JSON lines saved as .json.
      for (String line : doc.split("\r?\n")) out.addAll(parseLine(line));
      return out;
    }
    addNode(node, doc, out);
    return out;
  }

  private void addNode(JsonNode node, String raw, List<Parsed> out) {
    if (node.isArray()) {
      for (JsonNode n : node) addNode(n, n.toString(), out);
      return;
    }
    if (!node.isObject()) {
      out.add(reject(NOT_OBJECT, raw));
      return;
    }
    if ("Listing".equals(node.path("kind").asText(null))) {
      JsonNode children = node.path("data").path("children");
      if (!children.isArray()) {
        out.add(reject(MALFORMED, raw));
        return;
      }
      for (JsonNode child : children) {
        String kind = child.path("kind").asText("");
        if (!"t3".equals(kind) || !child.path("data").isObject()) {
          out.add(reject(NOT_SUBMISSION, child.toString()));
        } else {
          out.add(submission(child.get("data"), child.get("data").toString()));
        }
      }
      return;
    }
    if (node.has("kind") && node.path("data").isObject()) {
      if ("t3".equals(node.path("kind").asText())) {
        out.add(submission(node.get("data"), raw));
      } else {
        out.add(reject(NOT_SUBMISSION, raw));
      }
      return;
    }
    out.add(submission(node, raw));
  }

  Parsed submission(JsonNode d, String raw) {
    Repairs fix = new Repairs();
    String id = null;
    for (String name : ID.names()) {
      String v = text(d, name);
      if (v != null && v.startsWith("t3_")) v = v.substring(3);
      else if (!name.equals("id")) v = null; // a fullname of another kind (t1_ comment) is no post id
      if (v != null && !v.isBlank()) {
        id = v;
        break;
      }
    }
    if (id == null) return reject(MISSING_ID, raw);
    Long created = seconds(d.get(CREATED.names().get(0)));
    if (created == null) return reject(BAD_CREATED, raw);
    Integer label = null;
    JsonNode l = d.get(labelField);
    if (l == null || l.isNull()) {
      if (labelRequired) return reject(MISSING_LABEL, raw);
    } else {
      label = bool(l);
      if (label == null && labelRequired) return reject(BAD_LABEL, raw);
    }
    String title = fix.text(orEmpty(text(d, TITLE.names().get(0))));
    String selftext = fix.text(orEmpty(text(d, SELFTEXT.names().get(0))));
    if (selftext.equals("[removed]") || selftext.equals("[deleted]")) selftext = "";
    return new Parsed(
        fix.text(id.trim()),
        created,
        fix.text(orEmpty(text(d, SUBREDDIT.names().get(0)))),
        title,
        selftext,
        label,
        retrievedOn(d),
        flag(d.get(OVER_18.names().get(0))),
        count(d.get(SCORE.names().get(0))),
        count(d.get(NUM_COMMENTS.names().get(0))),
        fix.text(string(d.get(DOMAIN.names().get(0)))),
        null,
        null,
        fix.kinds());
  }

  /**
   * The retrieval time (epoch seconds) of a submission: the latest of {@link #RETRIEVED}'s names
   * that holds a number; 0 when none does.
   */
  static long retrievedOn(JsonNode d) {
    long latest = 0;
    for (String name : RETRIEVED.names()) {
      JsonNode n = d;
      for (String part : name.split("\\.")) n = n == null ? null : n.get(part);
      Long v = seconds(n);
      if (v != null && v > latest) latest = v;
    }
    return latest;
  }

  /** Text repairs of one record: what was repaired, for {@link Parsed#repaired()}. */
  private static final class Repairs {
    private boolean surrogate;

    String text(String s) {
      if (s == null) return null;
      String r = replaceLoneSurrogates(s);
      if (r != s) surrogate = true;
      return r;
    }

    String kinds() {
      return surrogate ? LONE_SURROGATE : null;
    }
  }

  /**
   * {@code s} with every lone (unpaired) UTF-16 surrogate replaced by U+FFFD; the same instance
   * when there is none. JSON allows {@code \\ud83d} escapes that no UTF-8 text can hold.
   */
  public static String replaceLoneSurrogates(String s) {
    StringBuilder sb = null;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) continue;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a proper pair
        continue;
      }
      if (sb == null) sb = new StringBuilder(s);
      sb.setCharAt(i, '\uFFFD');
    }
    return sb == null ? s : sb.toString();
  }

  private static Parsed reject(String reason, String raw) {
    // The raw text is written as JSON lines: repaired so no lone surrogate becomes '?'.
    String r = raw == null ? null : replaceLoneSurrogates(raw);
    return new Parsed(null, 0, null, null, null, null, 0, null, null, null, null, reason, r, null);
  }

  private static String text(JsonNode d, String field) {
    JsonNode n = d.get(field);
    if (n == null || n.isNull()) return null;
    return n.isValueNode() ? n.asText() : n.toString();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Epoch seconds from an integer, a float or a numeric string; null when absent or not a number. */
  public static Long seconds(JsonNode n) {
    if (n == null || n.isNull()) return null;
    try {
      if (n.isNumber()) return n.decimalValue().longValue();
      if (n.isTextual()) return new BigDecimal(n.asText().trim()).longValue();
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  /** A metadata count (score, num_comments) read like {@link #seconds}; null when missing or not a number. */
  static Long count(JsonNode n) {
    return seconds(n);
  }

  /** A metadata flag (over_18): like the label, but null instead of a rejection when unreadable. */
  static Boolean flag(JsonNode n) {
    if (n == null || n.isNull()) return null;
    Integer b = bool(n);
    return b == null ? null : b == 1;
  }

  /** A metadata string (domain): only a JSON string; blank, null or any other type → null. */
  static String string(JsonNode n) {
    if (n == null || !n.isTextual()) return null;
    String s = n.asText().trim();
    return s.isEmpty() ? null : s;
  }

  static Integer bool(JsonNode n) {
    if (n.isBoolean()) return n.asBoolean() ? 1 : 0;
    if (n.isInt() || n.isLong()) {
      long v = n.asLong();
      // Integer.valueOf: with int literals on both branches the null would be unboxed (NPE).
      return v == 0 ? Integer.valueOf(0) : v == 1 ? Integer.valueOf(1) : null;
    }
    if (n.isTextual()) {
      String s = n.asText().trim().toLowerCase(java.util.Locale.ROOT);
      if (s.equals("true") || s.equals("1")) return 1;
      if (s.equals("false") || s.equals("0")) return 0;
    }
    return null;
  }
}
