package io.charspark.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charspark.collect.CollectResult.StopReason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The {@code collect} job: pages through {@code /r/{sub}/new} newest first and appends each new
 * submission to {@code RS_YYYY-MM.jsonl} in the output directory, as the dumps {@code shard} reads.
 *
 * <p>Input: {@link CollectOptions}, {@link Credentials}, a progress log. Output: month files (one
 * submission {@code data} object per line plus {@code retrieved_on}), {@code _collect-state.json}
 * ({@link CollectState}), a {@link CollectResult}. Paging stops at the end of the listing, at the
 * first page reaching posts older than {@code since}, or after {@code limit} posts were written;
 * posts at or after {@code until} are skipped. Every run starts at the newest post and skips ids
 * already written: the whole listing is at most ~10 pages, and starting at the top also picks up
 * what was posted since the last run.
 *
 * <p>The state is saved after every page, after that page's lines are on disk, so a run killed at
 * any point resumes on the next run without writing a post twice. Failures are
 * {@link CollectException}s with one-line messages (refused credentials, exhausted retries,
 * malformed pages, another collect holding the directory); none contains a credential or token,
 * and neither does any log line.
 */
public final class RedditCollector {
  public static final String HORIZON_NOTE =
      "note: the Reddit listing API reaches only the newest ~1,000 posts of a subreddit; for history"
          + " use the Pushshift/Arctic Shift dumps (RS_YYYY-MM.zst) with `charspark shard`";
  static final String LOCK_FILE = ".collect.lock";

  private final CollectOptions o;
  private final Credentials credentials;
  private final Redactor redactor = new Redactor();
  private final Consumer<String> log;

  public RedditCollector(CollectOptions options, Credentials credentials, Consumer<String> log) {
    this.o = options;
    this.credentials = credentials;
    redactor.addAll(credentials.sensitiveValues());
    this.log = line -> log.accept(redactor.apply(line));
  }

  public CollectResult run() {
    log.accept(HORIZON_NOTE);
    Path dir = o.output();
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile =
              FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = tryLock(lockFile)) {
        if (lock == null) {
          throw new CollectException("Another collect is writing to " + dir + "; wait for it to finish");
        }
        return collect(dir);
      }
    } catch (CollectException e) {
      String msg = e.getMessage()
          + (e.resumable() ? "; the state is saved: rerun the same command to resume" : "");
      throw new CollectException(redactor.apply(msg), e.resumable());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectException("collect interrupted; the state is saved: rerun the same command to resume", true);
    } catch (IOException e) {
      throw new CollectException(redactor.apply("Cannot write to " + dir + ": " + e.getMessage()));
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another collector in this JVM
    }
  }

  private CollectResult collect(Path dir) throws IOException, InterruptedException {
    CollectState state = CollectState.load(dir, o.subreddit());
    MonthFiles.Recovery rec = MonthFiles.recover(dir, state, log);
    int recovered = 0;
    for (String id : rec.ids()) if (!state.contains(id)) recovered++;
    if (recovered > 0) {
      state.addIds(rec.ids());
      state.recordWritten(recovered, rec.minCreated(), rec.maxCreated());
      log.accept("collect: found " + recovered + " post(s) written by an interrupted run; they will"
          + " not be written again");
    }
    if (state.size() > 0) {
      log.accept("collect: " + dir + " already holds " + state.size() + " post(s) of r/" + o.subreddit()
          + " (newest " + date(state.newestCreatedUtc()) + "); only new ones are written");
    }
    state.startRun();
    state.save(dir, o.clock().instant());

    Counters counters = new Counters();
    RedditClient client = new RedditClient(o, credentials, redactor, log, counters);
    long since = o.since() == null ? Long.MIN_VALUE : o.since().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long until = o.until() == null ? Long.MAX_VALUE : o.until().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    Set<String> cursors = new HashSet<>();
    TreeSet<String> touched = new TreeSet<>();
    int pages = 0, written = 0, duplicates = 0, filtered = 0, invalid = 0;
    String after = null;
    StopReason stop = null;
    log.accept("collect: r/" + o.subreddit() + " newest first, up to " + o.limit() + " new post(s)"
        + (o.since() == null ? "" : ", since " + o.since())
        + (o.until() == null ? "" : ", before " + o.until()) + " -> " + dir);
    while (stop == null) {
      ListingPage page = fetch(client, after, pages + 1, counters);
      pages++;
      long now = o.clock().instant().getEpochSecond();
      Map<String, List<String>> byFile = new TreeMap<>();
      Set<String> newIds = new LinkedHashSet<>();
      long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
      int dup = 0, out = 0, bad = page.otherChildren();
      boolean reachedSince = false;
      for (ObjectNode d : page.submissions()) {
        if (written + newIds.size() >= o.limit()) break;
        String id = CollectJson.id(d);
        Long created = CollectJson.createdUtc(d);
        if (id == null || created == null) {
          bad++;
        } else if (created >= until) {
          out++;
        } else if (created < since) {
          out++;
          reachedSince = true;
        } else if (state.contains(id) || newIds.contains(id)) {
          dup++;
        } else {
          d.put("retrieved_on", now);
          byFile.computeIfAbsent(MonthFiles.nameFor(created), k -> new ArrayList<>()).add(line(d));
          newIds.add(id);
          min = Math.min(min, created);
          max = Math.max(max, created);
        }
      }
      if (!byFile.isEmpty()) {
        state.files().putAll(MonthFiles.append(dir, byFile));
        touched.addAll(byFile.keySet());
      }
      state.addIds(newIds);
      state.recordWritten(newIds.size(), min, max);
      state.save(dir, o.clock().instant());
      written += newIds.size();
      duplicates += dup;
      filtered += out;
      invalid += bad;
      log.accept("collect: page " + pages + ": " + (page.submissions().size() + page.otherChildren())
          + " item(s), wrote " + newIds.size() + ", skipped " + dup + " duplicate(s), " + out
          + " outside the dates" + (bad > 0 ? ", " + bad + " not usable" : "")
          + " (written this run: " + written + ")");
      if (written >= o.limit()) {
        stop = StopReason.LIMIT_REACHED;
      } else if (reachedSince) {
        stop = StopReason.SINCE_REACHED;
      } else if (page.after() == null || page.submissions().isEmpty() && page.otherChildren() == 0) {
        stop = StopReason.END_OF_LISTING;
      } else if (!cursors.add(page.after())) {
        throw new CollectException("Reddit returned the cursor " + page.after()
            + " twice; stopping rather than looping", true);
      }
      after = page.after();
    }
    CollectResult r =
        new CollectResult(pages, written, duplicates, filtered, invalid, recovered, counters.retries,
            counters.rateLimitWaits, counters.malformedPages, stop, state.size(), List.copyOf(touched));
    log.accept(summary(r, dir));
    return r;
  }

  /** One listing page, parsed; a malformed page is counted, logged and fetched again (bounded). */
  private ListingPage fetch(RedditClient client, String after, int pageNo, Counters counters)
      throws InterruptedException {
    String what = "page " + pageNo + (after == null ? "" : " (after " + after + ")");
    for (int attempt = 1; ; attempt++) {
      String body = client.listingPage(after);
      try {
        return ListingPage.parse(body);
      } catch (ListingPage.Malformed m) {
        counters.malformedPages++;
        if (attempt > o.maxRetries()) {
          throw new CollectException("Reddit returned a malformed listing " + what + " " + attempt
              + " time(s) in a row: " + m.getMessage(), true);
        }
        java.time.Duration wait = client.backoff(attempt);
        counters.retries++;
        log.accept("collect: malformed listing " + what + ": " + m.getMessage() + "; retry " + attempt
            + "/" + o.maxRetries() + " in " + RedditClient.seconds(wait));
        o.sleeper().sleep(wait);
      }
    }
  }

  private static String line(ObjectNode d) {
    try {
      return CollectJson.MAPPER.writeValueAsString(d);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a submission: " + e.getOriginalMessage(), e);
    }
  }

  private String summary(CollectResult r, Path dir) {
    String why = switch (r.stopReason()) {
      case END_OF_LISTING -> "end of the listing: older posts are only in the dumps";
      case SINCE_REACHED -> "reached --since " + o.since();
      case LIMIT_REACHED -> "reached --limit " + o.limit();
    };
    return "collect: done (" + why + "): wrote " + r.written() + " post(s) to " + dir
        + (r.files().isEmpty() ? "" : " " + r.files()) + ", skipped " + r.duplicatesSkipped()
        + " duplicate(s), " + r.filteredByDate() + " outside the dates; " + r.pages() + " page(s), "
        + r.retries() + " retries, " + r.rateLimitWaits() + " rate-limit wait(s); "
        + r.totalCollected() + " post(s) collected in total";
  }

  private static String date(Long epoch) {
    return epoch == null ? "unknown" : Instant.ofEpochSecond(epoch).toString();
  }
}
