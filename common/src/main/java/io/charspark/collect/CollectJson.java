package io.charspark.collect;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.charspark.data.SubmissionParser;

/**
 * The JSON settings of {@code collect} and the two submission fields it interprets.
 *
 * <p>Floats are read as exact decimals and written plainly, so a submission is written back with
 * the numbers Reddit sent ({@code "created_utc": 1704067200.0}, not {@code 1.7040672E9}).
 * Output is compact: one object per line.
 */
final class CollectJson {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private CollectJson() {}

  /** The base-36 id, from {@code id} or else from the fullname {@code name = t3_<id>}; null if none. */
  static String id(JsonNode d) {
    JsonNode id = d.get("id");
    if (id != null && id.isValueNode() && !id.asText().isBlank()) return id.asText().trim();
    JsonNode name = d.get("name");
    if (name != null && name.isTextual() && name.asText().startsWith("t3_")) {
      String s = name.asText().substring(3).trim();
      return s.isEmpty() ? null : s;
    }
    return null;
  }

  /** {@code created_utc} as epoch seconds (Reddit sends a float; strings tolerated); null if unusable. */
  static Long createdUtc(JsonNode d) {
    return SubmissionParser.seconds(d.get("created_utc"));
  }

}
