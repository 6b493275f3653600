package io.charspark.data;

import static org.apache.spark.sql.functions.col;

import io.charspark.data.KaggleFiles.KaggleFile;
import io.charspark.data.KaggleRecords.ParseFile;
import io.charspark.data.KaggleRecords.Rules;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The input of {@code score} for the toxic workload: any CSV files with at least {@code
 * id,comment_text} (e.g. Kaggle's test.csv; other columns are ignored; see {@link
 * KaggleFiles#scoringFiles} for the names) → {@link #rows()} with {@link #SCHEMA}. {@link
 * #kaggleTestFile()} is the {@code source} of the input file named {@code test.csv} (any
 * compression), or null: its rows make the Kaggle submission.
 */
public record KaggleScoringInput(Dataset<Row> rows, List<KaggleFile> files, String kaggleTestFile) {
  /**
   * {@code id string, text string, reject_reason string, raw string, source string, ordinal long,
   * line long}: one row per record of the scoring CSVs. Reasons: the {@link KaggleCsv} ones,
   * {@code bad_id}, {@code duplicate_id} (the first row of an id wins, by path then ordinal). Unlike
   * {@code shard}, a blank comment is kept (a submission needs a prediction for every id).
   */
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("text", DataTypes.StringType)
          .add("reject_reason", DataTypes.StringType)
          .add("raw", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("ordinal", DataTypes.LongType)
          .add("line", DataTypes.LongType);

  /** {@link #read(SparkSession, List, String)} with the Kaggle record-start pattern. */
  public static KaggleScoringInput read(SparkSession spark, List<String> inputs) {
    return read(spark, inputs, KaggleCsv.KAGGLE_RECORD_START);
  }

  /**
   * Reads the comments to score. {@code recordStart}: the resynchronisation pattern of {@link
   * KaggleCsv} (pass null for files whose ids are not Kaggle's 16 hex digits).
   */
  public static KaggleScoringInput read(SparkSession spark, List<String> inputs, String recordStart) {
    List<KaggleFile> files = KaggleFiles.scoringFiles(inputs, spark.sparkContext().hadoopConfiguration());
    String kaggleTest = files.stream().filter(KaggleFiles::isKaggleTest).map(KaggleFile::path).findFirst()
        .orElse(null);
    List<Rules> rules = Collections.nCopies(files.size(), Rules.SCORING);
    KaggleRecords.checkHeaders(spark, files, rules, List.of());
    JavaRDD<Row> rows = KaggleRecords.parse(spark, files,
        new ParseFile(files, rules, List.of(), recordStart, KaggleRecords.conf(spark)));
    Dataset<Row> parsed = spark.createDataFrame(rows, KaggleRecords.parsedSchema(List.of()));
    KaggleIngest.failOnCorruptFile(parsed);
    Dataset<Row> out = KaggleIngest.dedupe(parsed, false)
        .select(col("id"), col("text"), col("reject_reason"), col("raw"), col("source"), col("ordinal"),
            col("line"));
    return new KaggleScoringInput(out, files, kaggleTest);
  }
}
