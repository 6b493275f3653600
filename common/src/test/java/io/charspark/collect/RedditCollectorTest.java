package io.charspark.collect;

import static io.charspark.collect.FakeReddit.CLIENT_ID;
import static io.charspark.collect.FakeReddit.SECRET;
import static io.charspark.collect.FakeReddit.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charspark.collect.CollectResult.StopReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RedditCollector} against {@link FakeReddit}: paging, resume, rate limits, faults, secrecy. */
class RedditCollectorTest {
  static final Instant NEWEST = Instant.parse("2024-03-02T12:00:00Z");
  static final Instant NOW = Instant.parse("2024-03-10T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Credentials CREDENTIALS =
      Credentials.fromEnvironment(Map.of("REDDIT_CLIENT_ID", CLIENT_ID, "REDDIT_CLIENT_SECRET", SECRET));

  @TempDir Path tmp;
  Path out;
  FakeReddit reddit;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    out = tmp.resolve("collected");
    // 13 posts three days apart: 3 pages of 5/5/3, spread over January to March 2024.
    reddit = new FakeReddit(FakeReddit.posts(13, NEWEST, 3 * 86400));
  }

  @AfterEach
  void stop() throws IOException {
    reddit.close();
    assertNoSecretsAnywhere();
  }

  CollectOptions.Builder options() {
    return CollectOptions.builder("StarWars", out)
        .apiBaseUrl(reddit.apiUrl())
        .authUrl(reddit.authUrl())
        .clock(CLOCK)
        .sleeper(sleeps::add)
        .maxRetries(3)
        .initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(8))
        .requestTimeout(Duration.ofSeconds(5));
  }

  CollectResult collect(CollectOptions.Builder b) {
    return new RedditCollector(b.build(), CREDENTIALS, log::add).run();
  }

  /** id → how many lines hold it, over every month file; also checks every line is one JSON object. */
  Map<String, Integer> idCounts() throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("RS_\\d{4}-\\d{2}\\.jsonl")).toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          JsonNode d = FakeReddit.JSON.readTree(line);
          assertTrue(d.isObject(), line);
          counts.merge(d.get("id").asText(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  Map<String, Integer> allOnce() {
    Map<String, Integer> m = new TreeMap<>();
    for (ObjectNode p : reddit.posts) m.put(p.get("id").asText(), 1);
    return m;
  }

  /** Neither the client id, the secret, their Basic form nor the token is in any log line or file. */
  void assertNoSecretsAnywhere() throws IOException {
    List<String> secrets = List.of(CLIENT_ID, SECRET, TOKEN,
        Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8)));
    for (String line : log) {
      for (String s : secrets) assertFalse(line.contains(s), "secret in log line: " + line);
    }
    if (!Files.exists(out)) return;
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        for (String s : secrets) assertFalse(content.contains(s), "secret in " + f);
      }
    }
  }

  @Test
  void pagesThroughTheListingWithTheAfterCursor() throws IOException {
    CollectResult r = collect(options());

    assertEquals(3, r.pages());
    assertEquals(13, r.written());
    assertEquals(StopReason.END_OF_LISTING, r.stopReason());
    assertEquals(allOnce(), idCounts());
    List<FakeReddit.Request> pages = reddit.listingRequests();
    assertEquals(3, pages.size());
    assertNull(pages.get(0).query().get("after"));
    assertEquals("t3_" + reddit.posts.get(4).get("id").asText(), pages.get(1).query().get("after"));
    assertEquals("t3_" + reddit.posts.get(9).get("id").asText(), pages.get(2).query().get("after"));
    for (FakeReddit.Request p : pages) {
      assertEquals("100", p.query().get("limit"));
      assertEquals("1", p.query().get("raw_json"));
      assertEquals("bearer " + TOKEN, p.header("Authorization"));
      assertEquals(CollectOptions.DEFAULT_USER_AGENT, p.header("User-Agent"));
    }
    assertEquals(1, reddit.tokensIssued, "one token for the whole run");
    assertEquals(RedditCollector.HORIZON_NOTE, log.get(0));
    assertTrue(log.stream().anyMatch(l -> l.startsWith("collect: page 3:")), String.join("\n", log));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void writesDumpShapedLinesIntoMonthFiles() throws IOException {
    CollectResult r = collect(options());

    assertEquals(List.of("RS_2024-01.jsonl", "RS_2024-02.jsonl", "RS_2024-03.jsonl"), r.files());
    ObjectNode first = reddit.posts.get(0); // 2024-03-02, selftext with a newline and non-ASCII text
    List<String> march = Files.readAllLines(out.resolve("RS_2024-03.jsonl"), StandardCharsets.UTF_8);
    assertEquals(1, march.size());
    JsonNode line = FakeReddit.JSON.readTree(march.get(0));
    ObjectNode expected = first.deepCopy().put("retrieved_on", NOW.getEpochSecond());
    assertEquals(FakeReddit.JSON.readTree(expected.toString()), line, "the submission object as sent, plus retrieved_on");
    assertTrue(march.get(0).contains("\"created_utc\":" + NEWEST.getEpochSecond() + ".0"),
        "numbers are written as Reddit sent them: " + march.get(0));
    for (String f : r.files()) {
      for (String l : Files.readAllLines(out.resolve(f), StandardCharsets.UTF_8)) {
        long created = FakeReddit.JSON.readTree(l).get("created_utc").asLong();
        assertEquals(f, MonthFiles.nameFor(created));
      }
    }
    CollectState state = CollectState.load(out, "StarWars");
    assertEquals(13, state.size());
    assertEquals(NEWEST.getEpochSecond(), state.newestCreatedUtc());
  }

  @Test
  void resumesAfterALimitWithoutWritingAnyPostTwice() throws IOException {
    CollectResult first = collect(options().limit(7));
    assertEquals(7, first.written());
    assertEquals(StopReason.LIMIT_REACHED, first.stopReason());
    assertEquals(2, first.pages());

    CollectResult second = collect(options());
    assertEquals(6, second.written());
    assertEquals(7, second.duplicatesSkipped());
    assertEquals(StopReason.END_OF_LISTING, second.stopReason());
    assertEquals(allOnce(), idCounts());

    CollectResult third = collect(options());
    assertEquals(0, third.written());
    assertEquals(13, third.duplicatesSkipped());
    assertEquals(allOnce(), idCounts());
    assertEquals(3, CollectState.load(out, "StarWars").runs());
  }

  @Test
  void resumesAfterAKillBetweenWritingLinesAndSavingTheState() throws IOException {
    collect(options().limit(5));
    byte[] stateAfterPage1 = Files.readAllBytes(out.resolve(CollectState.FILE));
    collect(options().limit(5)); // page 2's posts (written 5 more)
    // A kill after page 2's lines reached the files but before the state was saved, and another
    // in the middle of the next append: old state, plus an unfinished last line.
    Files.write(out.resolve(CollectState.FILE), stateAfterPage1);
    String lastFile = MonthFiles.nameFor(reddit.posts.get(9).get("created_utc").asLong());
    Files.writeString(out.resolve(lastFile), "{\"id\":\"cutoff\",\"title\":\"half a li",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    CollectResult r = collect(options());

    assertEquals(5, r.recovered(), "page 2's posts found in the files");
    assertEquals(3, r.written());
    assertEquals(10, r.duplicatesSkipped());
    assertEquals(allOnce(), idCounts());
    assertFalse(Files.readString(out.resolve(lastFile)).contains("cutoff"));
    assertTrue(log.stream().anyMatch(l -> l.contains("cut an unfinished last line")));
    assertEquals(13, r.totalCollected());
  }

  @Test
  void resumesAfterAnInjectedServerFailure() throws IOException {
    reddit.pageSize = 5;
    // Page 1 fine, then page 2 fails on every attempt (1 + 3 retries).
    reddit.listingFaults.add(ex -> false);
    for (int i = 0; i < 4; i++) reddit.listingFaults.add(FakeReddit.status(500, Map.of(), "oops"));

    CollectException e = assertThrows(CollectException.class, () -> collect(options()));
    assertTrue(e.resumable());
    assertTrue(e.getMessage().contains("failed after 4 attempts: HTTP 500"), e.getMessage());
    assertTrue(e.getMessage().contains("rerun the same command to resume"), e.getMessage());
    assertEquals(5, idCounts().size());

    CollectResult r = collect(options());
    assertEquals(8, r.written());
    assertEquals(5, r.duplicatesSkipped());
    assertEquals(allOnce(), idCounts());
  }

  @Test
  void http429IsRetriedAfterTheRetryAfterDelay() throws IOException {
    reddit.listingFaults.add(FakeReddit.status(429, Map.of("Retry-After", "3"), "{\"message\": \"Too Many Requests\", \"error\": 429}"));

    CollectResult r = collect(options());

    assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
    assertEquals(1, r.retries());
    assertEquals(1, r.rateLimitWaits());
    assertEquals(4, reddit.listingRequests().size(), "page 1 twice, then pages 2 and 3");
    assertEquals(allOnce(), idCounts());
    assertTrue(log.stream().anyMatch(l -> l.contains("HTTP 429")));
  }

  @Test
  void http429WithoutRetryAfterBacksOffExponentiallyThenGivesUp() {
    for (int i = 0; i < 10; i++) reddit.listingFaults.add(FakeReddit.status(429, Map.of(), ""));

    CollectException e = assertThrows(CollectException.class, () -> collect(options()));

    assertTrue(e.getMessage().startsWith("Reddit kept answering HTTP 429"), e.getMessage());
    assertTrue(e.resumable());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
    assertEquals(4, reddit.listingRequests().size());
  }

  @Test
  void noRequestsRemainingWaitsForTheReset() throws IOException {
    reddit.listingHeaders.add(Map.of("x-ratelimit-remaining", "0.0", "x-ratelimit-reset", "7"));

    CollectResult r = collect(options());

    assertEquals(List.of(Duration.ofSeconds(7)), sleeps, "one wait, before page 2");
    assertEquals(1, r.rateLimitWaits());
    assertEquals(0, r.retries());
    assertEquals(allOnce(), idCounts());
    assertTrue(log.stream().anyMatch(l -> l.contains("rate limit: waiting 7 s")));
  }

  @Test
  void serverErrorsAndTimeoutsAreRetriedWithBoundedBackoff() throws IOException {
    reddit.listingFaults.add(FakeReddit.status(503, Map.of(), "<html>busy</html>"));
    reddit.listingFaults.add(FakeReddit.status(502, Map.of(), ""));
    reddit.listingFaults.add(FakeReddit.delay(1500));

    CollectResult r = collect(options().requestTimeout(Duration.ofMillis(300)).maxBackoff(Duration.ofSeconds(3)));

    assertEquals(3, r.retries());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)), sleeps,
        "1 s, 2 s, then capped at maxBackoff");
    assertEquals(allOnce(), idCounts());
    assertTrue(log.stream().anyMatch(l -> l.contains("timed out")), String.join("\n", log));
  }

  @Test
  void aMalformedPageIsRetried() throws IOException {
    String page = FakeReddit.listing(reddit.posts.subList(0, 5), "t3_x");
    reddit.listingFaults.add(FakeReddit.body(page.substring(0, page.length() / 2))); // truncated JSON

    CollectResult r = collect(options());

    assertEquals(1, r.malformedPages());
    assertEquals(1, r.retries());
    assertEquals(allOnce(), idCounts());
    assertTrue(log.stream().anyMatch(l -> l.contains("malformed listing page 1") && l.contains("not valid JSON")),
        String.join("\n", log));
  }

  @Test
  void aPersistentlyMalformedPageStopsWithAClearErrorAndTheStateSaved() throws IOException {
    reddit.listingFaults.add(ex -> false); // page 1 fine
    for (int i = 0; i < 4; i++) reddit.listingFaults.add(FakeReddit.body("{\"kind\": \"t3\", \"data\": {}}"));

    CollectException e = assertThrows(CollectException.class, () -> collect(options()));

    assertEquals("Reddit returned a malformed listing page 2 (after t3_" + reddit.posts.get(4).get("id").asText()
        + ") 4 time(s) in a row: not a Listing (kind t3); the state is saved: rerun the same command to resume",
        e.getMessage());
    assertEquals(5, CollectState.load(out, "StarWars").size());
    CollectResult r = collect(options());
    assertEquals(8, r.written());
    assertEquals(allOnce(), idCounts());
  }

  @Test
  void refusedCredentialsStopWithAClearMessage() {
    reddit.tokenFaults.add(FakeReddit.status(401, Map.of(), "{\"message\": \"Unauthorized\", \"error\": 401}"));

    CollectException e = assertThrows(CollectException.class, () -> collect(options()));

    assertEquals("Reddit refused the credentials (HTTP 401): check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET",
        e.getMessage());
    assertFalse(e.resumable());
    assertTrue(sleeps.isEmpty(), "401 is not retried");
    assertTrue(reddit.listingRequests().isEmpty());
  }

  @Test
  void aWrongSecretIsRefusedByTheTokenEndpoint() {
    Credentials wrong = Credentials.fromEnvironment(
        Map.of("REDDIT_CLIENT_ID", CLIENT_ID, "REDDIT_CLIENT_SECRET", "not-the-right-secret"));

    CollectException e = assertThrows(CollectException.class,
        () -> new RedditCollector(options().build(), wrong, log::add).run());

    assertTrue(e.getMessage().startsWith("Reddit refused the credentials (HTTP 401)"), e.getMessage());
  }

  @Test
  void forbiddenSubredditStopsWithAClearMessage() {
    reddit.listingFaults.add(FakeReddit.status(403, Map.of(), "{\"reason\": \"private\", \"error\": 403}"));

    CollectException e = assertThrows(CollectException.class, () -> collect(options()));

    assertTrue(e.getMessage().startsWith("Reddit refused access (HTTP 403) to r/StarWars"), e.getMessage());
    assertTrue(e.getMessage().contains("REDDIT_CLIENT_ID"), e.getMessage());
  }

  @Test
  void aRejectedTokenIsRenewedOnce() throws IOException {
    reddit.listingFaults.add(FakeReddit.status(401, Map.of(), ""));

    CollectResult r = collect(options());

    assertEquals(2, reddit.tokensIssued);
    assertEquals(13, r.written());
  }

  @Test
  void sinceStopsPagingAndUntilSkipsNewerPosts() throws IOException {
    // Posts are 3 days apart from 2024-03-02: keep [2024-02-01, 2024-03-01).
    CollectResult r = collect(options().since(LocalDate.of(2024, 2, 1)).until(LocalDate.of(2024, 3, 1)));

    assertEquals(StopReason.SINCE_REACHED, r.stopReason());
    Map<String, Integer> ids = idCounts();
    for (ObjectNode p : reddit.posts) {
      long c = p.get("created_utc").asLong();
      boolean inside = c >= Instant.parse("2024-02-01T00:00:00Z").getEpochSecond()
          && c < Instant.parse("2024-03-01T00:00:00Z").getEpochSecond();
      assertEquals(inside, ids.containsKey(p.get("id").asText()), p.toString());
    }
    assertEquals(ids.size(), r.written());
    assertEquals(3, r.pages(), "stopped on the page that reached --since");
    assertTrue(r.filteredByDate() >= 2);
  }

  @Test
  void anotherSubredditsOutputIsRefused() throws IOException {
    collect(options().limit(1));
    CollectOptions other = CollectOptions.builder("movies", out)
        .apiBaseUrl(reddit.apiUrl()).authUrl(reddit.authUrl()).sleeper(sleeps::add).build();

    CollectException e = assertThrows(CollectException.class,
        () -> new RedditCollector(other, CREDENTIALS, log::add).run());

    assertTrue(e.getMessage().contains("holds a collection of r/StarWars"), e.getMessage());
  }

  @Test
  void credentialsNeverReachLogsFilesOrErrors() throws IOException {
    // Every path that logs: a 401 renewal, a 429, a rate-limit wait, a timeout-free 5xx, a malformed
    // page, and a server that echoes the Authorization header back in an error body.
    reddit.listingFaults.add(FakeReddit.status(401, Map.of(), ""));
    reddit.listingFaults.add(ex -> {
      String echoed = ex.getRequestHeaders().getFirst("Authorization");
      ex.getResponseHeaders().add("Location", "https://example.invalid/?echo=" + echoed.replace(' ', '+'));
      byte[] b = ("{\"error\": \"" + echoed + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      return true;
    });
    reddit.listingFaults.add(FakeReddit.status(429, Map.of("Retry-After", "1"), ""));
    reddit.listingFaults.add(FakeReddit.status(500, Map.of(), TOKEN + " " + SECRET));
    reddit.listingHeaders.add(Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "2"));

    CollectResult r = collect(options());
    assertEquals(13, r.written());
    assertTrue(log.size() > 8, String.join("\n", log));
    // A failing run too, with the echoing server in its error message path.
    reddit.listingFaults.add(ex -> {
      ex.getResponseHeaders().add("Location", "https://example.invalid/" + TOKEN);
      ex.sendResponseHeaders(302, -1);
      return true;
    });
    CollectException e = assertThrows(CollectException.class, () -> collect(options()));
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertTrue(e.getMessage().contains("***"), e.getMessage());
    assertFalse(CREDENTIALS.toString().contains(SECRET));
    assertFalse(CREDENTIALS.toString().contains(CLIENT_ID));
    // assertNoSecretsAnywhere() runs after every test, this one included.
  }
}
