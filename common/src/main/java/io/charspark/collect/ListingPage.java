package io.charspark.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a Reddit listing: {@code {"kind":"Listing","data":{"after":..,"children":[..]}}}.
 *
 * <p>Input: the response body. Output: the submissions ({@code t3} children's {@code data}
 * objects, in page order), the cursor of the next page (null on the last page), and how many
 * children were something else. Failure: a body that is not JSON or not a Listing is a
 * {@link Malformed} with a short reason (never the body itself, which could be large).
 */
record ListingPage(String after, List<ObjectNode> submissions, int otherChildren) {

  /** The page cannot be used; the reason is one short line. */
  static final class Malformed extends Exception {
    Malformed(String reason) {
      super(reason);
    }
  }

  static ListingPage parse(String body) throws Malformed {
    if (body == null || body.isBlank()) throw new Malformed("empty body");
    JsonNode root;
    try {
      root = CollectJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Malformed("not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (root == null || !root.isObject()) throw new Malformed("not a JSON object");
    if (!"Listing".equals(root.path("kind").asText(null))) {
      // Reddit reports some failures as a 200 with {"error": .., "message": ..}.
      if (root.has("error")) {
        throw new Malformed("an error object (error " + root.get("error").asText()
            + (root.has("message") ? ": " + root.get("message").asText() : "") + ")");
      }
      throw new Malformed("not a Listing (kind " + root.path("kind").asText("missing") + ")");
    }
    JsonNode data = root.path("data");
    JsonNode children = data.path("children");
    if (!children.isArray()) throw new Malformed("a Listing without data.children");
    JsonNode afterNode = data.path("after");
    if (!afterNode.isMissingNode() && !afterNode.isNull() && !afterNode.isTextual()) {
      throw new Malformed("a Listing whose data.after is not a string");
    }
    String after = afterNode.isTextual() && !afterNode.asText().isBlank() ? afterNode.asText() : null;
    List<ObjectNode> subs = new ArrayList<>();
    int other = 0;
    for (JsonNode c : children) {
      if ("t3".equals(c.path("kind").asText()) && c.path("data").isObject()) {
        subs.add((ObjectNode) c.get("data"));
      } else {
        other++;
      }
    }
    return new ListingPage(after, subs, other);
  }

  private static String firstLine(String s) {
    if (s == null) return "parse error";
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }
}
