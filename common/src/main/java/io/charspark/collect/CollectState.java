package io.charspark.collect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state file {@value #FILE} of a collect output directory: the ids already written, the byte
 * length of each month file as of the last save, the newest/oldest {@code created_utc} seen and
 * counts.
 *
 * <p>The name starts with {@code _} so that {@code shard}, given the whole directory, skips it as it
 * skips {@code _SUCCESS} (a {@code .json} file would otherwise be read as a listing page). It is
 * written atomically (temporary sibling + rename), after the page's lines are on disk: a kill
 * leaves either the old or the new state, and lines newer than the state are found again through
 * the recorded file lengths ({@link MonthFiles#recover}). Deleting the file is safe: the ids are
 * rebuilt from the month files. Failure: an unreadable file is a {@link CollectException} saying
 * so.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class CollectState {
  public static final String FILE = "_collect-state.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @JsonProperty("version") private int version = 1;
  @JsonProperty("subreddit") private String subreddit;
  @JsonProperty("ids") private TreeSet<String> ids = new TreeSet<>();
  @JsonProperty("files") private TreeMap<String, Long> files = new TreeMap<>();
  @JsonProperty("newest_created_utc") private Long newestCreatedUtc;
  @JsonProperty("oldest_created_utc") private Long oldestCreatedUtc;
  @JsonProperty("written_total") private long writtenTotal;
  @JsonProperty("runs") private long runs;
  @JsonProperty("updated") private String updated;

  /** The state of {@code dir}, or a fresh one when there is none yet. */
  public static CollectState load(Path dir, String subreddit) {
    Path f = dir.resolve(FILE);
    CollectState s;
    if (Files.exists(f)) {
      try {
        s = JSON.readValue(f.toFile(), CollectState.class);
      } catch (IOException e) {
        throw new CollectException(
            "Cannot read the collect state " + f + " (" + e.getClass().getSimpleName()
                + "): delete it and rerun; the ids are rebuilt from the RS_*.jsonl files");
      }
      if (s.subreddit != null && !s.subreddit.equalsIgnoreCase(subreddit)) {
        throw new CollectException(
            "Output " + dir + " holds a collection of r/" + s.subreddit
                + "; use another --output for r/" + subreddit);
      }
    } else {
      s = new CollectState();
    }
    s.subreddit = subreddit;
    return s;
  }

  public void save(Path dir, Instant now) {
    updated = now.toString();
    try {
      OutputDir.writeAtomically(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new CollectException("Cannot write the collect state in " + dir + ": " + e.getMessage());
    }
  }

  public boolean contains(String id) {
    return ids.contains(id);
  }

  /** Records ids that are in the files (written this run or found by recovery). */
  void addIds(Collection<String> newIds) {
    ids.addAll(newIds);
  }

  void recordWritten(int n, long minCreated, long maxCreated) {
    writtenTotal += n;
    if (n == 0) return;
    newestCreatedUtc = newestCreatedUtc == null ? maxCreated : Math.max(newestCreatedUtc, maxCreated);
    oldestCreatedUtc = oldestCreatedUtc == null ? minCreated : Math.min(oldestCreatedUtc, minCreated);
  }

  void startRun() {
    runs++;
  }

  /** Byte length of each month file as of the last save (what recovery trusts). */
  Map<String, Long> files() {
    return files;
  }

  public int size() {
    return ids.size();
  }

  public TreeSet<String> ids() {
    return new TreeSet<>(ids);
  }

  public Long newestCreatedUtc() {
    return newestCreatedUtc;
  }

  public Long oldestCreatedUtc() {
    return oldestCreatedUtc;
  }

  public long runs() {
    return runs;
  }
}
