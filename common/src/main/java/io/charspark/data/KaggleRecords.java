package io.charspark.data;

import io.charspark.data.KaggleFiles.KaggleFile;
import io.charspark.io.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reading Kaggle CSV files on the executors, shared by the training input ({@link KaggleIngest})
 * and the scoring input ({@link KaggleScoringInput}): each file parsed with {@link KaggleCsv} in one
 * Spark task, its records checked by the {@link Rules} of its kind, as {@link #parsedSchema} rows.
 */
final class KaggleRecords {
  private KaggleRecords() {}

  /**
   * What one kind of file's records must hold and how they are checked. Checks run in the order
   * of the reasons: {@code bad_id} (empty or with whitespace), {@code bad_label}, {@code empty_text}.
   */
  enum Rules {
    /** train*.csv: id, comment_text and every label; labels must be 0/1; blank comments rejected. */
    TRAIN(true, true, true),
    /** test.csv for training and evaluation: id and comment_text; blank comments rejected. */
    TEST(true, false, true),
    /**
     * test_labels*.csv: id and every label; each label -1, 0 or 1, all -1 (not scored) or none
     * (scored); labels of an unscored row are null.
     */
    TEST_LABELS(false, true, false),
    /** Any comments to score: id and comment_text; a blank comment is kept (it needs a prediction). */
    SCORING(true, false, false);

    final boolean text;
    final boolean labelled;
    final boolean rejectEmptyText;

    Rules(boolean text, boolean labelled, boolean rejectEmptyText) {
      this.text = text;
      this.labelled = labelled;
      this.rejectEmptyText = rejectEmptyText;
    }

    /** The rules of a file kind in the training input. */
    static Rules of(String kind) {
      return switch (kind) {
        case KaggleFiles.TRAIN -> TRAIN;
        case KaggleFiles.TEST -> TEST;
        case KaggleFiles.TEST_LABELS -> TEST_LABELS;
        default -> throw new IllegalArgumentException("No records to read in a file of kind " + kind);
      };
    }

    /** The header columns a file of this kind must have. */
    List<String> required(List<String> labels) {
      List<String> need = new ArrayList<>();
      need.add("id");
      if (text) need.add("comment_text");
      if (labelled) need.addAll(labels);
      return need;
    }

    /**
     * Checks one parsed record's id, text and label fields; fills {@code ls} (the labels, null when
     * not known) and returns the reject reason (null = usable) and whether the labels are scored.
     */
    Checked check(String id, String text, String[] labelFields, Integer[] ls) {
      if (id.isEmpty() || !id.chars().noneMatch(Character::isWhitespace)) return new Checked("bad_id", null);
      String reason = null;
      Boolean scored = null;
      if (this == TRAIN) {
        for (int k = 0; k < ls.length && reason == null; k++) {
          String s = labelFields[k];
          if (s.equals("0") || s.equals("1")) ls[k] = Integer.parseInt(s);
          else reason = "bad_label";
        }
        scored = reason == null;
      } else if (this == TEST_LABELS) {
        int unscored = 0;
        for (int k = 0; k < ls.length && reason == null; k++) {
          String s = labelFields[k];
          if (s.equals("0") || s.equals("1")) ls[k] = Integer.parseInt(s);
          else if (s.equals("-1")) unscored++;
          else reason = "bad_label";
        }
        if (reason == null && unscored > 0 && unscored < ls.length) reason = "bad_label"; // mixed -1 and 0/1
        scored = reason == null && unscored == 0;
        if (!scored) Arrays.fill(ls, null);
      }
      if (reason == null && rejectEmptyText && text.isBlank()) reason = "empty_text";
      return new Checked(reason, scored);
    }
  }

  /** A record's reject reason (null = usable) and scored flag (null = not a labelled kind). */
  record Checked(String reason, Boolean scored) {}

  /** The rows' columns (see {@link KaggleIngest}), for these label columns. */
  static StructType schema(List<String> labels) {
    StructType s = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    for (String l : labels) s = s.add(l, DataTypes.IntegerType);
    return s.add("kaggle", DataTypes.StringType)
        .add("scored", DataTypes.BooleanType)
        .add("reject_reason", DataTypes.StringType)
        .add("raw", DataTypes.StringType)
        .add("source", DataTypes.StringType)
        .add("ordinal", DataTypes.LongType)
        .add("line", DataTypes.LongType);
  }

  /**
   * What the executors emit: {@link #schema} plus {@code raw_if_rejected} (the record's text, kept
   * for usable rows too, so a later duplicate_id can still show it).
   */
  static StructType parsedSchema(List<String> labels) {
    return schema(labels).add("raw_if_rejected", DataTypes.StringType);
  }

  static SerializableConfiguration conf(SparkSession spark) {
    return new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * One task per file. The RDD holds file indices, not {@link KaggleFile}s: partitions of a
   * parallelized collection go through the configured serializer (Kryo), which cannot write Java
   * records; the function (and its file list) travels with Java serialization.
   */
  static JavaRDD<Row> parse(SparkSession spark, List<KaggleFile> files, ParseFile fn) {
    return indices(spark, files.size()).flatMap(fn);
  }

  private static JavaRDD<Integer> indices(SparkSession spark, int n) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) idx.add(i);
    return jsc.parallelize(idx, Math.max(1, n));
  }

  /** Reads each file's header on the executors; fails on the driver naming file and column. */
  static void checkHeaders(SparkSession spark, List<KaggleFile> files, List<Rules> rules, List<String> labels) {
    SerializableConfiguration conf = conf(spark);
    List<KaggleFile> fs = new ArrayList<>(files);
    List<ArrayList<String>> headers =
        indices(spark, files.size())
            .map(i -> {
              ArrayList<String> out = new ArrayList<>();
              try (KaggleCsv csv = open(fs.get(i), conf.value(), null)) {
                if (csv.header() == null) out.add("\u0000empty");
                else out.addAll(csv.header());
              } catch (RedditIngest.CorruptInputException e) {
                out.add("\u0000\u0000" + e.getMessage());
              } catch (IllegalArgumentException e) {
                out.add("\u0000" + e.getMessage());
              } catch (IOException | UncheckedIOException e) {
                KaggleFile f = fs.get(i);
                out.add("\u0000\u0000" + RedditIngest.describeFailure(f.path(), f.compression(),
                    fileSize(f, conf.value()), e));
              }
              return out;
            })
            .collect();
    for (int i = 0; i < files.size(); i++) {
      KaggleFile f = files.get(i);
      List<String> h = headers.get(i);
      if (h.size() == 1 && h.get(0).startsWith("\u0000\u0000")) {
        throw new RedditIngest.CorruptInputException(h.get(0).substring(2));
      }
      if (h.size() == 1 && h.get(0).startsWith("\u0000")) {
        String why = h.get(0).substring(1);
        throw new IllegalArgumentException(
            f.path() + (why.equals("empty") ? " is empty (no CSV header)" : ": " + why));
      }
      for (String c : rules.get(i).required(labels)) {
        if (!h.contains(c)) {
          throw new IllegalArgumentException(
              f.name() + " has no column '" + c + "' (" + f.path() + "; header: " + String.join(",", h) + ")");
        }
      }
    }
  }

  /** Opens a (possibly compressed) file through the Hadoop filesystem, as UTF-8 CSV. */
  static KaggleCsv open(KaggleFile f, Configuration conf, String recordStart) throws IOException {
    Path p = new Path(f.path());
    InputStream in = p.getFileSystem(conf).open(p);
    try {
      in = Compression.byId(f.compression()).decompress(in, conf);
      java.io.BufferedInputStream b = new java.io.BufferedInputStream(in);
      in = b;
      b.mark(8);
      byte[] head = b.readNBytes(5);
      b.reset();
      int off = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
      String enc = RedditIngest.notUtf8(head, off, head.length - off);
      if (enc != null) throw new RedditIngest.CorruptInputException(RedditIngest.encodingMessage(f.path(), enc));
      return new KaggleCsv(new InputStreamReader(in, StandardCharsets.UTF_8), recordStart);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  static long fileSize(KaggleFile f, Configuration conf) {
    try {
      Path p = new Path(f.path());
      return p.getFileSystem(conf).getFileStatus(p).getLen();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void closeQuietly(KaggleCsv csv) {
    try {
      csv.close();
    } catch (UncheckedIOException ignored) {
      // The stream already failed; its error is reported.
    }
  }

  /** Executor side: one file → its records as {@link #parsedSchema} rows, checked by its {@link Rules}. */
  static final class ParseFile implements FlatMapFunction<Integer, Row> {
    private final List<KaggleFile> files;
    private final List<Rules> rules;
    private final List<String> labels;
    private final String recordStart;
    private final SerializableConfiguration conf;

    ParseFile(List<KaggleFile> files, List<Rules> rules, List<String> labels, String recordStart,
        SerializableConfiguration conf) {
      this.files = new ArrayList<>(files);
      this.rules = new ArrayList<>(rules);
      this.labels = new ArrayList<>(labels);
      this.recordStart = recordStart;
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Integer index) throws IOException {
      KaggleFile f = files.get(index);
      Rules rule = rules.get(index);
      KaggleCsv csv = open(f, conf.value(), recordStart);
      TaskContext tc = TaskContext.get();
      if (tc != null) tc.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> csv.close());
      List<String> header = csv.requireHeader(f.path());
      int idCol = header.indexOf("id");
      int textCol = header.indexOf("comment_text");
      int[] labelCol = new int[labels.size()];
      for (int k = 0; k < labelCol.length; k++) labelCol[k] = rule.labelled ? header.indexOf(labels.get(k)) : -1;
      Layout at = Layout.of(labels);
      return new Iterator<>() {
        private Row failed;
        private boolean done;

        @Override
        public boolean hasNext() {
          if (failed != null) return true;
          if (done) return false;
          boolean more;
          try {
            more = csv.hasNext();
          } catch (UncheckedIOException e) {
            // A truncated or damaged compressed file: one marker row, failed on the driver.
            failed = corruptRow(at, f, RedditIngest.describeFailure(f.path(), f.compression(),
                fileSize(f, conf.value()), e));
            more = true;
          }
          if (!more || failed != null) {
            done = true;
            closeQuietly(csv);
          }
          return more;
        }

        @Override
        public Row next() {
          if (!hasNext()) throw new NoSuchElementException();
          if (failed != null) {
            Row r = failed;
            failed = null;
            return r;
          }
          return toRow(at, f, rule, csv.next(), idCol, textCol, labelCol);
        }
      };
    }

    /** A file that could not be read to its end: kind, {@link RedditIngest#FILE_CORRUPT}, the message, the path. */
    private Row corruptRow(Layout at, KaggleFile f, String message) {
      Object[] v = new Object[at.width()];
      v[at.kaggle()] = f.kind();
      v[at.reason()] = RedditIngest.FILE_CORRUPT;
      v[at.raw()] = message;
      v[at.source()] = f.path();
      return RowFactory.create(v);
    }

    private Row toRow(Layout at, KaggleFile f, Rules rule, KaggleCsv.Record r, int idCol, int textCol,
        int[] labelCol) {
      int n = labels.size();
      String reason = r.reason();
      String id = null;
      String text = null;
      Integer[] ls = new Integer[n];
      Boolean scored = null;
      if (reason == null) {
        id = r.fields().get(idCol);
        if (textCol >= 0) text = r.fields().get(textCol);
        String[] labelFields = new String[n];
        for (int k = 0; k < n; k++) labelFields[k] = labelCol[k] >= 0 ? r.fields().get(labelCol[k]) : null;
        Checked c = rule.check(id, text, labelFields, ls);
        reason = c.reason();
        scored = c.scored();
      }
      if (reason != null) {
        // Rejected rows carry no labels (a test_labels bad_label row keeps its id: its test row is rejected).
        Arrays.fill(ls, null);
        scored = false;
      }
      Object[] v = new Object[at.width()];
      v[at.id()] = id;
      v[at.text()] = text;
      for (int k = 0; k < n; k++) v[at.firstLabel() + k] = ls[k];
      v[at.kaggle()] = f.kind();
      v[at.scored()] = scored;
      v[at.reason()] = reason;
      v[at.raw()] = reason == null ? null : r.raw();
      v[at.source()] = f.path();
      v[at.ordinal()] = r.ordinal();
      v[at.line()] = r.line();
      v[at.rawIfRejected()] = r.raw();
      return RowFactory.create(v);
    }
  }

  /** Where each column of {@link #parsedSchema} is (the labels follow text, in order). */
  record Layout(int id, int text, int firstLabel, int kaggle, int scored, int reason, int raw, int source,
      int ordinal, int line, int rawIfRejected, int width) implements java.io.Serializable {
    static Layout of(List<String> labels) {
      StructType s = parsedSchema(labels);
      return new Layout(s.fieldIndex("id"), s.fieldIndex("text"), s.fieldIndex("text") + 1, s.fieldIndex("kaggle"),
          s.fieldIndex("scored"), s.fieldIndex("reject_reason"), s.fieldIndex("raw"), s.fieldIndex("source"),
          s.fieldIndex("ordinal"), s.fieldIndex("line"), s.fieldIndex("raw_if_rejected"), s.size());
    }
  }
}
