package io.charspark.collect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The HTTP side of {@code collect}: application-only OAuth and listing pages, with Reddit's rate
 * limits and bounded retries.
 *
 * <p>Token: POST {@code authUrl} with HTTP Basic (client id:secret) and
 * {@code grant_type=client_credentials}; renewed before it expires and once on a 401. Pages: GET
 * {@code {api}/r/{sub}/new?limit=100&after=..&raw_json=1} with {@code Authorization: bearer ..}
 * and the configured User-Agent.
 *
 * <p>Waits: when {@code X-Ratelimit-Remaining} drops below 1, the next request waits
 * {@code X-Ratelimit-Reset} seconds. HTTP 429 waits {@code Retry-After} (else the reset, else
 * exponential backoff); 5xx, timeouts and connection errors back off exponentially; all bounded by
 * {@code maxRetries}. Failures are {@link CollectException}s with one-line messages: 401/403 (not
 * retried), other 3xx/4xx, and exhausted retries (resumable).
 */
final class RedditClient {
  /** Reddit's rate-limit window is 10 minutes; no sane wait is longer. */
  static final Duration MAX_WAIT = Duration.ofMinutes(10);
  static final String CREDENTIALS_HINT =
      "check " + Credentials.CLIENT_ID_VAR + " / " + Credentials.SECRET_VAR;

  private final CollectOptions o;
  private final Credentials credentials;
  private final Redactor redactor;
  private final Consumer<String> log;
  private final Counters counters;
  private final HttpClient http;
  private String token;
  private Instant tokenRenewAt = Instant.MIN;
  private Duration pendingWait = Duration.ZERO;

  RedditClient(CollectOptions o, Credentials credentials, Redactor redactor, Consumer<String> log,
      Counters counters) {
    this.o = o;
    this.credentials = credentials;
    this.redactor = redactor;
    this.log = log;
    this.counters = counters;
    // Redirects are not followed: Reddit answers a missing subreddit with a redirect to search,
    // and the bearer token must not travel to wherever a redirect points.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(o.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  URI listingUri(String after) {
    String q = "limit=100" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))
        + "&raw_json=1";
    return URI.create(o.apiBaseUrl() + "/r/" + o.subreddit() + "/new?" + q);
  }

  /** The body of one listing page (status 200); any other outcome is an exception. */
  String listingPage(String after) throws InterruptedException {
    URI uri = listingUri(after);
    String what = "r/" + o.subreddit() + "/new" + (after == null ? "" : " after " + after);
    boolean renewed = false;
    while (true) {
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(o.requestTimeout())
              .header("User-Agent", o.userAgent())
              .header("Authorization", "bearer " + token())
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<String> r = exchange(req, what);
      int s = r.statusCode();
      if (s == 200) return r.body();
      if (s == 401 && !renewed) {
        // The token may have expired or been revoked early: one fresh token, then give up.
        log.accept("collect: the API refused the token (HTTP 401); requesting a new one");
        token = null;
        renewed = true;
        continue;
      }
      if (s == 401) {
        throw new CollectException(
            "Reddit refused the credentials (HTTP 401) for " + what + ": " + CREDENTIALS_HINT);
      }
      if (s == 403) {
        throw new CollectException(
            "Reddit refused access (HTTP 403) to r/" + o.subreddit()
                + ": the subreddit may be private, quarantined or banned, or " + CREDENTIALS_HINT);
      }
      if (s == 404 || s / 100 == 3) {
        throw new CollectException(
            "r/" + o.subreddit() + " was not found (HTTP " + s
                + r.headers().firstValue("Location").map(l -> " to " + redactor.apply(l)).orElse("")
                + "): check --subreddit");
      }
      throw new CollectException("Reddit answered HTTP " + s + " for " + what);
    }
  }

  /** A valid access token, requested when there is none or the current one is about to expire. */
  private String token() throws InterruptedException {
    if (token != null && o.clock().instant().isBefore(tokenRenewAt)) return token;
    HttpRequest req =
        HttpRequest.newBuilder(o.authUrl())
            .timeout(o.requestTimeout())
            .header("User-Agent", o.userAgent())
            .header("Authorization", credentials.basicAuthorization())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
    HttpResponse<String> r = exchange(req, "access token");
    int s = r.statusCode();
    if (s == 401 || s == 403) {
      throw new CollectException("Reddit refused the credentials (HTTP " + s + "): " + CREDENTIALS_HINT);
    }
    if (s != 200) {
      throw new CollectException("Reddit's token endpoint " + o.authUrl() + " answered HTTP " + s);
    }
    JsonNode reply;
    try {
      reply = CollectJson.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new CollectException("Reddit's token endpoint " + o.authUrl() + " did not answer JSON");
    }
    String t = reply == null ? null : reply.path("access_token").asText(null);
    if (t == null || t.isBlank()) {
      // Reddit reports a wrong secret as 401, but some failures as 200 + {"error": "..."}.
      String err = reply == null ? "" : reply.path("error").asText("");
      throw new CollectException(
          "Reddit refused the credentials" + (err.isEmpty() ? "" : " (error: " + redactor.apply(err) + ")")
              + ": no access token; " + CREDENTIALS_HINT);
    }
    redactor.add(t);
    token = t;
    long expiresIn = reply.path("expires_in").asLong(3600);
    // Renew a minute early so that no request goes out with a token expiring in flight.
    tokenRenewAt = o.clock().instant().plusSeconds(Math.max(60, expiresIn - 60));
    log.accept("collect: got an application-only access token (expires in " + expiresIn + " s)");
    return token;
  }

  /**
   * Sends {@code req}, waiting out rate limits and retrying 429, 5xx and I/O failures; returns the
   * first other response.
   */
  private HttpResponse<String> exchange(HttpRequest req, String what) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      waitForRateLimit();
      HttpResponse<String> r;
      try {
        r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        String why = e instanceof HttpTimeoutException ? "timed out after " + o.requestTimeout().toMillis() + " ms"
            : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        retryOrFail(attempt, what, why);
        continue;
      }
      noteRateLimit(r);
      int s = r.statusCode();
      if (s == 429) {
        if (attempt > o.maxRetries()) {
          throw new CollectException(
              "Reddit kept answering HTTP 429 (too many requests) for " + what + " after "
                  + o.maxRetries() + " retries; wait a few minutes and rerun", true);
        }
        Optional<Duration> asked = retryAfter(r);
        Duration wait = asked.orElse(backoff(attempt));
        counters.retries++;
        pendingWait = wait;
        log.accept("collect: HTTP 429 (too many requests) for " + what + "; waiting " + seconds(wait)
            + (asked.isPresent() ? " as asked" : " (backoff)") + ", retry " + attempt + "/" + o.maxRetries());
        continue;
      }
      if (s >= 500) {
        retryOrFail(attempt, what, "HTTP " + s);
        continue;
      }
      return r;
    }
  }

  private void retryOrFail(int attempt, String what, String why)
      throws InterruptedException {
    if (attempt > o.maxRetries()) {
      throw new CollectException(
          redactor.apply("Reddit request for " + what + " failed after " + attempt + " attempts: " + why),
          true);
    }
    Duration wait = backoff(attempt);
    counters.retries++;
    log.accept(redactor.apply("collect: " + what + ": " + why + "; retry " + attempt + "/"
        + o.maxRetries() + " in " + seconds(wait)));
    o.sleeper().sleep(wait);
  }

  /** Exponential backoff: initial, 2×, 4×, … capped at {@code maxBackoff}. */
  Duration backoff(int attempt) {
    Duration d = o.initialBackoff();
    for (int i = 1; i < attempt && d.compareTo(o.maxBackoff()) < 0; i++) d = d.multipliedBy(2);
    return d.compareTo(o.maxBackoff()) > 0 ? o.maxBackoff() : d;
  }

  /** After every response: no requests left in the window → the next one waits for the reset. */
  private void noteRateLimit(HttpResponse<String> r) {
    OptionalDouble remaining = number(r, "X-Ratelimit-Remaining");
    if (remaining.isPresent() && remaining.getAsDouble() < 1) {
      OptionalDouble reset = number(r, "X-Ratelimit-Reset");
      pendingWait = clamp(Duration.ofSeconds((long) Math.ceil(reset.orElse(60))));
    }
  }

  private void waitForRateLimit() throws InterruptedException {
    if (pendingWait.isZero() || pendingWait.isNegative()) return;
    Duration d = pendingWait;
    pendingWait = Duration.ZERO;
    counters.rateLimitWaits++;
    log.accept("collect: rate limit: waiting " + seconds(d) + " before the next request");
    o.sleeper().sleep(d);
  }

  /** {@code Retry-After} (seconds or an HTTP date), else {@code X-Ratelimit-Reset}. */
  private Optional<Duration> retryAfter(HttpResponse<String> r) {
    Optional<String> ra = r.headers().firstValue("Retry-After").map(String::trim);
    if (ra.isPresent()) {
      try {
        return Optional.of(clamp(Duration.ofSeconds((long) Math.ceil(Double.parseDouble(ra.get())))));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(ra.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return Optional.of(clamp(Duration.between(o.clock().instant(), at)));
        } catch (DateTimeParseException ignored) {
          // Unreadable header: fall through to the reset header or backoff.
        }
      }
    }
    OptionalDouble reset = number(r, "X-Ratelimit-Reset");
    if (reset.isPresent()) return Optional.of(clamp(Duration.ofSeconds((long) Math.ceil(reset.getAsDouble()))));
    return Optional.empty();
  }

  private static Duration clamp(Duration d) {
    if (d.isNegative()) return Duration.ZERO;
    return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
  }

  private static OptionalDouble number(HttpResponse<String> r, String header) {
    Optional<String> v = r.headers().firstValue(header);
    if (v.isEmpty()) return OptionalDouble.empty();
    try {
      return OptionalDouble.of(Double.parseDouble(v.get().trim()));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.3f s", ms / 1000.0);
  }
}
