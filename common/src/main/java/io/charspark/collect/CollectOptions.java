package io.charspark.collect;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link RedditCollector} collects and how. Immutable; build with {@link #builder}.
 *
 * <p>{@code since} (inclusive) and {@code until} (exclusive) are UTC dates, as {@code input.from}
 * and {@code input.until} of the shard configuration; null means open. {@code limit} caps the posts
 * written by one run. Base URLs are configurable so tests can point at a local server; plain
 * {@code http} is refused except for loopback hosts, because the secret travels in the token
 * request. {@code clock} stamps {@code retrieved_on} and ages the token; {@code sleeper} performs
 * every wait. Failure: invalid values are an {@link IllegalArgumentException} with a one-line
 * message naming the option.
 */
public record CollectOptions(
    String subreddit,
    LocalDate since,
    LocalDate until,
    int limit,
    Path output,
    URI apiBaseUrl,
    URI authUrl,
    String userAgent,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout,
    Clock clock,
    Sleeper sleeper) {

  public static final URI DEFAULT_API_URL = URI.create("https://oauth.reddit.com");
  public static final URI DEFAULT_AUTH_URL =
      URI.create("https://www.reddit.com/api/v1/access_token");
  /** Reddit asks for {@code <platform>:<app id>:<version> (by /u/<name>)}; generic UAs get throttled. */
  public static final String DEFAULT_USER_AGENT =
      "java:io.charspark.collect:0.1.0 (charspark collector)";
  public static final int DEFAULT_LIMIT = 1000;

  // Reddit's own rule for subreddit names: letters, digits, underscores, at most 21 characters.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_]{1,20}");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  public CollectOptions {
    Objects.requireNonNull(subreddit, "subreddit");
    Objects.requireNonNull(output, "output");
    subreddit = subreddit.trim().replaceFirst("^/?[rR]/", "");
    if (!NAME.matcher(subreddit).matches()) {
      throw new IllegalArgumentException(
          "--subreddit: not a subreddit name: '" + subreddit
              + "' (letters, digits and _, 2-21 characters, e.g. StarWars)");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException(
          "--since " + since + " must be before --until " + until + " (until is exclusive)");
    }
    if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
    if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    apiBaseUrl = checkUrl("--api-url", apiBaseUrl == null ? DEFAULT_API_URL : apiBaseUrl);
    authUrl = checkUrl("--auth-url", authUrl == null ? DEFAULT_AUTH_URL : authUrl);
    userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent.trim();
    initialBackoff = positive(initialBackoff, Duration.ofSeconds(2));
    maxBackoff = positive(maxBackoff, Duration.ofSeconds(60));
    requestTimeout = positive(requestTimeout, Duration.ofSeconds(30));
    clock = clock == null ? Clock.systemUTC() : clock;
    sleeper = sleeper == null ? Sleeper.real() : sleeper;
  }

  private static URI checkUrl(String option, URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    boolean ok = scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(host);
    if (!ok || host.isEmpty()) {
      throw new IllegalArgumentException(
          option + " must be an https URL (plain http only for 127.0.0.1/localhost), got " + u);
    }
    String s = u.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
  }

  private static Duration positive(Duration d, Duration dflt) {
    return d == null || d.isNegative() ? dflt : d;
  }

  public static Builder builder(String subreddit, Path output) {
    return new Builder(subreddit, output);
  }

  /** Defaults: limit 1000, Reddit's URLs, 5 retries, backoff 2 s doubling to 60 s, 30 s timeout. */
  public static final class Builder {
    private final String subreddit;
    private final Path output;
    private LocalDate since;
    private LocalDate until;
    private int limit = DEFAULT_LIMIT;
    private URI apiBaseUrl;
    private URI authUrl;
    private String userAgent;
    private int maxRetries = 5;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Duration requestTimeout;
    private Clock clock;
    private Sleeper sleeper;

    private Builder(String subreddit, Path output) {
      this.subreddit = subreddit;
      this.output = output;
    }

    public Builder since(LocalDate v) { since = v; return this; }
    public Builder until(LocalDate v) { until = v; return this; }
    public Builder limit(int v) { limit = v; return this; }
    public Builder apiBaseUrl(URI v) { apiBaseUrl = v; return this; }
    public Builder authUrl(URI v) { authUrl = v; return this; }
    public Builder userAgent(String v) { userAgent = v; return this; }
    public Builder maxRetries(int v) { maxRetries = v; return this; }
    public Builder initialBackoff(Duration v) { initialBackoff = v; return this; }
    public Builder maxBackoff(Duration v) { maxBackoff = v; return this; }
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    public Builder clock(Clock v) { clock = v; return this; }
    public Builder sleeper(Sleeper v) { sleeper = v; return this; }

    public CollectOptions build() {
      return new CollectOptions(subreddit, since, until, limit, output, apiBaseUrl, authUrl,
          userAgent, maxRetries, initialBackoff, maxBackoff, requestTimeout, clock, sleeper);
    }
  }
}
