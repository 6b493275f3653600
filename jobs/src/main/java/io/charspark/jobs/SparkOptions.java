package io.charspark.jobs;

import io.charspark.spark.Sessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * Options every Spark job shares. With {@code --master} (default {@code local[*]}) Spark runs
 * in-process; under spark-submit ({@code spark.master} already set) the session takes the
 * submitter's settings.
 */
public class SparkOptions {
  @Option(
      names = "--master",
      description = "Spark master (default: local[*], or what spark-submit set).")
  String master;

  @Option(names = "--stacktrace", description = "Print the full stack trace of an error.")
  boolean stacktrace;

  /** A session and whether this command owns it (and so stops it). */
  record Handle(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) spark.stop();
    }
  }

  Handle open(String app) {
    boolean existed = SparkSession.getDefaultSession().isDefined();
    String m = master;
    if (m == null && System.getProperty("spark.master") == null && !existed) m = "local[*]";
    return new Handle(Sessions.create("charspark-" + app, m), !existed);
  }
}
