/**
 * Collects recent submissions of one subreddit from the Reddit API into the JSON-lines layout of
 * the Pushshift/Arctic Shift dumps, so that {@code charspark shard} reads them like any dump.
 *
 * <p>{@link io.charspark.collect.RedditCollector} pages through {@code /r/{sub}/new} with the
 * {@code after} cursor, using application-only OAuth ({@link io.charspark.collect.Credentials},
 * read from the environment only). It writes one submission object per line, adding
 * {@code retrieved_on}, to {@code RS_YYYY-MM.jsonl} files chosen by the UTC month of
 * {@code created_utc}, and keeps {@code _collect-state.json}
 * ({@link io.charspark.collect.CollectState}) so a rerun resumes and never writes a post twice.
 * It honours Reddit's rate-limit headers and HTTP 429, retries 5xx, timeouts and malformed pages a
 * bounded number of times, and stops with a one-line {@link io.charspark.collect.CollectException}
 * on refused credentials or exhausted retries. No credential or token ever reaches a log line, an
 * exception message or a file.
 *
 * <p>The listing API only reaches the newest ~1,000 posts of a subreddit; history comes from the
 * dumps.
 */
package io.charspark.collect;
