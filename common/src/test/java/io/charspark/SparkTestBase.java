package io.charspark;

import io.charspark.spark.Sessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One local[2] SparkSession per test class, configured exactly as the jobs configure theirs. */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = Sessions.create("charspark-test", "local[2]");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) spark.stop();
    spark = null;
  }
}
