package io.charspark.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Versions and environment recorded in every output directory. */
public final class Provenance {
  private Provenance() {}

  public static Map<String, String> versions(SparkSession spark) {
    Map<String, String> m = new LinkedHashMap<>();
    String v = Provenance.class.getPackage().getImplementationVersion();
    m.put("charspark", v == null ? "dev" : v);
    m.put("spark", spark.version());
    m.put("dl4j", "1.0.0-M2");
    m.put("java", System.getProperty("java.version"));
    m.put("master", spark.sparkContext().master());
    m.put("created_at_utc", java.time.Instant.now().toString());
    return m;
  }
}
