// Step-by-step profile of the Spark SQL character ETL against its Java twin (README, "What the ETL
// figure says"). Run after `mvn -B -DskipTests install`:
//   java $(grep -v "^#" conf/jvm.options | tr "\n" " ") -Xmx6g -cp "$(cat jobs/target/classpath.txt):jobs/target/classes:common/target/classes" scripts/EtlProfile.java
// Prints one PROFILE line per cumulative step (80 MB of the bench texts, local[2], second of two runs).
import static org.apache.spark.sql.functions.*;
import org.apache.spark.sql.*;
import java.util.*;

public class EtlProfile {
  public static void main(String[] a) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    List<String> texts = io.charspark.bench.BenchData.texts(80L << 20, 42);
    String pq = System.getProperty("java.io.tmpdir") + "/charspark-etl-profile";
    spark.createDataset(texts, Encoders.STRING()).toDF("text").repartition(4).write().mode("overwrite").parquet(pq);
    double mb = io.charspark.bench.BenchData.bytes(texts) / 1e6;
    Map<String, Column> steps = new LinkedHashMap<>();
    Column t = col("text");
    steps.put("read + crc32(text)", t);
    steps.put("+ lower", lower(t));
    Column re = regexp_replace(lower(t), io.charspark.etl.CharEtl.SEPARATOR_RUN_REGEX, " ");
    steps.put("+ regexp_replace", re);
    steps.put("+ regexp_replace (no single-space matches)", regexp_replace(lower(t), "[^\\x21-\\x3B\\x3D\\x3F-\\x7E]{2,}|[^\\x20-\\x3B\\x3D\\x3F-\\x7E]", " "));
    Column cl = io.charspark.etl.SparkCharEtl.clean(t);
    steps.put("+ trim + concat (clean)", cl);
    steps.put("+ lpad 2000 (full ETL)", io.charspark.etl.SparkCharEtl.encode(t, 2000, false));
    for (int rep = 0; rep < 2; rep++) {
      for (var e : steps.entrySet()) {
        long t0 = System.nanoTime();
        spark.read().parquet(pq).select(crc32(e.getValue().cast("binary")).as("c")).agg(sum("c")).first();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rep == 1) System.out.printf(Locale.ROOT, "PROFILE spark %-28s %6.2f s  %6.1f MB/s%n", e.getKey(), s, mb / s);
      }
    }
    io.charspark.etl.CharEtl twin = new io.charspark.etl.CharEtl(2000, false);
    for (int rep = 0; rep < 2; rep++) {
      long t0 = System.nanoTime(); long c = 0;
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      for (String x : texts) { crc.reset(); crc.update(x.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8)); c += crc.getValue(); }
      double s1 = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      for (String x : texts) { crc.reset(); crc.update(io.charspark.etl.CharEtl.clean(x).getBytes(java.nio.charset.StandardCharsets.UTF_8)); c += crc.getValue(); }
      double s2 = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      for (String x : texts) { crc.reset(); crc.update(twin.encodeChars(x).getBytes(java.nio.charset.StandardCharsets.UTF_8)); c += crc.getValue(); }
      double s3 = (System.nanoTime() - t0) / 1e9;
      java.util.regex.Pattern p2 = java.util.regex.Pattern.compile("[^\\x21-\\x3B\\x3D\\x3F-\\x7E]{2,}|[^\\x20-\\x3B\\x3D\\x3F-\\x7E]");
      t0 = System.nanoTime();
      for (String x : texts) { crc.reset(); crc.update(p2.matcher(x.toLowerCase(Locale.ROOT)).replaceAll(" ").getBytes(java.nio.charset.StandardCharsets.UTF_8)); c += crc.getValue(); }
      double s4 = (System.nanoTime() - t0) / 1e9;
      if (rep == 1) System.out.printf(Locale.ROOT, "PROFILE java new regex %.2f s (%.1f MB/s)%n", s4, mb/s4);
      if (rep == 1) System.out.printf(Locale.ROOT, "PROFILE java lower+crc %.2f s (%.1f MB/s), clean %.2f s (%.1f MB/s), full %.2f s (%.1f MB/s)%n", s1, mb/s1, s2, mb/s2, s3, mb/s3);
    }
    spark.stop();
  }
}
