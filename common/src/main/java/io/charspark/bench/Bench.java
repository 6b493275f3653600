package io.charspark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import io.charspark.etl.CharTransform;
import io.charspark.etl.SparkCharEtl;
import io.charspark.etl.Truncation;
import io.charspark.inference.Predictor;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import io.charspark.model.Network;
import io.charspark.model.NetworkFactory;
import io.charspark.train.TrainingLoop;
import io.charspark.workload.SpoilersClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code bench} suites available so far (issue: benchmarks against the peers):
 *
 * <ul>
 *   <li>{@code etl}: the Spark SQL character ETL on the session's master (local[2] on a 2-core
 *       machine) against the plain-Java twin on one thread, over the same texts read from Parquet
 *       (Spark) or already in memory (Java). Keys {@code etl.spark_local2_over_java_1thread} and
 *       {@code etl.spark_over_parquet_scan} (the ETL's throughput over a plain scan of the same
 *       Parquet with a CRC32 of the raw text, on the same session: what the ETL costs beside
 *       reading the data).
 *   <li>{@code train}: the benchmark LSTM trained with plain single-thread DL4J, with
 *       ParameterAveragingTrainingMaster on the session's master (one thread per worker, plus a
 *       sweep of its knobs) and with PyTorch (1 and 2 threads), against the measured SGEMM rate
 *       ({@link TrainBench}). Keys {@code train.scaling_efficiency},
 *       {@code train.dl4j_over_pytorch_1thread}.
 *   <li>{@code converge}: time to quality: the train suite's model trained until a validation AUC and
 *       loss target by PyTorch (1 thread), plain DL4J (1 thread) and parameter averaging
 *       ({@link ConvergeBench}). Keys {@code converge.spark_local2_over_pytorch_1thread},
 *       {@code converge.sequences_spark_over_single}.
 *   <li>{@code score}: Spark inference (ETL + broadcast model + minibatches on executors) against
 *       plain single-thread DL4J inference of the same texts with the same network. Key
 *       {@code score.spark_local2_over_plain_1thread}.
 *   <li>{@code shard}: charspark's {@code shard} on a generated month of Reddit (multi-subreddit
 *       {@code .zst} dump) against a plain text scan and Spark's own JSON reader with the same
 *       subreddit filter ({@link ShardBench}). Keys {@code shard.over_text_scan},
 *       {@code shard.over_spark_json}.
 * </ul>
 *
 * Each contender runs once to warm up, then {@code reps} times; figures are medians with min/max,
 * and both contenders' checksums must agree. Each suite records the peak RSS of this JVM
 * ({@link Memory}; on a local master the executors are threads of it).
 */
public final class Bench {
  private Bench() {}

  public record Options(List<String> suites, boolean quick, int reps, long seed, String command) {}

  public static Map<String, Object> run(SparkSession spark, Options o, Path output, Consumer<String> log) {
    OutputDir out = OutputDir.create(output, true);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", o.command());
    doc.put("machine", machine(spark));
    Map<String, Object> keys = new LinkedHashMap<>();
    Map<String, Object> suites = new LinkedHashMap<>();
    try {
      Path data = out.resolve("data");
      String master = spark.sparkContext().master();
      if (o.suites().contains("etl")) {
        boolean reset = Memory.resetPeak();
        long bytes = o.quick() ? 16L << 20 : 210L << 20;
        Map<String, Object> r = etl(spark, BenchData.texts(bytes, o.seed()), data.resolve("etl"), o.reps(), keys, log);
        r.put("memory", Memory.peak(reset, master));
        suites.put("etl", r);
      }
      if (o.suites().contains("train")) {
        boolean reset = Memory.resetPeak();
        Map<String, Object> r = TrainBench.run(spark, o, out.work(), output, data.resolve("train"), keys, log);
        r.put("memory", Memory.peak(reset, master));
        suites.put("train", r);
      }
      if (o.suites().contains("converge")) {
        boolean reset = Memory.resetPeak();
        Map<String, Object> r = ConvergeBench.run(spark, o, out.work(), output, keys, log);
        r.put("memory", Memory.peak(reset, master));
        suites.put("converge", r);
      }
      if (o.suites().contains("score")) {
        boolean reset = Memory.resetPeak();
        long bytes = o.quick() ? 1L << 20 : 8L << 20;
        Map<String, Object> r = score(spark, BenchData.texts(bytes, o.seed() + 1), data.resolve("score"), o.reps(), keys, log);
        r.put("memory", Memory.peak(reset, master));
        suites.put("score", r);
      }
      if (o.suites().contains("shard")) {
        boolean reset = Memory.resetPeak();
        Map<String, Object> r = ShardBench.run(spark, o, data.resolve("shard"), keys, log);
        r.put("memory", Memory.peak(reset, master));
        suites.put("shard", r);
      }
      OutputDir.deleteRecursively(data);
      doc.put("keys", keys);
      doc.put("suites", suites);
      Json.write(out.resolve("bench.json"), doc);
      out.commit();
      log.accept("bench: " + keys + " -> " + output.resolve("bench.json"));
      return doc;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  static Map<String, Object> machine(SparkSession spark) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.version"));
    m.put("spark", spark.version());
    m.put("master", spark.sparkContext().master());
    m.put("dl4j", "1.0.0-M2");
    m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
    m.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
    return m;
  }

  static Map<String, Object> etl(SparkSession spark, List<String> texts, Path dir, int reps,
      Map<String, Object> keys, Consumer<String> log) {
    int length = 2000; // the spoilers workload's etl.max_length
    long bytes = BenchData.bytes(texts);
    log.accept(String.format(Locale.ROOT, "bench etl: %,d texts, %.1f MB, length %d", texts.size(), bytes / 1e6, length));
    String parquet = dir.toUri().toString();
    spark.createDataset(texts, Encoders.STRING()).toDF("text")
        .repartition(spark.sparkContext().defaultParallelism() * 2)
        .write().mode("overwrite").parquet(parquet);
    Timing sparkT = Timing.measure(reps, () -> {
      Dataset<Row> df = spark.read().parquet(parquet);
      // Both sides produce the model-ready fixed-length character form and CRC32 it (codegen'd crc32 here).
      return SparkCharEtl.transform(df, "text", "f", length, false)
          .select(expr("crc32(cast(f as binary))").as("s"))
          .agg(sum(col("s")))
          .first().getLong(0);
    });
    // The floor: reading the same Parquet and CRC32-ing the raw text, on the same session.
    Timing scanT = Timing.measure(reps, () -> spark.read().parquet(parquet)
        .select(expr("crc32(cast(text as binary))").as("s")).agg(sum(col("s"))).first().getLong(0));
    CharEtl twin = new CharEtl(length, false);
    Timing javaT = Timing.measure(reps, () -> {
      long s = 0;
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      for (String t : texts) {
        crc.reset();
        crc.update(twin.encodeChars(t).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        s += crc.getValue();
      }
      return s;
    });
    if (sparkT.checksum() != javaT.checksum()) {
      throw new IllegalStateException("ETL checksums differ: Spark " + sparkT.checksum() + ", Java " + javaT.checksum());
    }
    double ratio = javaT.median() / sparkT.median();
    keys.put("etl.spark_local2_over_java_1thread", ratio);
    double overScan = scanT.median() / sparkT.median();
    keys.put("etl.spark_over_parquet_scan", overScan);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("texts", texts.size());
    r.put("megabytes", bytes / 1e6);
    r.put("length", length);
    r.put("checksum", sparkT.checksum());
    r.put("spark", with(sparkT.describe("mb", bytes / 1e6), sparkT.describe("rows", texts.size())));
    r.put("java_1thread", with(javaT.describe("mb", bytes / 1e6), javaT.describe("rows", texts.size())));
    r.put("parquet_scan_crc32", with(scanT.describe("mb", bytes / 1e6), scanT.describe("rows", texts.size())));
    r.put("spark_over_java", ratio);
    r.put("spark_over_parquet_scan", overScan);
    log.accept(String.format(Locale.ROOT, "bench etl: spark %.1f MB/s (%.0f rows/s), java 1 thread %.1f MB/s (%.0f rows/s): ratio %.2f",
        bytes / 1e6 / sparkT.median(), texts.size() / sparkT.median(), bytes / 1e6 / javaT.median(),
        texts.size() / javaT.median(), ratio));
    log.accept(String.format(Locale.ROOT, "bench etl: Parquet scan + CRC32 of the raw text %.1f MB/s: ETL / scan %.2f",
        bytes / 1e6 / scanT.median(), overScan));
    return r;
  }

  static Map<String, Object> score(SparkSession spark, List<String> texts, Path dir, int reps,
      Map<String, Object> keys, Consumer<String> log) {
    CharsparkConfig cfg = CharsparkConfig.load(null, List.of("etl.max_length=256"));
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.spoilers(cfg));
    net.init(); // untrained weights: inference costs the same
    int length = cfg.etl.maxLength();
    int batch = cfg.score.batchSize();
    log.accept(String.format(Locale.ROOT, "bench score: %,d texts, %s model with %,d parameters, length %d, batch %d",
        texts.size(), cfg.model.arch(), net.numParams(), length, batch));
    String parquet = dir.toUri().toString();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) rows.add(org.apache.spark.sql.RowFactory.create("t" + i, texts.get(i), 0));
    spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
            .add("id", "string").add("text", "string").add("label", "int"))
        .repartition(spark.sparkContext().defaultParallelism() * 2)
        .write().mode("overwrite").parquet(parquet);
    // Checksums: predictions summed and rounded to 1e-3 (float arithmetic order differs between the two).
    Timing sparkT = Timing.measure(reps, () -> {
      Dataset<Row> p = Predictor.predict(spark, Network.of(net),
          SpoilersClassifier.encode(spark.read().parquet(parquet), new CharTransform(length, Truncation.POST)), batch);
      return Math.round(p.agg(sum(col("probability"))).first().getDouble(0) * 1e3);
    });
    CharEtl twin = new CharEtl(length, false);
    Timing plainT = Timing.measure(reps, () -> {
      double s = 0;
      for (int start = 0; start < texts.size(); start += batch) {
        int n = Math.min(batch, texts.size() - start);
        float[] f = new float[n * length];
        for (int i = 0; i < n; i++) {
          int[] e = twin.encode(texts.get(start + i));
          for (int t = 0; t < length; t++) f[i * length + t] = e[t];
        }
        INDArray out = net.output(Nd4j.create(f, new long[] {n, length}, 'c'), false);
        s += out.sumNumber().doubleValue();
      }
      return Math.round(s * 1e3);
    });
    double ratio = plainT.median() / sparkT.median();
    keys.put("score.spark_local2_over_plain_1thread", ratio);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("texts", texts.size());
    r.put("arch", cfg.model.arch());
    r.put("length", length);
    r.put("batch", batch);
    r.put("checksum_spark", sparkT.checksum());
    r.put("checksum_plain", plainT.checksum());
    r.put("spark", sparkT.describe("rows", texts.size()));
    r.put("plain_1thread", plainT.describe("rows", texts.size()));
    r.put("spark_over_plain", ratio);
    log.accept(String.format(Locale.ROOT, "bench score: spark %.0f rows/s, plain DL4J 1 thread %.0f rows/s: ratio %.2f",
        texts.size() / sparkT.median(), texts.size() / plainT.median(), ratio));
    return r;
  }

  @SafeVarargs
  static Map<String, Object> with(Map<String, Object>... parts) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map<String, Object> p : parts) m.putAll(p);
    return m;
  }
}
