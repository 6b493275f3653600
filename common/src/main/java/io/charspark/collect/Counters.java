package io.charspark.collect;

/** Mutable tallies shared by the collector and its HTTP client during one run. */
final class Counters {
  int retries;
  int rateLimitWaits;
  int malformedPages;
}
