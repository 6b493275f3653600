package io.charspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The subreddit pre-check never drops a line the parser and the subreddit filter would keep:
 * hand-written cases (escapes, key order, a long selftext first, case variants, characters whose
 * lower case is ASCII) and 20,000 generated lines compared with parse-only.
 */
class SubredditPrefilterTest {
  static final Set<String> WANTED = Set.of("starwars", "askreddit_2");
  static final SubredditPrefilter PRE = SubredditPrefilter.of(WANTED);
  static final SubmissionParser PARSER = new SubmissionParser("spoiler", false);

  /** Spark's lower(): ASCII lower-casing for ASCII strings, else String.toLowerCase() (default locale). */
  static String sparkLower(String s) {
    return s.chars().allMatch(c -> c < 128) ? s.toLowerCase(Locale.ROOT) : s.toLowerCase();
  }

  /** What parse-only + the subreddit filter keep from this line: a post of a wanted subreddit. */
  static boolean wanted(String line) {
    for (SubmissionParser.Parsed p : PARSER.parseLine(line)) {
      if (p.ok() && WANTED.contains(sparkLower(p.subreddit()))) return true;
    }
    return false;
  }

  /** The pre-check's answer; fails when the SIMD scan and the scalar loop disagree on the line. */
  static boolean kept(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    boolean k = PRE.mightMatch(b);
    assertEquals(PRE.mightMatchScalar(b), k, () -> "SIMD and scalar differ on " + line);
    return k;
  }

  @Test
  void handWrittenCases() {
    String base = "\"id\":\"abc\",\"created_utc\":1500000000,\"title\":\"t\"";
    List<String> wantedLines = List.of(
        "{" + base + ",\"subreddit\":\"StarWars\"}",
        "{\"subreddit\":\"STARWARS\"," + base + "}",
        "{" + base + ",\"subreddit\":\"starWars\"}",
        "{" + base + ",\"subreddit\":\"Star\\u0057ars\"}",
        "{" + base + ",\"subreddit\":\"\\u0053\\u0074\\u0061\\u0072\\u0077\\u0061\\u0072\\u0073\"}",
        "{" + base + ",\"sub\\u0072eddit\":\"Star\\u0057ars\"}",
        "{" + base + ",\"selftext\":\"" + "x".repeat(10_000) + "\",\"subreddit\":\"StarWars\"}",
        "  {" + base + ",\"subreddit\" : \"StarWars\"}  ",
        "{\"kind\":\"t3\",\"data\":{" + base + ",\"subreddit\":\"Star\\u0057ars\"}}",
        "{" + base + ",\"subreddit\":\"askreddit_2\"}");
    for (String l : wantedLines) {
      assertTrue(wanted(l), "parse-only keeps " + l.substring(0, Math.min(80, l.length())));
      assertTrue(kept(l), "pre-check keeps " + l.substring(0, Math.min(80, l.length())));
    }
    // Another subreddit, even with escapes elsewhere (an emoji) and a long selftext: dropped.
    String other = "{" + base + ",\"selftext\":\"" + "y \\ud83d\\ude00 ".repeat(2_000) + "\",\"subreddit\":\"PrequelMemes\"}";
    assertFalse(wanted(other));
    assertFalse(kept(other));
    assertFalse(kept("{" + base + ",\"subreddit\":\"Star\\/Wars\"}"), "\\/ is no letter");
    assertFalse(kept("{" + base + ",\"subreddit\":\"Star\\\\u0057ars\"}"), "an escaped backslash, then text u0057");
    // Not one object: the parser names it (blank line, array, cut-off line).
    assertTrue(kept(""));
    assertTrue(kept("   "));
    assertTrue(kept("[1, 2, 3]"));
    assertTrue(kept("{\"id\":\"abc\",\"subreddit\":\"Prequ"));
    // Characters whose lower case is ASCII: KELVIN SIGN (k), and I + COMBINING DOT ABOVE (tr).
    SubredditPrefilter karma = SubredditPrefilter.of(List.of("karma", "iama"));
    assertTrue(karma.mightMatch(("{" + base + ",\"subreddit\":\"\u212Aarma\"}").getBytes(StandardCharsets.UTF_8)));
    assertTrue(karma.mightMatch(("{" + base + ",\"subreddit\":\"\\u212aarma\"}").getBytes(StandardCharsets.UTF_8)));
    assertTrue(karma.mightMatch(("{" + base + ",\"subreddit\":\"I\u0307ama\"}").getBytes(StandardCharsets.UTF_8)));
    assertTrue(karma.mightMatch(("{" + base + ",\"subreddit\":\"\u0130ama\"}").getBytes(StandardCharsets.UTF_8)));
    assertFalse(karma.mightMatch(("{" + base + ",\"subreddit\":\"\u00e9arma\"}").getBytes(StandardCharsets.UTF_8)));
    assertTrue(SubredditPrefilter.lowersToAscii(0x212A));
    assertTrue(SubredditPrefilter.lowersToAscii(0x0130));
    assertFalse(SubredditPrefilter.lowersToAscii(0x00E9));
    // Names that are not Reddit names, or no filter: no pre-check.
    assertNull(SubredditPrefilter.of(List.of()));
    assertNull(SubredditPrefilter.of(List.of("star wars")));
  }

  @Test
  void theCharactersThatLowerCaseToAsciiAreAllKnown() {
    Locale[] locales = {Locale.ROOT, Locale.getDefault(), Locale.forLanguageTag("tr"), Locale.forLanguageTag("az"),
        Locale.forLanguageTag("lt")};
    for (int c = 128; c <= 0xFFFF; c++) {
      if (Character.isSurrogate((char) c)) continue;
      String s = String.valueOf((char) c);
      for (Locale l : locales) {
        if (s.toLowerCase(l).chars().anyMatch(ch -> ch < 128) || ("I" + s).toLowerCase(l).chars().allMatch(ch -> ch < 128)) {
          assertTrue(SubredditPrefilter.lowersToAscii(c), String.format("U+%04X in %s", c, l));
        }
      }
    }
  }

  static final String[] SUBS = {"StarWars", "starwars", "STARWARS", "sTaRwArS", "askreddit_2", "AskReddit_2",
      "PrequelMemes", "AskReddit", "StarWarsLeaks", "Star_Wars", "starwar", "funny", "\u212Aarma", ""};
  static final String[] KEYS = {"id", "created_utc", "subreddit", "title", "selftext", "spoiler", "url", "edited", "score"};

  /** A JSON string literal; each character escaped as \\uXXXX with probability {@code p}. */
  static String str(String s, double p, SplittableRandom r) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || r.nextDouble() < p) {
        String hex = String.format("%04x", (int) c);
        b.append("\\u").append(r.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static String value(String key, SplittableRandom r, String sub, boolean escapes) {
    double esc = escapes && r.nextBoolean() ? 0.2 : 0.0;
    return switch (key) {
      case "id" -> str(Long.toString(r.nextLong() & Long.MAX_VALUE, 36), esc, r);
      case "created_utc" -> switch (r.nextInt(3)) {
        case 0 -> "1500000000";
        case 1 -> "1500000000.0";
        default -> "\"1500000000\"";
      };
      case "subreddit" -> str(sub, esc, r);
      case "title" -> str("about " + SUBS[r.nextInt(SUBS.length)].toLowerCase(Locale.ROOT).replace("starwars", "star wars"), esc, r);
      case "selftext" -> str(("lorem ipsum \ud83d\ude00 r/prequelmemes \u00e9t\u00e9 " + r.nextInt()).repeat(r.nextInt(4) == 0 ? 500 : 3), esc, r);
      case "spoiler" -> r.nextBoolean() ? "true" : "false";
      case "edited" -> r.nextBoolean() ? "false" : "1500000100";
      case "score" -> String.valueOf(r.nextInt(100));
      default -> str("https://www.reddit.com/r/" + SUBS[r.nextInt(SUBS.length)] + "/", esc, r);
    };
  }

  @Test
  void neverDropsALineThatParseOnlyKeeps() {
    SplittableRandom r = new SplittableRandom(19);
    int wantedSeen = 0;
    int escapedWanted = 0;
    int dropped = 0;
    for (int n = 0; n < 20_000; n++) {
      List<String> keys = new ArrayList<>(List.of(KEYS));
      Collections.shuffle(keys, new java.util.Random(r.nextLong()));
      if (r.nextInt(10) == 0) keys.remove(r.nextInt(keys.size())); // sometimes a field is missing
      String sub = SUBS[r.nextInt(SUBS.length)];
      boolean escapes = r.nextDouble() < 0.3; // a third of the lines have unicode escapes in some values
      StringBuilder b = new StringBuilder("{");
      for (String k : keys) {
        if (b.length() > 1) b.append(r.nextBoolean() ? "," : ", ");
        b.append(str(k, escapes && r.nextInt(10) == 0 ? 0.3 : 0.0, r)).append(':').append(value(k, r, sub, escapes));
      }
      b.append('}');
      String line = r.nextInt(50) == 0 ? "{\"kind\":\"t3\",\"data\":" + b + "}" : b.toString();
      boolean w = wanted(line);
      boolean k = kept(line);
      if (w) {
        wantedSeen++;
        if (!line.toLowerCase(Locale.ROOT).contains("starwars") && !line.toLowerCase(Locale.ROOT).contains("askreddit_2")) escapedWanted++;
        assertTrue(k, "dropped a wanted line: " + line.substring(0, Math.min(300, line.length())));
      }
      if (!k) dropped++;
    }
    // The generator covers both sides: wanted posts whose name is only found through escapes, and
    // unwanted lines the check drops.
    assertTrue(wantedSeen > 5_000, "wanted " + wantedSeen);
    assertTrue(escapedWanted > 100, "wanted only through escapes " + escapedWanted);
    assertTrue(dropped > 2_000, "dropped " + dropped);
  }

  /**
   * The Vector API scan is in use under the build's JVM flags, and gives the scalar loop's answer
   * on lines dense in what both look at: backslash runs before {@code u}, escapes, quotes before
   * {@code kind}, name fragments and case variants, characters whose lower case is ASCII — across
   * vector-step boundaries (lines of 0 to 400 bytes against 32- or 64-byte steps).
   */
  @Test
  void simdScanIsOnAndGivesTheScalarAnswer() {
    assertTrue(SubredditPrefilter.simd(),
        "the SIMD pre-check is off: is --add-modules=jdk.incubator.vector missing from the JVM flags?");
    String[] rare = {"\\", "\\\\", "\\u0057", "\\u0053tar", "\\u00e9", "\\u212a", "\\u006bind", "\"", "\"kind\"",
        "\\\"kind\"", "k", "w", "W", "star", "wars", "Star", "WARS", "StarWars", "starwar", "askreddit", "_2",
        "askreddit_2", "\u00e9", "\u2019", "\u212A", "\u0130", "I\u0307", "\\n", "\\w", "s"};
    String[] common = {"a", "x", " ", "e", "t", ",", ":", "o"};
    SplittableRandom r = new SplittableRandom(23);
    int kept = 0;
    int lines = 40_000;
    for (int n = 0; n < lines; n++) {
      StringBuilder b = new StringBuilder("{");
      int len = r.nextInt(400);
      double rareShare = r.nextDouble() * 0.15;
      while (b.length() < len) b.append(r.nextDouble() < rareShare ? rare[r.nextInt(rare.length)] : common[r.nextInt(common.length)]);
      if (kept(b.append('}').toString())) kept++;
    }
    assertTrue(kept > lines / 10 && kept < lines * 9 / 10, "kept " + kept + " of " + lines);
    // Every pair of those fragments, side by side, at every offset of a 64-byte step and its tail:
    // the answer then rests on the pair alone (the filler holds nothing either check looks at).
    int pairsKept = 0;
    int pairs = 0;
    for (String x : rare) {
      for (String y : rare) {
        for (int at = 0; at < 140; at += 3) {
          pairs++;
          if (kept("{" + "a".repeat(at) + x + y + "a".repeat(200 - at) + "}")) pairsKept++;
        }
      }
    }
    assertTrue(pairsKept > pairs / 10 && pairsKept < pairs * 9 / 10, "kept " + pairsKept + " of " + pairs);
  }
}
