// Step-by-step profile of the Spark character ETL (the CharEtlExpression) against its Java twin
// (docs/performance-etl.md). Run after `mvn -B -DskipTests package` (no install needed):
//   java $(grep -v "^#" conf/jvm.options | tr "\n" " ") -Xmx6g -cp "$(cat jobs/target/classpath.txt):jobs/target/classes:common/target/classes" scripts/EtlProfile.java
// Prints one PROFILE line per step (80 MB of the bench texts, local[2], second of two runs).
import static org.apache.spark.sql.functions.*;
import org.apache.spark.sql.*;
import java.util.*;

public class EtlProfile {
  public static void main(String[] a) throws Exception {
    SparkSession spark = io.charspark.spark.Sessions.create("etl-profile", "local[2]");
    spark.sparkContext().setLogLevel("ERROR");
    List<String> texts = io.charspark.bench.BenchData.texts(80L << 20, 42);
    String pq = System.getProperty("java.io.tmpdir") + "/charspark-etl-profile";
    spark.createDataset(texts, Encoders.STRING()).toDF("text").repartition(4).write().mode("overwrite").parquet(pq);
    double mb = io.charspark.bench.BenchData.bytes(texts) / 1e6;
    Map<String, Column> steps = new LinkedHashMap<>();
    Column t = col("text");
    steps.put("read + crc32(text)", t);
    steps.put("+ lower (built-in, for scale)", lower(t));
    steps.put("+ char_etl steps 1-4 (clean)", io.charspark.etl.SparkCharEtl.clean(t));
    steps.put("+ char_etl to 2000, post (full ETL)", io.charspark.etl.SparkCharEtl.encode(t, 2000, false));
    steps.put("+ char_etl to 2000, pre", io.charspark.etl.SparkCharEtl.encode(t, 2000, true));
    steps.put("+ char_etl_indices (LM)", io.charspark.etl.SparkCharEtl.indices(t, true));
    for (int rep = 0; rep < 2; rep++) {
      for (var e : steps.entrySet()) {
        long t0 = System.nanoTime();
        Column v = e.getKey().contains("indices") ? size(e.getValue()) : crc32(e.getValue().cast("binary"));
        spark.read().parquet(pq).select(v.cast("long").as("c")).agg(sum("c")).first();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rep == 1) System.out.printf(Locale.ROOT, "PROFILE spark %-38s %6.2f s  %6.1f MB/s%n", e.getKey(), s, mb / s);
      }
    }
    io.charspark.etl.CharEtl twin = new io.charspark.etl.CharEtl(2000, false);
    for (int rep = 0; rep < 2; rep++) {
      long c = 0;
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      long t0 = System.nanoTime();
      for (String x : texts) { crc.reset(); crc.update(x.getBytes(java.nio.charset.StandardCharsets.UTF_8)); c += crc.getValue(); }
      double s0 = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      for (String x : texts) { crc.reset(); crc.update(io.charspark.etl.CharEtl.clean(x).getBytes(java.nio.charset.StandardCharsets.UTF_8)); c += crc.getValue(); }
      double s1 = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      for (String x : texts) { crc.reset(); crc.update(twin.encodeChars(x).getBytes(java.nio.charset.StandardCharsets.UTF_8)); c += crc.getValue(); }
      double s2 = (System.nanoTime() - t0) / 1e9;
      if (rep == 1) System.out.printf(Locale.ROOT, "PROFILE java 1 thread: getBytes+crc %.2f s (%.1f MB/s), clean %.2f s (%.1f MB/s), full %.2f s (%.1f MB/s) [%d]%n",
          s0, mb / s0, s1, mb / s1, s2, mb / s2, c);
    }
    spark.stop();
  }
}
