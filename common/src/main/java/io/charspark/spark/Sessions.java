package io.charspark.spark;

import io.charspark.etl.CharEtlExtensions;
import io.charspark.io.XzCodec;
import io.charspark.io.ZstdCodec;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every job uses. With a master (the launcher's {@code --master}, default
 * {@code local[*]}) it runs Spark in-process; with none it uses {@code getOrCreate()} so that
 * spark-submit and EMR settings win.
 */
public final class Sessions {
  private static final java.util.concurrent.atomic.AtomicInteger CREATED =
      new java.util.concurrent.atomic.AtomicInteger();

  private Sessions() {}

  /**
   * How many times {@link #create} was called in this JVM: the jobs check everything that needs no
   * data before they start Spark, and tests assert that a bad argument leaves this count unchanged.
   */
  public static int created() {
    return CREATED.get();
  }

  public static SparkSession create(String appName, String master) {
    CREATED.incrementAndGet();
    // The character ETL's SQL functions (char_etl, char_etl_indices); added to, never replacing,
    // spark.sql.extensions set by spark-submit or EMR.
    SparkSession.Builder b =
        SparkSession.builder().appName(appName).withExtensions(new CharEtlExtensions());
    if (master != null && !master.isBlank()) {
      b = b.master(master);
      if (master.startsWith("local")) {
        // Small local runs: a few shuffle partitions, no UI port to fight over.
        b = b.config("spark.sql.shuffle.partitions", "8").config("spark.ui.enabled", "false");
      }
    }
    return b.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
        .config("spark.hadoop.io.compression.codecs", ZstdCodec.class.getName() + "," + XzCodec.class.getName())
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
