package io.charspark.collect;

import java.util.List;

/**
 * What one {@link RedditCollector#run()} did. {@code written} counts lines appended this run;
 * {@code duplicatesSkipped} posts already in the output (earlier runs, or twice in the listing);
 * {@code filteredByDate} posts outside since/until; {@code invalidPosts} children without a usable
 * id or created_utc; {@code recovered} posts found in the files but missing from the state (written
 * just before a kill); {@code retries} repeated requests (429, 5xx, timeouts, malformed pages);
 * {@code rateLimitWaits} waits for Reddit's rate limit; {@code files} the month files touched.
 */
public record CollectResult(
    int pages,
    int written,
    int duplicatesSkipped,
    int filteredByDate,
    int invalidPosts,
    int recovered,
    int retries,
    int rateLimitWaits,
    int malformedPages,
    StopReason stopReason,
    long totalCollected,
    List<String> files) {

  /** Why paging stopped. */
  public enum StopReason {
    /** The listing had no further page ({@code after} was null): the ~1,000-post horizon. */
    END_OF_LISTING,
    /** Posts older than {@code since} were reached. */
    SINCE_REACHED,
    /** {@code limit} posts were written. */
    LIMIT_REACHED
  }
}
