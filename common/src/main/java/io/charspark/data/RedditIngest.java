package io.charspark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import io.charspark.data.InputFiles.InputFile;
import io.charspark.data.InputFiles.Layout;
import io.charspark.data.SubmissionParser.Parsed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads Reddit submissions from dumps (JSON lines, plain/.gz/.bz2/.zst) and API listing pages into
 * one DataFrame of {@link #SCHEMA}: parsed submissions have {@code reject_reason = null}; every
 * record that could not be used is kept with its reason and raw text, so callers can count and
 * write them.
 *
 * <p>The metadata columns ({@code over_18, score, num_comments, domain}) are nullable and come last:
 * a missing or unreadable value is null, never a rejection (see {@link SubmissionParser}).
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
          .add("domain", DataTypes.StringType);

  private RedditIngest() {}

  public static Dataset<Row> read(
      SparkSession spark, List<InputFile> files, String labelField, boolean labelRequired) {
    List<String> lines = new ArrayList<>();
    List<String> docs = new ArrayList<>();
    for (InputFile f : files) (f.layout() == Layout.LINES ? lines : docs).add(f.path());
    SubmissionParser parser = new SubmissionParser(labelField, labelRequired);
    JavaRDD<Row> rows = null;
    if (!lines.isEmpty()) {
      rows = parse(spark.read().text(lines.toArray(String[]::new)), new ParseRows(parser, false));
    }
    if (!docs.isEmpty()) {
      JavaRDD<Row> d =
          parse(
              spark.read().option("wholetext", "true").text(docs.toArray(String[]::new)),
              new ParseRows(parser, true));
      rows = rows == null ? d : rows.union(d);
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static JavaRDD<Row> parse(Dataset<Row> text, ParseRows fn) {
    return text.select(col("value"), input_file_name().as("source")).javaRDD().mapPartitions(fn);
  }

  /** Executor-side parsing: (value, source) rows → {@link #SCHEMA} rows. */
  static final class ParseRows implements FlatMapFunction<Iterator<Row>, Row> {
    private final SubmissionParser parser;
    private final boolean document;

    ParseRows(SubmissionParser parser, boolean document) {
      this.parser = parser;
      this.document = document;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      return new Iterator<>() {
        private Iterator<Parsed> current = java.util.Collections.emptyIterator();
        private String source;

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && in.hasNext()) {
            Row r = in.next();
            source = r.getString(1);
            String value = r.getString(0);
            current = (document ? parser.parseDocument(value) : parser.parseLine(value)).iterator();
          }
          return current.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) throw new java.util.NoSuchElementException();
          Parsed p = current.next();
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
              p.domain());
        }
      };
    }
  }
}
