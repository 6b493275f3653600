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

  /** One parsed record: either a submission (reason == null) or a rejection. */
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
      String raw) {
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
    String id = text(d, "id");
    if (id == null || id.isBlank()) {
      String name = text(d, "name");
      if (name != null && name.startsWith("t3_")) id = name.substring(3);
    }
    if (id == null || id.isBlank()) return reject(MISSING_ID, raw);
    Long created = seconds(d.get("created_utc"));
    if (created == null) return reject(BAD_CREATED, raw);
    Integer label = null;
    JsonNode l = d.get(labelField);
    if (l == null || l.isNull()) {
      if (labelRequired) return reject(MISSING_LABEL, raw);
    } else {
      label = bool(l);
      if (label == null && labelRequired) return reject(BAD_LABEL, raw);
    }
    Long retrieved = seconds(d.get("retrieved_on"));
    String title = orEmpty(text(d, "title"));
    String selftext = orEmpty(text(d, "selftext"));
    if (selftext.equals("[removed]") || selftext.equals("[deleted]")) selftext = "";
    return new Parsed(
        id.trim(),
        created,
        orEmpty(text(d, "subreddit")),
        title,
        selftext,
        label,
        retrieved == null ? 0L : retrieved,
        flag(d.get("over_18")),
        count(d.get("score")),
        count(d.get("num_comments")),
        string(d.get("domain")),
        null,
        null);
  }

  private static Parsed reject(String reason, String raw) {
    return new Parsed(null, 0, null, null, null, null, 0, null, null, null, null, reason, raw);
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
