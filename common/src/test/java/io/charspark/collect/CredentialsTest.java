package io.charspark.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials from the environment, and the option checks made before any request. */
class CredentialsTest {
  @Test
  void missingVariablesAreNamed() {
    IllegalStateException both =
        assertThrows(IllegalStateException.class, () -> Credentials.fromEnvironment(Map.of()));
    assertTrue(both.getMessage().startsWith(
        "Reddit API credentials missing: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET in the environment"),
        both.getMessage());
    IllegalStateException secret = assertThrows(IllegalStateException.class,
        () -> Credentials.fromEnvironment(Map.of("REDDIT_CLIENT_ID", "abc123abc", "REDDIT_CLIENT_SECRET", "  ")));
    assertTrue(secret.getMessage().startsWith("Reddit API credentials missing: set REDDIT_CLIENT_SECRET in"),
        secret.getMessage());
  }

  @Test
  void toStringRevealsNothing() {
    Credentials c = Credentials.fromEnvironment(
        Map.of("REDDIT_CLIENT_ID", FakeReddit.CLIENT_ID, "REDDIT_CLIENT_SECRET", FakeReddit.SECRET));
    assertEquals("Credentials[REDDIT_CLIENT_ID=***, REDDIT_CLIENT_SECRET=***]", c.toString());
    assertFalse(c.toString().contains(FakeReddit.SECRET));
  }

  @Test
  void optionsAreCheckedWithOneLineMessages() {
    Path out = Path.of("unused");
    assertEquals("StarWars", CollectOptions.builder("r/StarWars", out).build().subreddit());
    assertEquals(CollectOptions.DEFAULT_API_URL, CollectOptions.builder("StarWars", out).build().apiBaseUrl());
    assertThrows(IllegalArgumentException.class, () -> CollectOptions.builder("Star Wars", out).build());
    assertThrows(IllegalArgumentException.class, () -> CollectOptions.builder("StarWars", out).limit(0).build());
    IllegalArgumentException dates = assertThrows(IllegalArgumentException.class,
        () -> CollectOptions.builder("StarWars", out)
            .since(LocalDate.of(2024, 3, 1)).until(LocalDate.of(2024, 3, 1)).build());
    assertTrue(dates.getMessage().contains("--since 2024-03-01 must be before --until"), dates.getMessage());
    // The secret must not travel over plain http to anything but this machine.
    IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
        () -> CollectOptions.builder("StarWars", out).authUrl(URI.create("http://example.com/token")).build());
    assertTrue(http.getMessage().startsWith("--auth-url must be an https URL"), http.getMessage());
    CollectOptions.builder("StarWars", out).apiBaseUrl(URI.create("http://127.0.0.1:8080/")).build();
  }
}
