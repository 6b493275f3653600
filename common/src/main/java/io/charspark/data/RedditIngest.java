package io.charspark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.charspark.data.InputFiles.InputFile;
import io.charspark.data.InputFiles.Layout;
import io.charspark.data.SubmissionParser.Parsed;
import io.charspark.io.Compression;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads Reddit submissions from dumps (JSON lines, plain/.gz/.bz2/.zst/.xz) and API listing pages
 * into one DataFrame of {@link #SCHEMA}: parsed submissions have {@code reject_reason = null}; every
 * record that could not be used is kept with its reason and raw text, so callers can count and
 * write them.
 *
 * <p>The metadata columns ({@code over_18, score, num_comments, domain}) are nullable and come last:
 * a missing or unreadable value is null, never a rejection (see {@link SubmissionParser}).
 * {@code repaired}: the text repairs of the record ({@link SubmissionParser#LONE_SURROGATE}) or null.
 *
 * <h2>Reading</h2>
 *
 * The executors read the files themselves through the Hadoop filesystem and codecs (Hadoop's
 * {@link LineRecordReader}, as Spark's text source does), so a file that cannot be read to its end
 * is caught and named instead of failing a task with a stack trace. Plain and {@code .bz2} JSON
 * lines are cut into splits as Spark cuts files (at most {@code spark.sql.files.maxPartitionBytes},
 * smaller when the input is small so every core gets work; Hadoop's bzip2 codec is splittable); {@code .zst}, {@code .gz}, {@code .xz} files and {@code *.json} documents are read
 * whole by one task. Every text input is UTF-8: a UTF-8 byte-order mark at the start of a file is
 * dropped (JSON lines and documents, compressed or not); a UTF-16 file (its byte-order mark, or NUL
 * bytes between ASCII characters) is an error naming the file.
 *
 * <h2>Corrupt or truncated files</h2>
 *
 * A decoding error (truncated zstd/gzip/bzip2/xz stream, damaged data) ends the reading of that
 * file. With {@link OnCorruptFile#FAIL} (the default, {@code input.on_corrupt_file = fail})
 * {@link #ingest} throws {@link CorruptInputException}, one line naming the file and the likely
 * cause, e.g. {@code /data/RS_2023-07.zst: truncated zstd stream after 1,234,567 bytes — incomplete
 * download?}. With {@link OnCorruptFile#SKIP} the file is left out whole (also the records read
 * before the error) and listed in {@link Ingest#skippedFiles()}.
 */
public final class RedditIngest {
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("created_utc", DataTypes.LongType)
          .add("subreddit", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("selftext", DataTypes.StringType)
          .add("label", DataTypes.IntegerType)
          .add("retrieved_on", DataTypes.LongType)
          .add("reject_reason", DataTypes.StringType)
          .add("raw", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("over_18", DataTypes.BooleanType)
          .add("score", DataTypes.LongType)
          .add("num_comments", DataTypes.LongType)
          .add("domain", DataTypes.StringType)
          .add("repaired", DataTypes.StringType)
          .add("records", DataTypes.LongType);

  /** Internal reject reasons of a whole file (never in the returned rows): raw = the message. */
  static final String FILE_CORRUPT = "#corrupt_file";
  static final String FILE_ENCODING = "#wrong_encoding";
  /**
   * Internal reason of the one row per split that stands for the lines the {@link
   * SubredditPrefilter} dropped ({@code records} = how many): counted as {@code filtered.subreddit}.
   */
  public static final String PREFILTERED = "#prefiltered_subreddit";

  /** What to do with a compressed input that cannot be read to its end ({@code input.on_corrupt_file}). */
  public enum OnCorruptFile {
    /** Stop the job with one line naming the file; nothing is written. */
    FAIL,
    /** Leave the file out whole and list it in the manifest's {@code skipped_files}. */
    SKIP;

    public static OnCorruptFile parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** A file that cannot be read: truncated or damaged compressed data, or not UTF-8 text. */
  public static final class CorruptInputException extends IllegalArgumentException {
    public CorruptInputException(String message) {
      super(message);
    }
  }

  /**
   * The ingested rows ({@link #SCHEMA}, persisted until {@link #close()}), the files left out
   * (each {@code path}, {@code reason}, {@code records_discarded}: records read before the error),
   * and how the input was read: {@code splits} units of work (a file, or a byte range of a
   * splittable one) in {@code tasks} Spark tasks.
   */
  public record Ingest(Dataset<Row> rows, List<Map<String, String>> skippedFiles, int splits, int tasks,
      List<Row> counts) implements AutoCloseable {
    @Override
    public void close() {
      rows.unpersist();
    }
  }

  private RedditIngest() {}

  /** {@link #ingest} with {@link OnCorruptFile#FAIL}; the rows are persisted (unpersist them when done). */
  public static Dataset<Row> read(
      SparkSession spark, List<InputFile> files, String labelField, boolean labelRequired) {
    return ingest(spark, files, labelField, labelRequired, OnCorruptFile.FAIL, null).rows();
  }

  /**
   * Reads and parses every file. Throws {@link CorruptInputException} for a file in a wrong
   * encoding (always) or a corrupt/truncated one (with {@code FAIL}), after one Spark pass.
   *
   * <p>{@code prefilter} (null = none): JSON lines it rules out are not decoded or parsed; each
   * split adds one {@link #PREFILTERED} row whose {@code records} counts them. Every other row has
   * {@code records = 1}.
   */
  public static Ingest ingest(
      SparkSession spark,
      List<InputFile> files,
      String labelField,
      boolean labelRequired,
      OnCorruptFile onCorrupt,
      SubredditPrefilter prefilter) {
    return ingest(spark, files, labelField, labelRequired, onCorrupt, prefilter, UnaryOperator.identity(), List.of());
  }

  /**
   * {@link #ingest(SparkSession, List, String, boolean, OnCorruptFile, SubredditPrefilter)} that
   * also counts the records in the same Spark pass (the one that reads the files and fills the
   * cache): {@link Ingest#counts()} holds one row per distinct {@code (reject_reason, countBy...)}
   * of {@code annotate(rows)}, then {@code sum(records)} as a long — or is null when a file was
   * left out ({@link OnCorruptFile#SKIP}): then count the returned rows.
   */
  public static Ingest ingest(
      SparkSession spark,
      List<InputFile> files,
      String labelField,
      boolean labelRequired,
      OnCorruptFile onCorrupt,
      SubredditPrefilter prefilter,
      UnaryOperator<Dataset<Row>> annotate,
      List<String> countBy) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, Long> sizes = sizes(files, hadoop);
    long totalBytes = sizes.values().stream().mapToLong(Long::longValue).sum();
    int cores = spark.sparkContext().defaultParallelism();
    // Spark's own rule (FilePartition.maxSplitBytes): at most maxPartitionBytes, smaller splits
    // when the input is small, so that every core gets work.
    long maxBytes = Math.min(spark.sessionState().conf().filesMaxPartitionBytes(),
        Math.max(spark.sessionState().conf().filesOpenCostInBytes(), totalBytes / Math.max(1, cores)));
    List<FileSplitSpec> splits = plan(files, sizes, maxBytes);
    // Small splits share tasks (at least 4 per core); a split of 4 MiB or more (a whole .zst month,
    // a 128 MiB range of a plain file) has a task of its own, so 12 monthly files are 12 tasks.
    long openCost = spark.sessionState().conf().filesOpenCostInBytes();
    long big = splits.stream().filter(sp -> sp.length() >= openCost).count();
    int slices = (int) Math.min(splits.size(), Math.max(cores * 4L, big + totalBytes / maxBytes + 1));
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) idx.add(i);
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(idx, Math.max(1, slices))
        .flatMap(new ReadSplit(splits, new SubmissionParser(labelField, labelRequired), prefilter,
            new SerializableConfiguration(hadoop)));
    int tasks = Math.max(1, slices);
    Dataset<Row> all = spark.createDataFrame(rows, SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, String> bad = new TreeMap<>();
      Map<String, String> encoding = new TreeMap<>();
      // One pass: the file problems (marker rows: source and message) and the record counts.
      Column marker = col("reject_reason").isin(FILE_CORRUPT, FILE_ENCODING);
      List<Column> keys = new ArrayList<>(List.of(col("reject_reason"),
          when(marker, col("source")).as("_marker_source"), when(marker, col("raw")).as("_marker_raw")));
      for (String c : countBy) keys.add(col(c));
      List<Row> counts = new ArrayList<>();
      for (Row r : annotate.apply(all).groupBy(keys.toArray(Column[]::new)).agg(sum(col("records")))
          .collectAsList()) {
        if (!r.isNullAt(1)) {
          (r.getString(0).equals(FILE_ENCODING) ? encoding : bad).putIfAbsent(r.getString(1), r.getString(2));
          continue;
        }
        Object[] v = new Object[countBy.size() + 2];
        v[0] = r.get(0);
        for (int k = 0; k < countBy.size(); k++) v[k + 1] = r.get(k + 3);
        v[v.length - 1] = r.getLong(r.length() - 1);
        counts.add(RowFactory.create(v));
      }
      if (!encoding.isEmpty()) throw new CorruptInputException(oneLine(encoding));
      if (!bad.isEmpty() && onCorrupt == OnCorruptFile.FAIL) {
        throw new CorruptInputException(oneLine(bad)
            + " (set input.on_corrupt_file = skip to leave such files out)");
      }
      if (bad.isEmpty()) return new Ingest(all, List.of(), splits.size(), tasks, counts);
      Map<String, Long> read = new TreeMap<>();
      for (Row r : all.filter(col("source").isin(bad.keySet().toArray()).and(
              col("reject_reason").isNull().or(col("reject_reason").notEqual(FILE_CORRUPT))))
          .groupBy("source").agg(sum("records")).collectAsList()) {
        read.put(r.getString(0), r.getLong(1));
      }
      List<Map<String, String>> skipped = new ArrayList<>();
      for (Map.Entry<String, String> e : bad.entrySet()) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("path", e.getKey());
        m.put("reason", e.getValue());
        m.put("records_discarded", String.valueOf(read.getOrDefault(e.getKey(), 0L)));
        skipped.add(m);
      }
      Dataset<Row> kept = all.filter(org.apache.spark.sql.functions.not(
              col("source").isin(bad.keySet().toArray())))
          .persist(StorageLevel.MEMORY_AND_DISK());
      kept.count();
      all.unpersist();
      return new Ingest(kept, skipped, splits.size(), tasks, null);
    } catch (RuntimeException e) {
      all.unpersist();
      throw e;
    }
  }

  /** The first problem, and how many other files have one. */
  private static String oneLine(Map<String, String> problems) {
    String first = problems.values().iterator().next();
    if (problems.size() == 1) return first;
    List<String> others = new ArrayList<>(problems.keySet()).subList(1, problems.size());
    return first + "; " + others.size() + " more: " + String.join(", ", others.stream().map(RedditIngest::display).toList());
  }

  /** A path as a user typed it: {@code file:/x} shown as {@code /x}. */
  static String display(String path) {
    return path.startsWith("file:") ? new Path(path).toUri().getPath() : path;
  }

  /** One unit of reading work: a byte range of a file (the whole file unless splittable). */
  record FileSplitSpec(String path, long start, long length, long fileSize, String compression,
      boolean document) implements Serializable {}

  /** File sizes from the filesystem's metadata (the driver reads no content). */
  static Map<String, Long> sizes(List<InputFile> files, Configuration hadoop) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (InputFile f : files) {
      try {
        Path p = new Path(f.path());
        out.put(f.path(), p.getFileSystem(hadoop).getFileStatus(p).getLen());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + f.path() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Splits of at most {@code maxBytes} for plain and .bz2 JSON lines; other files whole. */
  static List<FileSplitSpec> plan(List<InputFile> files, Map<String, Long> sizes, long maxBytes) {
    List<FileSplitSpec> out = new ArrayList<>();
    for (InputFile f : files) {
      long size = sizes.get(f.path());
      boolean document = f.layout() == Layout.DOCUMENT;
      boolean splittable = !document && Compression.byId(f.compression()).splittable();
      if (!splittable || size <= maxBytes) {
        out.add(new FileSplitSpec(f.path(), 0, size, size, f.compression(), document));
      } else {
        for (long s = 0; s < size; s += maxBytes) {
          out.add(new FileSplitSpec(f.path(), s, Math.min(maxBytes, size - s), size, f.compression(), false));
        }
      }
    }
    return out;
  }

  /** The user-facing name of a compression. */
  static String format(String compression) {
    return Compression.byId(compression).format();
  }

  /**
   * One line for a file whose reading failed: truncated (an end-of-file inside the compressed
   * stream) or damaged data; {@code bytes} = the file's size.
   */
  static String describeFailure(String path, String compression, long bytes, Throwable e) {
    String fmt = format(compression);
    String size = String.format(Locale.ROOT, "%,d", bytes);
    if (truncated(e)) {
      return display(path) + ": truncated " + fmt + " stream after " + size + " bytes — incomplete download?";
    }
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = why.indexOf('\n');
    if (nl >= 0) why = why.substring(0, nl);
    return display(path) + ": corrupt " + fmt + " data (" + why + ") in a file of " + size
        + " bytes — damaged download, or not a " + fmt + " file?";
  }

  private static boolean truncated(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) return true;
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("truncated") || m.contains("unexpected end") || m.contains("end of stream")
          || m.contains("end of input") || m.contains("premature")) {
        return true;
      }
    }
    return false;
  }

  /** Why the first bytes of a file are not UTF-8 text, or null when they may be. */
  static String notUtf8(byte[] b, int off, int len) {
    if (len >= 2 && (b[off] == (byte) 0xFF && b[off + 1] == (byte) 0xFE
        || b[off] == (byte) 0xFE && b[off + 1] == (byte) 0xFF)) {
      return "UTF-16 text (byte-order mark " + String.format("%02X %02X", b[off], b[off + 1]) + ")";
    }
    if (len >= 2 && (b[off] != 0 && b[off + 1] == 0 || b[off] == 0 && b[off + 1] != 0)) {
      return "UTF-16 text (NUL bytes between the characters)";
    }
    return null;
  }

  static String encodingMessage(String path, String why) {
    return display(path) + ": " + why + "; charspark reads UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)";
  }

  /** Executor side: one split → {@link #SCHEMA} rows (file problems as one marker row). */
  static final class ReadSplit implements FlatMapFunction<Integer, Row> {
    private final List<FileSplitSpec> splits;
    private final SubmissionParser parser;
    private final SubredditPrefilter prefilter;
    private final SerializableConfiguration conf;

    ReadSplit(List<FileSplitSpec> splits, SubmissionParser parser, SubredditPrefilter prefilter,
        SerializableConfiguration conf) {
      this.splits = new ArrayList<>(splits);
      this.parser = parser;
      this.prefilter = prefilter;
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Integer index) {
      FileSplitSpec s = splits.get(index);
      return s.document() ? document(s) : lines(s);
    }

    private Iterator<Row> document(FileSplitSpec s) {
      byte[] bytes;
      Path p = new Path(s.path());
      try {
        FileSystem fs = p.getFileSystem(conf.value());
        try (InputStream raw = fs.open(p);
            InputStream in = Compression.byId(s.compression()).decompress(raw, conf.value())) {
          ByteArrayOutputStream bos = new ByteArrayOutputStream();
          in.transferTo(bos);
          bytes = bos.toByteArray();
        }
      } catch (IOException | RuntimeException e) {
        return List.of(marker(s, FILE_CORRUPT, describeFailure(s.path(), s.compression(), s.fileSize(), e))).iterator();
      }
      int off = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
      String enc = notUtf8(bytes, off, bytes.length - off);
      if (enc != null) return List.of(marker(s, FILE_ENCODING, encodingMessage(s.path(), enc))).iterator();
      String doc = new String(bytes, off, bytes.length - off, StandardCharsets.UTF_8);
      List<Row> out = new ArrayList<>();
      for (Parsed parsed : parser.parseDocument(doc)) out.add(row(parsed, s.path()));
      return out.iterator();
    }

    private Iterator<Row> lines(FileSplitSpec s) {
      LineRecordReader rr = new LineRecordReader(); // drops a UTF-8 BOM at the start of a file
      try {
        rr.initialize(new FileSplit(new Path(s.path()), s.start(), s.length(), (String[]) null),
            new TaskAttemptContextImpl(conf.value(), new TaskAttemptID()));
      } catch (IOException | RuntimeException e) {
        close(rr);
        return List.of(marker(s, FILE_CORRUPT, describeFailure(s.path(), s.compression(), s.fileSize(), e))).iterator();
      }
      TaskContext tc = TaskContext.get();
      if (tc != null) tc.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> close(rr));
      return new Iterator<>() {
        private Iterator<Parsed> current = Collections.emptyIterator();
        private final java.util.ArrayDeque<Row> pending = new java.util.ArrayDeque<>(2);
        private boolean done;
        private boolean first = s.start() == 0;
        private long prefiltered;

        @Override
        public boolean hasNext() {
          while (pending.isEmpty() && !current.hasNext() && !done) {
            try {
              if (!rr.nextKeyValue()) {
                finish();
                break;
              }
            } catch (IOException | RuntimeException e) {
              finish();
              pending.add(marker(s, FILE_CORRUPT, describeFailure(s.path(), s.compression(), s.fileSize(), e)));
              break;
            }
            Text v = rr.getCurrentValue();
            if (first) {
              first = false;
              String enc = notUtf8(v.getBytes(), 0, v.getLength());
              if (enc != null) {
                prefiltered = 0;
                finish();
                pending.add(marker(s, FILE_ENCODING, encodingMessage(s.path(), enc)));
                break;
              }
            }
            if (prefilter != null && !prefilter.mightMatch(v.getBytes(), 0, v.getLength())) {
              prefiltered++;
              continue;
            }
            current = parser.parseLine(v.toString()).iterator();
          }
          return !pending.isEmpty() || current.hasNext();
        }

        private void finish() {
          done = true;
          close(rr);
          if (prefiltered > 0) {
            pending.add(RowFactory.create(null, null, null, null, null, null, null, PREFILTERED, null,
                s.path(), null, null, null, null, null, prefiltered));
          }
        }

        @Override
        public Row next() {
          if (!hasNext()) throw new NoSuchElementException();
          if (current.hasNext()) return row(current.next(), s.path());
          return pending.poll();
        }
      };
    }

    private static void close(LineRecordReader rr) {
      try {
        rr.close();
      } catch (IOException ignored) {
        // Closing a reader whose stream already failed: nothing left to report.
      }
    }

    private static Row marker(FileSplitSpec s, String kind, String message) {
      return RowFactory.create(null, null, null, null, null, null, null, kind, message, s.path(),
          null, null, null, null, null, 1L);
    }

    private static Row row(Parsed p, String source) {
      return RowFactory.create(
          p.id(),
          p.ok() ? p.createdUtc() : null,
          p.subreddit(),
          p.title(),
          p.selftext(),
          p.label(),
          p.ok() ? p.retrievedOn() : null,
          p.reason(),
          p.raw(),
          source,
          p.over18(),
          p.score(),
          p.numComments(),
          p.domain(),
          p.repaired(),
          1L);
    }
  }
}
