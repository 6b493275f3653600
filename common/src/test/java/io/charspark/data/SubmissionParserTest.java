package io.charspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.data.SubmissionParser.Parsed;
import io.charspark.etl.CharEtl;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionParserTest {
  final SubmissionParser parser = new SubmissionParser("spoiler", true);

  private Parsed one(String line) {
    List<Parsed> p = parser.parseLine(line);
    assertEquals(1, p.size(), line);
    return p.get(0);
  }

  @Test
  void dumpLineIsNormalised() {
    Parsed p =
        one("{\"id\":\"abc\",\"subreddit\":\"StarWars\",\"title\":\"T\",\"selftext\":\"[removed]\","
            + "\"spoiler\":true,\"created_utc\":1500000000,\"retrieved_on\":1500000100}");
    assertTrue(p.ok());
    assertEquals("abc", p.id());
    assertEquals(1500000000L, p.createdUtc());
    assertEquals("", p.selftext());
    assertEquals(1, p.label());
    assertEquals(1500000100L, p.retrievedOn());
  }

  @Test
  void createdUtcAsIntFloatOrStringAndBadOnesRejected() {
    String base = "{\"id\":\"a\",\"title\":\"t\",\"spoiler\":false,\"created_utc\":";
    assertEquals(1500000000L, one(base + "1500000000}").createdUtc());
    assertEquals(1500000000L, one(base + "1500000000.0}").createdUtc());
    assertEquals(1500000000L, one(base + "\"1500000000\"}").createdUtc());
    assertEquals(SubmissionParser.BAD_CREATED, one(base + "\"yesterday\"}").reason());
    assertEquals(SubmissionParser.BAD_CREATED, one("{\"id\":\"a\",\"spoiler\":false}").reason());
  }

  @Test
  void faultsAreRejectedWithReasonAndRaw() {
    String cut = "{\"id\":\"a\",\"title\":\"t";
    Parsed p = one(cut);
    assertEquals(SubmissionParser.MALFORMED, p.reason());
    assertEquals(cut, p.raw());
    assertEquals(SubmissionParser.BLANK, one("   ").reason());
    assertEquals(SubmissionParser.NOT_OBJECT, one("[1,2,3]").reason());
    assertEquals(SubmissionParser.NOT_OBJECT, one("42").reason());
    assertEquals(SubmissionParser.MISSING_ID, one("{\"title\":\"t\",\"spoiler\":true,\"created_utc\":1}").reason());
    assertEquals(SubmissionParser.MISSING_LABEL, one("{\"id\":\"a\",\"created_utc\":1}").reason());
    assertEquals(SubmissionParser.BAD_LABEL, one("{\"id\":\"a\",\"created_utc\":1,\"spoiler\":\"maybe\"}").reason());
    assertEquals(SubmissionParser.BAD_LABEL, one("{\"id\":\"a\",\"created_utc\":1,\"spoiler\":2}").reason());
  }

  @Test
  void nameFallsBackForIdAndLabelIsOptionalWhenScoring() {
    Parsed p = one("{\"name\":\"t3_xyz\",\"created_utc\":1,\"spoiler\":1}");
    assertEquals("xyz", p.id());
    assertEquals(1, p.label());
    Parsed s = new SubmissionParser("spoiler", false).parseLine("{\"id\":\"q\",\"created_utc\":1}").get(0);
    assertTrue(s.ok());
    assertNull(s.label());
  }

  @Test
  void listingPagesYieldTheirSubmissionsAndRejectOtherKinds() {
    String listing =
        "{\n \"kind\": \"Listing\",\n \"data\": {\"after\": null, \"children\": [\n"
            + "  {\"kind\": \"t3\", \"data\": {\"id\": \"p1\", \"title\": \"One\", \"spoiler\": true, \"created_utc\": 5}},\n"
            + "  {\"kind\": \"t1\", \"data\": {\"id\": \"c1\", \"body\": \"comment\"}},\n"
            + "  {\"kind\": \"t3\", \"data\": {\"id\": \"p2\", \"title\": \"Two\", \"spoiler\": false, \"created_utc\": 6.5}}\n"
            + " ]}\n}";
    List<Parsed> doc = parser.parseDocument(listing);
    assertEquals(3, doc.size());
    assertEquals("p1", doc.get(0).id());
    assertEquals(SubmissionParser.NOT_SUBMISSION, doc.get(1).reason());
    assertEquals(0, doc.get(2).label());
    // The same page written on one line of a JSON-lines file.
    assertEquals(3, parser.parseLine(listing.replace("\n", "")).size());
    // An array of listing pages as one document.
    assertEquals(6, parser.parseDocument("[" + listing + "," + listing + "]").size());
  }

  @Test
  void metadataFromIntsFloatsAndNumericStrings() {
    String base = "{\"id\":\"m\",\"created_utc\":1,\"spoiler\":false,";
    Parsed p = one(base + "\"over_18\":true,\"score\":12,\"num_comments\":3,\"domain\":\"self.StarWars\"}");
    assertTrue(p.ok());
    assertEquals(Boolean.TRUE, p.over18());
    assertEquals(12L, p.score());
    assertEquals(3L, p.numComments());
    assertEquals("self.StarWars", p.domain());
    Parsed f = one(base + "\"over_18\":false,\"score\":12.0,\"num_comments\":3.7,\"domain\":\"i.redd.it\"}");
    assertEquals(Boolean.FALSE, f.over18());
    assertEquals(12L, f.score());
    assertEquals(3L, f.numComments());
    Parsed s = one(base + "\"over_18\":\"true\",\"score\":\"-4\",\"num_comments\":\" 15 \",\"domain\":\"youtube.com\"}");
    assertEquals(Boolean.TRUE, s.over18());
    assertEquals(-4L, s.score());
    assertEquals(15L, s.numComments());
    assertEquals(0L, one(base + "\"score\":\"0.0\",\"over_18\":0}").score());
    assertEquals(Boolean.FALSE, one(base + "\"over_18\":0}").over18());
  }

  @Test
  void absentNullOrWrongTypedMetadataIsMissingNeverAReject() {
    Parsed absent = one("{\"id\":\"m\",\"created_utc\":1,\"spoiler\":true}");
    assertTrue(absent.ok());
    assertNull(absent.over18());
    assertNull(absent.score());
    assertNull(absent.numComments());
    assertNull(absent.domain());
    Parsed nulls = one("{\"id\":\"m\",\"created_utc\":1,\"spoiler\":true,"
        + "\"over_18\":null,\"score\":null,\"num_comments\":null,\"domain\":null}");
    assertTrue(nulls.ok());
    assertNull(nulls.over18());
    assertNull(nulls.score());
    assertNull(nulls.numComments());
    assertNull(nulls.domain());
    Parsed wrong = one("{\"id\":\"m\",\"created_utc\":1,\"spoiler\":true,"
        + "\"over_18\":\"yes\",\"score\":\"abc\",\"num_comments\":[1],\"domain\":{\"a\":1}}");
    assertTrue(wrong.ok());
    assertEquals(1, wrong.label());
    assertNull(wrong.over18());
    assertNull(wrong.score());
    assertNull(wrong.numComments());
    assertNull(wrong.domain());
    Parsed wrong2 = one("{\"id\":\"m\",\"created_utc\":1,\"spoiler\":true,"
        + "\"over_18\":2,\"score\":true,\"num_comments\":\"\",\"domain\":42}");
    assertTrue(wrong2.ok());
    assertNull(wrong2.over18());
    assertNull(wrong2.score());
    assertNull(wrong2.numComments());
    assertNull(wrong2.domain());
    // Rejects carry no metadata.
    Parsed rejected = one("{\"id\":\"m\",\"score\":5,\"spoiler\":true}");
    assertEquals(SubmissionParser.BAD_CREATED, rejected.reason());
    assertNull(rejected.score());
  }

  // --- Field variants across the years (SubmissionParser.FIELDS, docs/ingest.md) ---

  @Test
  void retrievalTimeUnderEveryNameAndTypeTheLatestCounting() {
    String base = "{\"id\":\"abc1\",\"title\":\"t\",\"spoiler\":false,\"created_utc\":1590000000,";
    assertEquals(1591003600L, one(base + "\"retrieved_on\":1591003600}").retrievedOn());
    // Dumps of 2020-05 ... 2021-06 call it retrieved_utc.
    assertEquals(1593600000L, one(base + "\"retrieved_utc\":1593600000}").retrievedOn());
    assertEquals(1593600000L, one(base + "\"retrieved_utc\":1593600000.0}").retrievedOn());
    assertEquals(1593600000L, one(base + "\"retrieved_utc\":\"1593600000\"}").retrievedOn());
    // Re-fetched posts of later dumps carry _meta.retrieved_2nd_on; the latest of all names counts.
    assertEquals(1700000000L,
        one(base + "\"retrieved_on\":1690000000,\"_meta\":{\"retrieved_2nd_on\":1700000000}}").retrievedOn());
    assertEquals(1600000000L, one(base + "\"retrieved_on\":1600000000,\"retrieved_utc\":1500000000}").retrievedOn());
    // None, null or unreadable: 0 (no retrieval time), never a rejection.
    assertEquals(0L, one(base + "\"x\":1}").retrievedOn());
    assertEquals(0L, one(base + "\"retrieved_utc\":null,\"retrieved_on\":\"soon\"}").retrievedOn());
    assertTrue(one(base + "\"retrieved_on\":\"soon\"}").ok());
  }

  @Test
  void idAsPlainIdPrefixedIdOrFullname() {
    String rest = ",\"created_utc\":1,\"spoiler\":false}";
    assertEquals("abc", one("{\"id\":\"abc\"" + rest).id());
    assertEquals("abc", one("{\"id\":\"t3_abc\"" + rest).id());
    assertEquals("abc", one("{\"name\":\"t3_abc\"" + rest).id());
    assertEquals("abc", one("{\"id\":null,\"name\":\"t3_abc\"" + rest).id());
    assertEquals("abc", one("{\"id\":\"abc\",\"name\":\"t3_abc\"" + rest).id());
    // A comment's fullname is not a post id.
    assertEquals(SubmissionParser.MISSING_ID, one("{\"name\":\"t1_abc\"" + rest).reason());
  }

  @Test
  void nullTitleSelftextSpoilerAndEitherFormOfEdited() {
    Parsed nulls = one("{\"id\":\"n\",\"created_utc\":1,\"spoiler\":true,\"title\":null,\"selftext\":null,\"subreddit\":null}");
    assertTrue(nulls.ok());
    assertEquals("", nulls.title());
    assertEquals("", nulls.selftext());
    assertEquals("", nulls.subreddit());
    assertEquals(SubmissionParser.MISSING_LABEL, one("{\"id\":\"n\",\"created_utc\":1,\"spoiler\":null}").reason());
    assertNull(new SubmissionParser("spoiler", false).parseLine("{\"id\":\"n\",\"created_utc\":1,\"spoiler\":null}").get(0).label());
    String base = "{\"id\":\"e\",\"created_utc\":1,\"spoiler\":false,\"title\":\"t\",\"edited\":";
    for (String edited : List.of("false", "true", "1590001234", "1590001234.5", "null")) {
      Parsed p = one(base + edited + "}");
      assertTrue(p.ok(), edited);
      assertEquals("t", p.title(), edited);
    }
  }

  @Test
  void loneSurrogateEscapesBecomeReplacementCharactersAndTheEtlASpace() {
    Parsed p = one("{\"id\":\"s\",\"created_utc\":1,\"spoiler\":false,\"title\":\"Trailer reaction \\ud83d\","
        + "\"selftext\":\"\\ude00 low alone, pair \\ud83d\\ude00 kept\"}");
    assertTrue(p.ok());
    assertEquals("Trailer reaction \uFFFD", p.title());
    assertEquals("\uFFFD low alone, pair \uD83D\uDE00 kept", p.selftext());
    assertEquals(SubmissionParser.LONE_SURROGATE, p.repaired());
    // SPEC §2: a character outside the vocabulary becomes a space, so no '?' reaches the model.
    assertEquals("<trailer reaction>", CharEtl.clean(p.title()));
    // Proper pairs need no repair.
    assertNull(one("{\"id\":\"s\",\"created_utc\":1,\"spoiler\":false,\"title\":\"\\ud83d\\ude00 ok\"}").repaired());
    // A rejected listing child's raw text (re-serialised by Jackson, so the escape is decoded) is
    // repaired too: it is written to rejected/ as JSON lines.
    Parsed r = parser.parseDocument("{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t3\","
        + "\"data\":{\"id\":\"s\",\"created_utc\":1,\"title\":\"half \\ud83d\"}}]}}").get(0);
    assertEquals(SubmissionParser.MISSING_LABEL, r.reason());
    assertTrue(r.raw().contains("half \uFFFD"), r.raw());
    assertFalse(r.raw().chars().anyMatch(c -> Character.isSurrogate((char) c)), r.raw());
    assertEquals("a\uFFFDb", SubmissionParser.replaceLoneSurrogates("a\uD800b"));
    assertEquals("ab\uFFFD", SubmissionParser.replaceLoneSurrogates("ab\uDBFF"));
    String same = "no surrogates";
    assertTrue(same == SubmissionParser.replaceLoneSurrogates(same));
  }

  @Test
  void docsTableListsEveryFieldAndEveryNameOfTheCodeTable() throws java.io.IOException {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/ingest.md"));
    for (SubmissionParser.Field f : SubmissionParser.FIELDS) {
      String row = doc.lines().filter(l -> l.startsWith("| `" + f.names().get(0) + "`")).findFirst().orElse(null);
      assertTrue(row != null, "docs/ingest.md has a table row for " + f.names());
      for (String name : f.names()) assertTrue(row.contains("`" + name + "`"), row + " names " + name);
    }
  }
}
