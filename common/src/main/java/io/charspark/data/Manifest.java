package io.charspark.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a shard directory (and of a score output). Invariant:
 * {@code input_records == output_rows + sum(rejected) + sum(filtered) + duplicates}, over the files
 * read: a file in {@code skipped_files} contributes no input records. Every field is described in
 * docs/ingest.md.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class Manifest {
  @JsonProperty("workload") public String workload;
  @JsonProperty("input_records") public long inputRecords;
  @JsonProperty("output_rows") public long outputRows;
  @JsonProperty("splits") public Map<String, Long> splits = new TreeMap<>();
  @JsonProperty("label_counts") public Map<String, Map<String, Long>> labelCounts = new TreeMap<>();
  @JsonProperty("rejected") public Map<String, Long> rejected = new TreeMap<>();
  @JsonProperty("filtered") public Map<String, Long> filtered = new TreeMap<>();
  @JsonProperty("duplicates") public long duplicates;
  /**
   * Ids kept by the content-hash tie-break: two or more copies and none with a retrieval time
   * ({@code retrieved_on}/{@code retrieved_utc}); see {@code Sharder.dedupe}.
   */
  @JsonProperty("duplicates_without_retrieval_time") public long duplicatesWithoutRetrievalTime;
  /** Input records whose text was repaired, by kind ({@code lone_surrogate}); they are not rejected. */
  @JsonProperty("repaired") public Map<String, Long> repaired = new TreeMap<>();
  /**
   * Files left out whole ({@code input.on_corrupt_file = skip}): {@code path}, {@code reason} (one
   * line), {@code records_discarded} (records read before the error, not in {@code input_records}).
   */
  @JsonProperty("skipped_files") public List<Map<String, String>> skippedFiles = new java.util.ArrayList<>();
  @JsonProperty("inputs") public List<Map<String, String>> inputs;
  @JsonProperty("label_field") public String labelField;
  /** Score of a typed-schema model: per input column, rows / missing / unseen (categorical) counts. */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  @JsonProperty("schema_inputs") public Map<String, Map<String, Long>> schemaInputs;
  @JsonProperty("created_by") public Map<String, String> createdBy = new TreeMap<>();

  public static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** True when every input record is accounted for. */
  public boolean balanced() {
    return inputRecords == outputRows + sum(rejected) + sum(filtered) + duplicates;
  }

  /** Positive share of a split, from {@link #labelCounts}. */
  public double positiveRate(String split) {
    Map<String, Long> c = labelCounts.getOrDefault(split, Map.of());
    long pos = c.getOrDefault("1", 0L);
    long all = sum(c);
    return all == 0 ? Double.NaN : (double) pos / all;
  }
}
