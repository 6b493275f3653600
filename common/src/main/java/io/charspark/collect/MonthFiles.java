package io.charspark.collect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code RS_YYYY-MM.jsonl} files of a collect output: one submission object per line, the file
 * chosen by the UTC month of {@code created_utc}, as the monthly dumps are named.
 *
 * <p>{@link #append} adds a page's lines and forces them to disk before the state is saved.
 * {@link #recover} reconciles the files with the state after a kill: lines past the length the
 * state recorded were written but never recorded, so their ids are read back (they must not be
 * written again), and a last line without its newline (a kill mid-write) is cut off so the next
 * append does not glue onto it; that post is simply fetched again.
 */
final class MonthFiles {
  static final Pattern NAME = Pattern.compile("RS_\\d{4}-\\d{2}\\.jsonl");

  /** What {@link #recover} found: ids of unrecorded lines, bytes cut, their created_utc range. */
  record Recovery(List<String> ids, long truncatedBytes, long minCreated, long maxCreated) {}

  private MonthFiles() {}

  static String nameFor(long createdUtc) {
    ZonedDateTime t = Instant.ofEpochSecond(createdUtc).atZone(ZoneOffset.UTC);
    return String.format("RS_%04d-%02d.jsonl", t.getYear(), t.getMonthValue());
  }

  /**
   * Appends lines (each without its newline) grouped by file name, and returns each file's new
   * length.
   */
  static Map<String, Long> append(Path dir, Map<String, List<String>> linesByFile)
      throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : linesByFile.entrySet()) {
      StringBuilder sb = new StringBuilder();
      for (String line : e.getValue()) sb.append(line).append('\n');
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      try (FileChannel ch =
          FileChannel.open(dir.resolve(e.getKey()), StandardOpenOption.CREATE,
              StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        while (buf.hasRemaining()) ch.write(buf);
        // On disk before the state says so: the state must never run ahead of the files.
        ch.force(false);
        sizes.put(e.getKey(), ch.size());
      }
    }
    return sizes;
  }

  /** Brings {@code state} in line with the files of {@code dir}; see the class comment. */
  static Recovery recover(Path dir, CollectState state, Consumer<String> log) throws IOException {
    List<String> ids = new ArrayList<>();
    long truncated = 0;
    long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
    Map<String, Long> recorded = state.files();
    recorded.keySet().removeIf(name -> !Files.exists(dir.resolve(name)));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "RS_*.jsonl")) {
      for (Path f : ds) {
        String name = f.getFileName().toString();
        if (!NAME.matcher(name).matches()) continue;
        long size = Files.size(f);
        long from = recorded.getOrDefault(name, 0L);
        if (from > size) {
          log.accept("collect: warning: " + name + " is shorter than recorded; re-reading it whole");
          from = 0;
        }
        if (from == size) continue;
        long end = scan(f, from, ids, range, log);
        if (end < size) {
          try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(end);
            ch.force(false);
          }
          truncated += size - end;
          log.accept("collect: cut an unfinished last line (" + (size - end) + " bytes) from "
              + name + " (left by an interrupted run); that post will be fetched again");
        }
        recorded.put(name, end);
      }
    }
    return new Recovery(ids, truncated, range[0], range[1]);
  }

  /**
   * Reads the complete lines of {@code f} from byte {@code from}, adds their ids, and returns the
   * offset just past the last newline (where an unfinished line, if any, begins).
   */
  private static long scan(Path f, long from, List<String> ids, long[] range, Consumer<String> log)
      throws IOException {
    long pos = from;
    long lineEnd = from;
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      ch.position(from);
      InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        pos++;
        if (b != '\n') {
          line.write(b);
          continue;
        }
        long lineStart = lineEnd;
        lineEnd = pos;
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isBlank()) continue;
        try {
          JsonNode d = CollectJson.MAPPER.readTree(text);
          String id = d == null ? null : CollectJson.id(d);
          Long created = d == null ? null : CollectJson.createdUtc(d);
          if (id != null) ids.add(id);
          if (created != null) {
            range[0] = Math.min(range[0], created);
            range[1] = Math.max(range[1], created);
          }
        } catch (IOException e) {
          // Not ours (collect writes whole lines); leave it for shard to reject and count.
          log.accept("collect: warning: " + f.getFileName() + " has a line that is not JSON at byte "
              + lineStart);
        }
      }
    }
    return lineEnd;
  }
}
