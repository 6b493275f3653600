package io.charspark.bench;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import io.charspark.model.NetworkFactory;
import io.charspark.inference.Batches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code converge} suite (issue #17, part 4): time to quality, not throughput. The benchmark
 * model of the {@code train} suite (Embedding 99→50 → LSTM 128 → last step → sigmoid, RMSprop 1e-3,
 * length 256, batch 64) is trained from scratch on the same labelled sequences, in the same order,
 * by each contender until the validation ROC AUC reaches {@code targetAuc} and the validation log
 * loss {@code targetLoss}, or a cap:
 *
 * <ul>
 *   <li>{@code pytorch_1thread}: {@code scripts/bench_pytorch.py --converge}, one thread;
 *   <li>{@code dl4j_1thread}: plain {@code MultiLayerNetwork.fit} (fused LSTM) on one thread;
 *   <li>{@code spark_local2}: {@code ParameterAveragingTrainingMaster} on the session's master, one
 *       thread per worker, averaging every {@code averagingFrequency} minibatches (one averaging
 *       round per evaluation interval: workers × frequency × batch = {@code evalEvery}).
 * </ul>
 *
 * Every contender evaluates on the same validation set after every {@code evalEvery} training
 * sequences; evaluation time is excluded from the training time. The sequences and seconds to
 * target are interpolated linearly inside the interval where the target was crossed (the later of
 * the two metrics' crossings), so the three are compared at the same resolution. Keys:
 * {@code converge.spark_local2_over_pytorch_1thread} = PyTorch's seconds to target ÷ Spark's, and
 * {@code converge.sequences_spark_over_single} = Spark's sequences to target ÷ plain DL4J's (the
 * statistical efficiency of parameter averaging). NaN when a contender misses the target.
 */
final class ConvergeBench {
  static final int LENGTH = TrainBench.LENGTH;

  private ConvergeBench() {}

  record Plan(int trainSequences, int validationSequences, int batch, int averagingFrequency, int evalEvery,
      double targetAuc, double targetLoss, int maxEpochs, double capSeconds) {}

  static Plan plan(boolean quick, int workers) {
    int batch = quick ? 32 : 64;
    int frequency = 5;
    int every = workers * frequency * batch;
    if (quick) return new Plan(every * 2, 256, batch, frequency, every, 0.80, 0.60, 3, 30);
    return new Plan(every * 6, 1024, batch, frequency, every, 0.90, 0.40, 12, 180);
  }

  /** One evaluation: training sequences and training seconds so far, validation AUC and log loss. */
  record Point(long sequences, double seconds, double auc, double loss) {
    Map<String, Object> map() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sequences", sequences);
      m.put("seconds", seconds);
      m.put("auc", auc);
      m.put("loss", loss);
      return m;
    }
  }

  static Map<String, Object> run(SparkSession spark, Bench.Options o, Path work, Path finalDir,
      Map<String, Object> keys, Consumer<String> log) {
    NativeThreads.Snapshot before = NativeThreads.current();
    try {
      return suite(spark, o, work, finalDir, keys, log);
    } finally {
      NativeThreads.restore(before);
    }
  }

  private static Map<String, Object> suite(SparkSession spark, Bench.Options o, Path work, Path finalDir,
      Map<String, Object> keys, Consumer<String> log) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = jsc.defaultParallelism();
    Plan plan = plan(o.quick(), workers);
    CharEtl etl = new CharEtl(LENGTH, false);
    // Training and validation texts from two seeds: the same kind of data (2-4 quotes, half of them
    // Star Wars), drawn independently; the validation set is never trained on.
    int[][] x = new int[plan.trainSequences()][];
    int[] y = new int[plan.trainSequences()];
    encode(BenchData.labelled(plan.trainSequences(), o.seed() + 3), etl, x, y);
    int[][] vx = new int[plan.validationSequences()][];
    int[] vy = new int[plan.validationSequences()];
    encode(BenchData.labelled(plan.validationSequences(), o.seed() + 4), etl, vx, vy);
    Path trainDir = work.resolve("converge-train");
    Path valDir = work.resolve("converge-validation");
    TrainBench.writeData(trainDir, x, y, o.seed() + 3);
    TrainBench.writeData(valDir, vx, vy, o.seed() + 4);
    INDArray valFeatures = features(vx);

    MultiLayerConfiguration conf = NetworkFactory.spoilers(CharsparkConfig.load(null, List.of(
        "etl.max_length=" + LENGTH, "model.arch=lstm", "model.lstm_units=" + TrainBench.UNITS,
        "model.embedding_dim=" + TrainBench.EMBEDDING, "optimizer.name=rmsprop", "optimizer.learning_rate=0.001",
        "seed=" + o.seed(), "model.lstm_impl=fused")));
    log.accept(String.format(Locale.ROOT, "bench converge: %,d training / %,d validation sequences, length %d, LSTM(%d),"
            + " RMSprop 1e-3, batch %d; target validation AUC >= %.2f and log loss <= %.2f; evaluation every %,d"
            + " sequences; cap %d epochs or %.0f s of training per contender; %d Spark workers on %s",
        plan.trainSequences(), plan.validationSequences(), LENGTH, TrainBench.UNITS, plan.batch(), plan.targetAuc(),
        plan.targetLoss(), plan.evalEvery(), plan.maxEpochs(), plan.capSeconds(), workers, spark.sparkContext().master()));

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("plan", plan);
    r.put("data", "BenchData.labelled: training seed " + (o.seed() + 3) + ", validation seed " + (o.seed() + 4)
        + "; 2-4 datafaker quotes per text, label 1 = Star Wars quotes; CharEtl(length " + LENGTH + ")");
    r.put("model", "Embedding(99->" + TrainBench.EMBEDDING + ") -> LSTM(" + TrainBench.UNITS
        + ") -> last step -> Dense(1, sigmoid), RMSprop lr 1e-3 (rho 0.95, eps 1e-8), no shuffling (file order every epoch)");
    r.put("spark_workers", workers);
    NativeThreads.set(1);
    r.put("threads", NativeThreads.describe());
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();

    // 1. PyTorch, one thread.
    String why = PyTorchPeer.unavailable();
    if (why != null) {
      rows.put("pytorch_1thread", Map.of("skipped", why));
      log.accept("bench converge: pytorch skipped: " + why);
    } else {
      List<String> args = pytorchArgs(trainDir.toString(), valDir.toString(), plan, o.seed());
      Map<String, Object> res = PyTorchPeer.run(args, 1, s -> log.accept("  " + s));
      List<Point> curve = new ArrayList<>();
      for (Object p : (List<?>) res.get("curve")) {
        Map<?, ?> m = (Map<?, ?>) p;
        curve.add(new Point(((Number) m.get("sequences")).longValue(), ((Number) m.get("seconds")).doubleValue(),
            ((Number) m.get("auc")).doubleValue(), ((Number) m.get("loss")).doubleValue()));
      }
      Map<String, Object> row = row("pytorch_1thread", "PyTorch " + res.get("torch") + " CPU, 1 thread", curve, plan);
      row.put("command", PyTorchPeer.command(pytorchArgs(finalDir.resolve("converge-train").toString(),
          finalDir.resolve("converge-validation").toString(), plan, o.seed()), 1));
      row.put("env", PyTorchPeer.env(1));
      row.put("blas_libraries_loaded", res.get("blas_libraries_loaded"));
      rows.put("pytorch_1thread", row);
      log.accept(line(row));
    }

    // 2. Plain DL4J, one thread.
    List<DataSet> batches = TrainBench.dataSets(x, y, plan.batch());
    warmUp(conf, batches);
    MultiLayerNetwork net = TrainBench.fresh(conf);
    List<Point> single = new ArrayList<>();
    long seen = 0;
    double trained = 0;
    int perEval = plan.evalEvery() / plan.batch();
    outer:
    for (int epoch = 0; epoch < plan.maxEpochs(); epoch++) {
      for (int start = 0; start < batches.size(); start += perEval) {
        long t0 = System.nanoTime();
        for (DataSet ds : batches.subList(start, Math.min(batches.size(), start + perEval))) {
          net.fit(ds);
          seen += ds.numExamples();
        }
        trained += (System.nanoTime() - t0) / 1e9;
        Point p = evaluate(net, valFeatures, vy, seen, trained);
        single.add(p);
        if (reached(p, plan) || trained > plan.capSeconds()) break outer;
      }
    }
    Map<String, Object> singleRow = row("dl4j_1thread", "plain MultiLayerNetwork.fit, fused LSTM, 1 thread", single, plan);
    rows.put("dl4j_1thread", singleRow);
    log.accept(line(singleRow));

    // 3. Parameter averaging on the session's master: one averaging round per evaluation interval.
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("label", DataTypes.IntegerType, false);
    List<Dataset<Row>> chunks = new ArrayList<>();
    for (int start = 0; start < x.length; start += plan.evalEvery()) {
      List<Row> part = new ArrayList<>();
      for (int i = start; i < Math.min(x.length, start + plan.evalEvery()); i++) part.add(RowFactory.create(x[i], y[i]));
      // `workers` equal consecutive slices: worker k fits the k-th slice's minibatches in order.
      Dataset<Row> d = spark.createDataFrame(jsc.parallelize(part, workers), schema).persist(StorageLevel.MEMORY_ONLY());
      d.count();
      chunks.add(d);
    }
    try {
      warmUpSpark(jsc, conf, chunks.get(0), plan, o.seed());
      ParameterAveragingTrainingMaster tm = master(plan, o.seed());
      SparkDl4jMultiLayer sdl = new SparkDl4jMultiLayer(jsc, TrainBench.fresh(conf), tm);
      List<Point> sparkCurve = new ArrayList<>();
      seen = 0;
      trained = 0;
      outer:
      for (int epoch = 0; epoch < plan.maxEpochs(); epoch++) {
        for (Dataset<Row> chunk : chunks) {
          long t0 = System.nanoTime();
          sdl.fit(Batches.of(chunk, plan.batch()));
          trained += (System.nanoTime() - t0) / 1e9;
          seen += plan.evalEvery();
          Point p = evaluate(sdl.getNetwork(), valFeatures, vy, seen, trained);
          sparkCurve.add(p);
          if (reached(p, plan) || trained > plan.capSeconds()) break outer;
        }
      }
      tm.deleteTempFiles(jsc);
      Map<String, Object> sparkRow = row("spark_local2", "ParameterAveragingTrainingMaster on " + jsc.master()
          + ", averaging every " + plan.averagingFrequency() + " minibatches, 1 thread per worker", sparkCurve, plan);
      sparkRow.put("workers", workers);
      rows.put("spark_local2", sparkRow);
      log.accept(line(sparkRow));
    } finally {
      for (Dataset<Row> d : chunks) d.unpersist();
    }

    double torchS = num(rows.get("pytorch_1thread"), "seconds_to_target");
    double sparkS = num(rows.get("spark_local2"), "seconds_to_target");
    double singleS = num(rows.get("dl4j_1thread"), "seconds_to_target");
    double sparkN = num(rows.get("spark_local2"), "sequences_to_target");
    double singleN = num(rows.get("dl4j_1thread"), "sequences_to_target");
    keys.put("converge.spark_local2_over_pytorch_1thread", torchS / sparkS);
    keys.put("converge.sequences_spark_over_single", sparkN / singleN);
    keys.put("converge.spark_local2_over_dl4j_1thread", singleS / sparkS);
    r.put("contenders", rows);
    r.put("spark_local2_over_pytorch_1thread", torchS / sparkS);
    r.put("sequences_spark_over_single", sparkN / singleN);
    r.put("spark_local2_over_dl4j_1thread", singleS / sparkS);
    log.accept(String.format(Locale.ROOT, "bench converge: seconds to target: PyTorch 1 thread %.1f, DL4J 1 thread %.1f,"
            + " Spark %.1f -> PyTorch/Spark %.2f; sequences to target: Spark %.0f / DL4J %.0f = %.2f",
        torchS, singleS, sparkS, torchS / sparkS, sparkN, singleN, sparkN / singleN));
    return r;
  }

  static List<String> pytorchArgs(String train, String validation, Plan plan, long seed) {
    return List.of("--data", train, "--converge", validation, "--threads", "1", "--batch",
        String.valueOf(plan.batch()), "--seed", String.valueOf(seed), "--eval-every", String.valueOf(plan.evalEvery()),
        "--target-auc", String.valueOf(plan.targetAuc()), "--target-loss", String.valueOf(plan.targetLoss()),
        "--max-epochs", String.valueOf(plan.maxEpochs()), "--max-seconds", String.valueOf(plan.capSeconds()),
        "--warmup-batches", String.valueOf(Math.min(20, plan.trainSequences() / plan.batch())), "--gemm-n", "0");
  }

  private static ParameterAveragingTrainingMaster master(Plan plan, long seed) {
    return new ParameterAveragingTrainingMaster.Builder(plan.batch())
        .batchSizePerWorker(plan.batch())
        .averagingFrequency(plan.averagingFrequency())
        .workerPrefetchNumBatches(2)
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .rngSeed(seed)
        .build();
  }

  /** As many minibatches as PyTorch's warm-up on a throwaway network (JIT and native warm-up), not timed. */
  private static void warmUp(MultiLayerConfiguration conf, List<DataSet> batches) {
    MultiLayerNetwork w = TrainBench.fresh(conf);
    for (DataSet ds : batches.subList(0, Math.min(20, batches.size()))) w.fit(ds);
  }

  private static void warmUpSpark(JavaSparkContext jsc, MultiLayerConfiguration conf, Dataset<Row> chunk, Plan plan,
      long seed) {
    ParameterAveragingTrainingMaster tm = master(plan, seed);
    new SparkDl4jMultiLayer(jsc, TrainBench.fresh(conf), tm).fit(Batches.of(chunk, plan.batch()));
    tm.deleteTempFiles(jsc);
  }

  private static void encode(List<BenchData.Labelled> texts, CharEtl etl, int[][] x, int[] y) {
    for (int i = 0; i < x.length; i++) {
      x[i] = etl.encode(texts.get(i).text());
      y[i] = texts.get(i).label();
    }
  }

  private static INDArray features(int[][] x) {
    float[] f = new float[x.length * LENGTH];
    for (int i = 0; i < x.length; i++) for (int t = 0; t < LENGTH; t++) f[i * LENGTH + t] = x[i][t];
    return Nd4j.create(f, new long[] {x.length, LENGTH}, 'c');
  }

  static Point evaluate(MultiLayerNetwork net, INDArray features, int[] labels, long seen, double seconds) {
    double[] p = new double[labels.length];
    for (int start = 0; start < labels.length; start += 256) {
      int end = Math.min(labels.length, start + 256);
      INDArray out = net.output(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
          org.nd4j.linalg.indexing.NDArrayIndex.all()), false);
      for (int i = start; i < end; i++) p[i] = out.getDouble(i - start, 0);
    }
    return new Point(seen, seconds, auc(p, labels), logLoss(p, labels));
  }

  /** Exact ROC AUC by ranks, ties counted half (the Mann-Whitney statistic); as bench_pytorch.py. */
  static double auc(double[] p, int[] y) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
    double rankSum = 0;
    long pos = 0;
    for (int i = 0; i < p.length; ) {
      int j = i;
      while (j + 1 < p.length && p[order[j + 1]] == p[order[i]]) j++;
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) if (y[order[k]] == 1) rankSum += rank;
      i = j + 1;
    }
    for (int v : y) pos += v;
    long neg = p.length - pos;
    if (pos == 0 || neg == 0) return Double.NaN;
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /** Mean binary cross-entropy, probabilities clipped to [1e-7, 1 - 1e-7]; as bench_pytorch.py. */
  static double logLoss(double[] p, int[] y) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
      s -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
    }
    return s / p.length;
  }

  static boolean reached(Point p, Plan plan) {
    return p.auc() >= plan.targetAuc() && p.loss() <= plan.targetLoss();
  }

  /**
   * Sequences and seconds to target, interpolated linearly inside the first evaluation interval
   * that ends on target: for each metric, the fraction of the interval at which it crossed its
   * target (0 when it already had at the interval's start); the later crossing counts.
   */
  static double[] toTarget(List<Point> curve, Plan plan) {
    for (int i = 0; i < curve.size(); i++) {
      Point b = curve.get(i);
      if (!reached(b, plan)) continue;
      Point a = i == 0 ? new Point(0, 0, 0.5, Double.NaN) : curve.get(i - 1);
      double fa = a.auc() >= plan.targetAuc() ? 0 : (plan.targetAuc() - a.auc()) / (b.auc() - a.auc());
      double fl = Double.isNaN(a.loss()) ? 1 : a.loss() <= plan.targetLoss() ? 0
          : (a.loss() - plan.targetLoss()) / (a.loss() - b.loss());
      double f = Math.max(0, Math.min(1, Math.max(fa, fl)));
      return new double[] {a.sequences() + f * (b.sequences() - a.sequences()), a.seconds() + f * (b.seconds() - a.seconds())};
    }
    return new double[] {Double.NaN, Double.NaN};
  }

  static Map<String, Object> row(String contender, String what, List<Point> curve, Plan plan) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("contender", contender);
    row.put("what", what);
    double[] t = toTarget(curve, plan);
    Point last = curve.get(curve.size() - 1);
    row.put("reached", !Double.isNaN(t[0]));
    row.put("sequences_to_target", t[0]);
    row.put("seconds_to_target", t[1]);
    row.put("sequences_trained", last.sequences());
    row.put("seconds_trained", last.seconds());
    row.put("seq_per_s", last.sequences() / last.seconds());
    row.put("final_auc", last.auc());
    row.put("final_loss", last.loss());
    List<Map<String, Object>> c = new ArrayList<>();
    for (Point p : curve) c.add(p.map());
    row.put("curve", c);
    return row;
  }

  private static double num(Map<String, Object> row, String key) {
    Object v = row == null ? null : row.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static String line(Map<String, Object> row) {
    return String.format(Locale.ROOT, "bench converge: %-16s %s: %,.0f sequences, %.1f s to target"
            + " (trained %,d sequences in %.1f s, %.0f seq/s; last AUC %.4f, loss %.4f)",
        row.get("contender"), Boolean.TRUE.equals(row.get("reached")) ? "reached" : "MISSED",
        (Double) row.get("sequences_to_target"), (Double) row.get("seconds_to_target"),
        (Long) row.get("sequences_trained"), (Double) row.get("seconds_trained"), (Double) row.get("seq_per_s"),
        (Double) row.get("final_auc"), (Double) row.get("final_loss"));
  }
}
