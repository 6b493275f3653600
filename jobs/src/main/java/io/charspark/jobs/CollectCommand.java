package io.charspark.jobs;

import io.charspark.collect.CollectOptions;
import io.charspark.collect.CollectResult;
import io.charspark.collect.Credentials;
import io.charspark.collect.RedditCollector;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code collect}: the newest posts of a subreddit from the Reddit API into {@code RS_YYYY-MM.jsonl}
 * files that {@code shard} reads. Credentials come only from the environment
 * ({@code REDDIT_CLIENT_ID}, {@code REDDIT_CLIENT_SECRET}); a rerun resumes and never writes a post
 * twice. No Spark session is started.
 */
@Command(
    name = "collect",
    description = {
      "Collect the newest posts of a subreddit from the Reddit API (application-only OAuth) into"
          + " RS_YYYY-MM.jsonl files that shard reads; reruns resume without duplicates.",
      "Credentials: REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET in the environment (never options).",
      "The listing API reaches only the newest ~1,000 posts; for history, shard the"
          + " Pushshift/Arctic Shift dumps."
    })
public class CollectCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Where credentials come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Option(names = "--subreddit", required = true, description = "Subreddit name, e.g. StarWars.")
  String subreddit;

  @Option(names = "--since", paramLabel = "yyyy-MM-dd", description = "Oldest UTC day to collect (inclusive); paging stops at older posts.")
  LocalDate since;

  @Option(names = "--until", paramLabel = "yyyy-MM-dd", description = "Skip posts from this UTC day on (exclusive, as input.until).")
  LocalDate until;

  @Option(names = "--limit", defaultValue = "1000", description = "Most new posts written by this run (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--output", required = true, description = "Output directory (created; reused to resume).")
  Path output;

  @Option(names = "--api-url", defaultValue = "https://oauth.reddit.com", description = "API base URL (default: ${DEFAULT-VALUE}).")
  URI apiUrl;

  @Option(names = "--auth-url", defaultValue = "https://www.reddit.com/api/v1/access_token", description = "OAuth token URL (default: ${DEFAULT-VALUE}).")
  URI authUrl;

  @Option(names = "--user-agent", description = "User-Agent; Reddit asks for <platform>:<app id>:<version> (by /u/<name>) (default: "
      + CollectOptions.DEFAULT_USER_AGENT + ").")
  String userAgent;

  @Option(names = "--max-retries", defaultValue = "5", description = "Retries per request for 429, 5xx, timeouts and malformed pages (default: ${DEFAULT-VALUE}).")
  int maxRetries;

  @Option(names = "--stacktrace", description = "Print the full stack trace of an error.")
  boolean stacktrace;

  @Override
  public Integer call() {
    Credentials credentials = Credentials.fromEnvironment(environment);
    CollectOptions options =
        CollectOptions.builder(subreddit, output)
            .since(since)
            .until(until)
            .limit(limit)
            .apiBaseUrl(apiUrl)
            .authUrl(authUrl)
            .userAgent(userAgent)
            .maxRetries(maxRetries)
            .build();
    PrintWriter out = spec.commandLine().getOut();
    CollectResult r = new RedditCollector(options, credentials, out::println).run();
    out.println("collect: " + r.totalCollected() + " post(s) of r/" + options.subreddit() + " in "
        + output + "; next: charspark shard --conf conf/spoilers.conf --input " + output
        + " --output SHARDS");
    out.flush();
    return 0;
  }
}
