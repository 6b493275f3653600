package io.charspark.bench;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import io.charspark.etl.LmEtl;
import io.charspark.io.Json;
import io.charspark.model.FusedLstmLayer;
import io.charspark.model.NetworkFactory;
import io.charspark.inference.Batches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code train} suite (issue #6, rows 2, 3 and 5): the benchmark model trained
 *
 * <ul>
 *   <li>with plain DL4J ({@code MultiLayerNetwork.fit} on the driver) on one thread,
 *   <li>with {@code ParameterAveragingTrainingMaster} on the session's master (local[2]), one
 *       thread per worker, plus a small sweep of its knobs,
 *   <li>with PyTorch on CPU ({@code scripts/bench_pytorch.py}), one thread and two,
 * </ul>
 *
 * over the same sequences and minibatches, against the machine's measured SGEMM rate.
 *
 * <p>Thread limits are set at run time for the whole JVM ({@link NativeThreads}); Spark's local
 * executors are threads of this JVM, so one thread per ND4J op and per BLAS call gives each worker
 * one core. Every contender's CPU seconds per wall second is recorded as evidence (≈1 for one
 * thread, ≈2 for local[2]).
 */
final class TrainBench {
  static final int LENGTH = 256;
  static final int EMBEDDING = 50;
  static final int UNITS = 128;

  private TrainBench() {}

  /** One Spark configuration: minibatch per worker, averaging frequency, prefetch, approach. */
  record Point(String name, int batch, int averagingFrequency, int prefetch, String approach) {}

  record Plan(int sequences, int warmupBatches, Point base, List<Point> sweep, int gemmN, int gemmReps) {}

  static Plan plan(boolean quick) {
    if (quick) {
      // A few batches, one averaging round per fit, one sweep point (Export, the path most likely to break).
      Point base = new Point("base", 64, 2, 2, "direct");
      return new Plan(256, 2, base, List.of(new Point("export", 64, 2, 2, "export")), 512, 3);
    }
    // The project's defaults (train.averaging_frequency 5, prefetch 2, direct) at batch 64. 2,560
    // sequences: at averaging frequency 20 that is exactly one round of 20 minibatches per worker.
    Point base = new Point("base", 64, 5, 2, "direct");
    return new Plan(2560, 8, base, List.of(
        new Point("averaging_frequency_1", 64, 1, 2, "direct"),
        new Point("averaging_frequency_20", 64, 20, 2, "direct"),
        new Point("prefetch_0", 64, 5, 0, "direct"),
        new Point("export", 64, 5, 2, "export"),
        new Point("batch_32", 32, 5, 2, "direct"),
        new Point("batch_128", 128, 5, 2, "direct")), 1024, 5);
  }

  /** Forward FLOPs of the LSTM per sequence: per step 2 × 4H × (E + H) (the four gates' GEMMs). */
  static double lstmForwardFlops() {
    return (double) LENGTH * 2 * 4 * UNITS * (EMBEDDING + UNITS);
  }

  /** Training ≈ 3 × forward (forward, backward to inputs, backward to weights); dense head added. */
  static double trainFlopsPerSequence() {
    return 3 * (lstmForwardFlops() + 2.0 * UNITS);
  }

  static final String FLOPS_FORMULA = "train FLOPs/sequence = 3 × (L × 2 × 4H × (E + H) + 2H), L=" + LENGTH
      + ", E=" + EMBEDDING + ", H=" + UNITS + " (gate GEMMs only: activations, element-wise gate math,"
      + " embedding lookup and the optimizer step are not counted)";

  static Map<String, Object> run(SparkSession spark, Bench.Options o, Path work, Path finalDir, Path scratch,
      Map<String, Object> keys, Consumer<String> log) {
    NativeThreads.Snapshot before = NativeThreads.current();
    try {
      return suite(spark, o, work, finalDir, scratch, keys, log);
    } finally {
      NativeThreads.restore(before);
    }
  }

  private static Map<String, Object> suite(SparkSession spark, Bench.Options o, Path work, Path finalDir,
      Path scratch, Map<String, Object> keys, Consumer<String> log) {
    Plan plan = plan(o.quick());
    int reps = o.reps();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = jsc.defaultParallelism();
    String master = spark.sparkContext().master();

    // Data: labelled real text, ETL'd by the Java twin of the Spark ETL to length 256, post-truncated.
    List<BenchData.Labelled> texts = BenchData.labelled(plan.sequences(), o.seed() + 2);
    CharEtl etl = new CharEtl(LENGTH, false);
    int n = texts.size();
    int[][] x = new int[n][];
    int[] y = new int[n];
    long positives = 0;
    for (int i = 0; i < n; i++) {
      x[i] = etl.encode(texts.get(i).text());
      y[i] = texts.get(i).label();
      positives += y[i];
    }
    Path dataDir = work.resolve("train-data");
    writeData(dataDir, x, y, o.seed() + 2);
    String dataForCommand = finalDir.resolve("train-data").toString();

    CharsparkConfig cfg = CharsparkConfig.load(null, List.of("etl.max_length=" + LENGTH, "model.arch=lstm",
        "model.lstm_units=" + UNITS, "model.embedding_dim=" + EMBEDDING, "optimizer.name=rmsprop",
        "optimizer.learning_rate=0.001", "seed=" + o.seed(), "model.lstm_impl=fused"));
    // Every DL4J row uses charspark's fused LSTM (the product's default on CPU); one more row
    // (dl4j_lstm_1thread) trains the same model with DL4J's own LSTM layer for comparison.
    MultiLayerConfiguration conf = NetworkFactory.spoilers(cfg);
    MultiLayerConfiguration dl4jLstmConf = NetworkFactory.spoilers(CharsparkConfig.load(null, List.of(
        "etl.max_length=" + LENGTH, "model.arch=lstm", "model.lstm_units=" + UNITS, "model.embedding_dim=" + EMBEDDING,
        "optimizer.name=rmsprop", "optimizer.learning_rate=0.001", "seed=" + o.seed(), "model.lstm_impl=dl4j")));
    long params = fresh(conf).numParams();
    double flops = trainFlopsPerSequence();
    log.accept(String.format(Locale.ROOT, "bench train: %,d sequences (%d%% Star Wars), length %d, model"
            + " Embedding(99->%d) -> LSTM(%d) -> last step -> Dense(1, sigmoid), %,d parameters, RMSprop 1e-3;"
            + " %.1f MFLOP per training sequence; %d Spark workers on %s; fused LSTM gate pass %s,"
            + " OPENBLAS_CORETYPE %s",
        n, Math.round(100.0 * positives / n), LENGTH, EMBEDDING, UNITS, params, flops / 1e6, workers, master,
        FusedLstmLayer.gatePass(), System.getenv("OPENBLAS_CORETYPE")));

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("sequences", n);
    r.put("positives", positives);
    r.put("data", "BenchData.labelled(seed " + (o.seed() + 2) + "): 2-4 datafaker quotes per text, label 1 ="
        + " Star Wars quotes; CharEtl(length " + LENGTH + ", post-truncated); kept in train-data/ for the PyTorch rows");
    r.put("model", Map.of("embedding", "99->" + EMBEDDING, "lstm_units", UNITS, "head", "last step -> Dense(1, sigmoid)",
        "length", LENGTH, "optimizer", "RMSprop lr 1e-3", "parameters", params));
    r.put("flops_formula", FLOPS_FORMULA);
    r.put("fused_lstm_gate_pass", FusedLstmLayer.gatePass());
    r.put("openblas_coretype", System.getenv("OPENBLAS_CORETYPE"));
    r.put("train_flops_per_sequence", flops);
    r.put("spark_workers", workers);
    r.put("plan", plan);
    r.put("reps", reps);
    r.put("warm_up", "DL4J single thread and PyTorch: " + plan.warmupBatches() + " minibatches; Spark: one"
        + " full fit of the same RDD (so Export reuses its exported files, as in epochs 2+); GEMM: 3 calls");

    // 5. The physical limit: SGEMM rate, one thread and two.
    Map<String, Object> gemm = new LinkedHashMap<>();
    Map<String, Object> g1 = gemm(plan.gemmN(), plan.gemmN(), plan.gemmN(), 1, plan.gemmReps(), o.seed());
    Map<String, Object> g2 = gemm(plan.gemmN(), plan.gemmN(), plan.gemmN(), 2, plan.gemmReps(), o.seed());
    // The shape of one LSTM step's recurrent product: [batch, H] x [H, 4H].
    Map<String, Object> gStep = gemm(64, UNITS, 4 * UNITS, 1, plan.gemmReps(), o.seed());
    gemm.put("square_1thread", g1);
    gemm.put("square_2threads", g2);
    gemm.put("lstm_step_shape_1thread", gStep);
    gemm.put("how", "Nd4j.gemm(A, B, C) on float matrices, " + plan.gemmReps() + " timed blocks after 3 warm-up calls;"
        + " GFLOP/s = 2mkn × calls / seconds");
    r.put("sgemm", gemm);
    double peak1 = (Double) g1.get("gflops_median");
    double peak2 = (Double) g2.get("gflops_median");
    log.accept(String.format(Locale.ROOT, "bench train: SGEMM %dx%d: %.1f GFLOP/s on 1 thread, %.1f on 2;"
            + " at the LSTM step shape 64x%dx%d: %.1f GFLOP/s on 1 thread",
        plan.gemmN(), plan.gemmN(), peak1, peak2, UNITS, 4 * UNITS, (Double) gStep.get("gflops_median")));

    NativeThreads.set(1);
    r.put("threads", NativeThreads.describe());
    List<Map<String, Object>> table = new ArrayList<>();

    // 2a. Plain DL4J on one thread, for every batch size the Spark rows use.
    Set<Integer> batchSizes = new LinkedHashSet<>();
    batchSizes.add(plan.base().batch());
    for (Point p : plan.sweep()) batchSizes.add(p.batch());
    Map<Integer, Double> single = new LinkedHashMap<>();
    Map<String, Object> singleRows = new LinkedHashMap<>();
    for (int batch : batchSizes) {
      Map<String, Object> row = single(conf, "dl4j_1thread", "plain MultiLayerNetwork.fit, fused LSTM, 1 thread",
          x, y, batch, plan, reps, n, flops, peak1, o.command());
      singleRows.put("batch_" + batch, row);
      single.put(batch, (Double) row.get("seq_per_s_median"));
      table.add(row);
      log.accept(line(row));
    }
    // The same model with DL4J's own LSTM layer, at the base batch only (it is 3-4x slower).
    Map<String, Object> oldRow = single(dl4jLstmConf, "dl4j_lstm_1thread",
        "plain MultiLayerNetwork.fit, DL4J's LSTM layer, 1 thread", x, y, plan.base().batch(), plan, reps, n, flops,
        peak1, o.command());
    table.add(oldRow);
    log.accept(line(oldRow));
    r.put("dl4j_lstm_1thread", oldRow);
    double dl4jLstm1 = (Double) oldRow.get("seq_per_s_median");
    keys.put("train.fused_over_dl4j_lstm_1thread", single.get(plan.base().batch()) / dl4jLstm1);
    r.put("dl4j_1thread", singleRows);
    double dl4j1 = single.get(plan.base().batch());

    // 2b. ParameterAveragingTrainingMaster on the session's master, base point then the sweep.
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("label", DataTypes.IntegerType, false);
    List<Row> rowList = new ArrayList<>(n);
    for (int i = 0; i < n; i++) rowList.add(RowFactory.create(x[i], y[i]));
    // Exactly `workers` equal slices, cached: every partition yields whole minibatches.
    Dataset<Row> rows = spark.createDataFrame(jsc.parallelize(rowList, workers), schema)
        .persist(StorageLevel.MEMORY_ONLY());
    rows.count();
    List<Map<String, Object>> sweep = new ArrayList<>();
    try {
      List<Point> points = new ArrayList<>();
      points.add(plan.base());
      points.addAll(plan.sweep());
      Map<String, Object> base = null;
      for (Point p : points) {
        Map<String, Object> row = spark(jsc, conf, rows, p, n, workers, reps, o.seed(), scratch, flops, peak2,
            o.command());
        double eff = ((Double) row.get("seq_per_s_median")) / (workers * single.get(p.batch()));
        row.put("scaling_efficiency", eff);
        row.put("efficiency_formula", "Spark seq/s ÷ (" + workers + " × plain DL4J 1-thread seq/s at batch " + p.batch() + ")");
        if (p == plan.base()) base = row;
        else sweep.add(row);
        table.add(row);
        log.accept(line(row));
      }
      r.put("spark", base);
      r.put("spark_sweep", sweep);
      keys.put("train.scaling_efficiency", base.get("scaling_efficiency"));
    } finally {
      rows.unpersist();
    }
    keys.put("train.dl4j_1thread_sgemm_fraction", ((Map<?, ?>) singleRows.get("batch_" + plan.base().batch())).get("fraction_of_sgemm"));
    keys.put("train.spark_local2_sgemm_fraction", ((Map<?, ?>) r.get("spark")).get("fraction_of_sgemm"));

    // 3. The PyTorch peer, same data and batch, one thread and two.
    String why = PyTorchPeer.unavailable();
    if (why != null) {
      r.put("pytorch", "skipped: " + why);
      log.accept("bench train: pytorch skipped: " + why);
    } else {
      Map<String, Object> torch = new LinkedHashMap<>();
      int batch = plan.base().batch();
      // One thread, two threads, and one thread with denormals flushed to zero
      // (torch.set_flush_denormal): the default keeps IEEE denormals, whose slow arithmetic slowed
      // its first passes on this model about 10x.
      for (int[] variant : new int[][] {{1, 0}, {2, 0}, {1, 1}}) {
        int threads = variant[0];
        boolean flush = variant[1] == 1;
        List<String> args = new ArrayList<>(PyTorchPeer.args(dataDir.toString(), threads, batch, reps,
            plan.warmupBatches(), o.seed(), plan.gemmN()));
        List<String> cmdArgs = new ArrayList<>(PyTorchPeer.args(dataForCommand, threads, batch, reps,
            plan.warmupBatches(), o.seed(), plan.gemmN()));
        if (flush) {
          args.add("--flush-denormal");
          cmdArgs.add("--flush-denormal");
        }
        Map<String, Object> res = PyTorchPeer.run(args, threads, s -> log.accept("  " + s));
        String name = threads + "thread" + (threads > 1 ? "s" : "") + (flush ? "_flush_denormal" : "");
        Map<String, Object> row = torchRow("pytorch_" + name,
            "PyTorch " + res.get("torch") + " CPU, " + (flush ? "one thread, torch.set_flush_denormal(True)"
                : "torch.set_num_threads(" + threads + ")"), batch, res, flops,
            threads == 1 ? peak1 : peak2,
            PyTorchPeer.command(cmdArgs, threads) + "  (data written by: " + o.command() + ")");
        row.put("env", PyTorchPeer.env(threads));
        if (Boolean.TRUE.equals(res.get("blas_is_reference"))) {
          row.put("blas_warning", "torch runs on the reference BLAS " + res.get("blas_libraries_loaded")
              + ": install libopenblas0-pthread for a fair peer");
          log.accept("bench train: warning: " + row.get("blas_warning"));
        }
        torch.put(name, row);
        table.add(row);
        log.accept(line(row));
      }
      double tf = (Double) ((Map<?, ?>) torch.get("1thread_flush_denormal")).get("seq_per_s_median");
      torch.put("dl4j_1thread_over_pytorch_1thread_flush_denormal", dl4j1 / tf);
      keys.put("train.dl4j_over_pytorch_flush_denormal_1thread", dl4j1 / tf);
      double t1 = (Double) ((Map<?, ?>) torch.get("1thread")).get("seq_per_s_median");
      double t2 = (Double) ((Map<?, ?>) torch.get("2threads")).get("seq_per_s_median");
      torch.put("dl4j_1thread_over_pytorch_1thread", dl4j1 / t1);
      torch.put("spark_local2_over_pytorch_2threads", ((Double) ((Map<?, ?>) r.get("spark")).get("seq_per_s_median")) / t2);
      torch.put("pytorch_2threads_over_1thread", t2 / t1);
      r.put("pytorch", torch);
      keys.put("train.dl4j_over_pytorch_1thread", dl4j1 / t1);
      keys.put("train.dl4j_lstm_over_pytorch_1thread", dl4jLstm1 / t1);
      torch.put("dl4j_lstm_1thread_over_pytorch_1thread", dl4jLstm1 / t1);
    }
    // 4. The other recurrent models against their PyTorch equivalents: fused layer vs nn.LSTM.
    r.put("models", models(o, plan, x, y, work, finalDir, peak1, table, keys, log));
    r.put("table", table);
    printTable(table, log);
    return r;
  }

  /** The language model's context window and LSTM size (issue #14: "LSTM 256, window 40, batch 64"). */
  static final int LM_WINDOW = 40;
  static final int LM_UNITS = 256;

  /**
   * Rows for the spoilers {@code bilstm} (Embedding 99→50 → Bidirectional(LSTM 128, concat) → max
   * over time → Dense(1, sigmoid), length 256) and the showerthoughts language model (Embedding
   * 100→50 → LSTM 256 → last step → Dense(100, softmax), window 40, dropout off on both sides): the
   * fused layer on one thread beside PyTorch's {@code nn.LSTM(bidirectional=True)} and LM on one
   * thread, same data, batch and order. Keys {@code train.bilstm_over_pytorch_1thread} and
   * {@code train.lm_over_pytorch_1thread}.
   */
  private static Map<String, Object> models(Bench.Options o, Plan plan, int[][] x, int[] y, Path work,
      Path finalDir, double peak1, List<Map<String, Object>> table, Map<String, Object> keys, Consumer<String> log) {
    Map<String, Object> out = new LinkedHashMap<>();
    int reps = o.reps();
    int batch = plan.base().batch();
    String why = PyTorchPeer.unavailable();

    // bilstm on the first sequences of the lstm rows (640: PyTorch's bidirectional pass is the slowest row).
    int biN = Math.min(x.length, o.quick() ? 256 : 640);
    int[][] bx = java.util.Arrays.copyOf(x, biN);
    int[] by = java.util.Arrays.copyOf(y, biN);
    CharsparkConfig bi = CharsparkConfig.load(null, List.of("etl.max_length=" + LENGTH, "model.arch=bilstm",
        "model.bilstm_units=" + UNITS, "model.embedding_dim=" + EMBEDDING, "optimizer.name=rmsprop",
        "optimizer.learning_rate=0.001", "seed=" + o.seed(), "model.lstm_impl=fused"));
    double biFlops = 2 * trainFlopsPerSequence();
    out.put("bilstm", modelRows("bilstm", NetworkFactory.spoilers(bi), bx, by, 1, CharEtl.VOCAB_SIZE, UNITS, biFlops,
        "labels.u8: uint8 [sequences], 1 = Star Wars", o, plan, batch, reps, work, finalDir, peak1, why, table, keys, log));

    // The language model: (40-character window → next character) pairs of the benchmark texts.
    int lmPairs = o.quick() ? 1024 : 8192;
    List<int[]> pairs = new ArrayList<>();
    for (String text : BenchData.texts(2L * lmPairs, o.seed() + 3)) {
      for (int[] p : LmEtl.pairs(text, LM_WINDOW, 1, true)) {
        pairs.add(p);
        if (pairs.size() == lmPairs) break;
      }
      if (pairs.size() == lmPairs) break;
    }
    int classes = LmEtl.classes(true);
    int[][] lx = new int[pairs.size()][];
    int[] ly = new int[pairs.size()];
    for (int i = 0; i < lx.length; i++) {
      lx[i] = java.util.Arrays.copyOf(pairs.get(i), LM_WINDOW);
      ly[i] = pairs.get(i)[LM_WINDOW];
    }
    CharsparkConfig lm = CharsparkConfig.load(null, List.of("lm.window=" + LM_WINDOW, "model.lm_units=" + LM_UNITS,
        "model.embedding_dim=" + EMBEDDING, "model.lm_dropout=0", "model.lm_recurrent_dropout=0",
        "optimizer.name=rmsprop", "optimizer.learning_rate=0.001", "seed=" + o.seed(), "model.lstm_impl=fused"));
    double lmFlops = 3 * ((double) LM_WINDOW * 2 * 4 * LM_UNITS * (EMBEDDING + LM_UNITS) + 2.0 * LM_UNITS * classes);
    out.put("lm", modelRows("lm", NetworkFactory.languageModel(lm), lx, ly, classes, classes, LM_UNITS, lmFlops,
        "labels.u8: uint8 [sequences], the next character's index (" + classes + " classes)", o, plan, batch, reps,
        work, finalDir, peak1, why, table, keys, log));
    return out;
  }

  private static Map<String, Object> modelRows(String model, MultiLayerConfiguration conf, int[][] x, int[] y,
      int classes, int vocab, int units, double flops, String labels, Bench.Options o, Plan plan, int batch, int reps,
      Path work, Path finalDir, double peak1, String why, List<Map<String, Object>> table, Map<String, Object> keys,
      Consumer<String> log) {
    Map<String, Object> r = new LinkedHashMap<>();
    int n = x.length;
    r.put("sequences", n);
    r.put("length", x[0].length);
    r.put("train_flops_per_sequence", flops);
    Map<String, Object> fused = single(conf, "fused_" + model + "_1thread",
        "plain MultiLayerNetwork.fit, fused LSTM, " + model + ", 1 thread", x, y, classes, batch, plan, reps, n, flops,
        peak1, o.command());
    table.add(fused);
    log.accept(line(fused));
    r.put("fused_1thread", fused);
    if (why != null) {
      r.put("pytorch", "skipped: " + why);
      return r;
    }
    Path dir = work.resolve("train-data-" + model);
    writeData(dir, x, y, o.seed(), model, vocab, units, classes, labels);
    List<String> args = PyTorchPeer.args(dir.toString(), 1, batch, reps, plan.warmupBatches(), o.seed(), 0);
    Map<String, Object> res = PyTorchPeer.run(args, 1, s -> log.accept("  " + s));
    double sps = ((Number) res.get("seq_per_s_median")).doubleValue();
    Map<String, Object> row = torchRow("pytorch_" + model + "_1thread",
        "PyTorch " + res.get("torch") + " CPU, " + model + ", torch.set_num_threads(1)", batch, res, flops, peak1,
        PyTorchPeer.command(PyTorchPeer.args(finalDir.resolve("train-data-" + model).toString(), 1,
            batch, reps, plan.warmupBatches(), o.seed(), 0), 1) + "  (data written by: " + o.command() + ")");
    table.add(row);
    log.accept(line(row));
    r.put("pytorch_1thread", row);
    double ratio = (Double) fused.get("seq_per_s_median") / sps;
    r.put("fused_over_pytorch_1thread", ratio);
    keys.put("train." + model + "_over_pytorch_1thread", ratio);
    return r;
  }

  /** Plain {@code MultiLayerNetwork.fit} on one thread over all minibatches of {@code batch}. */
  static Map<String, Object> single(MultiLayerConfiguration conf, String contender, String what, int[][] x, int[] y,
      int batch, Plan plan, int reps, int n, double flops, double peak1, String command) {
    return single(conf, contender, what, x, y, 1, batch, plan, reps, n, flops, peak1, command);
  }

  static Map<String, Object> single(MultiLayerConfiguration conf, String contender, String what, int[][] x, int[] y,
      int classes, int batch, Plan plan, int reps, int n, double flops, double peak1, String command) {
    List<DataSet> batches = dataSets(x, y, batch, classes);
    MultiLayerNetwork net = fresh(conf);
    int warm = Math.min(plan.warmupBatches(), batches.size());
    Timing t = Timing.measure(reps, () -> {
      for (DataSet ds : batches.subList(0, warm)) net.fit(ds);
      return -1;
    }, () -> {
      long examples = 0;
      for (DataSet ds : batches) {
        net.fit(ds);
        examples += ds.numExamples();
      }
      return examples;
    });
    Map<String, Object> row = row(contender, what, batch, t, n, flops, peak1, command);
    row.put("loss_after", net.score());
    return row;
  }

  static MultiLayerNetwork fresh(MultiLayerConfiguration conf) {
    MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
    net.init();
    return net;
  }

  /** Minibatches of {@code batch} (the last may be smaller), features [n, L] floats, labels [n, 1]. */
  static List<DataSet> dataSets(int[][] x, int[] y, int batch) {
    return dataSets(x, y, batch, 1);
  }

  /**
   * Minibatches of {@code batch} (the last may be smaller): features {@code [m, length]} floats;
   * labels {@code [m, 1]} (classes = 1, binary) or one-hot {@code [m, classes]}.
   */
  static List<DataSet> dataSets(int[][] x, int[] y, int batch, int classes) {
    List<DataSet> out = new ArrayList<>();
    int length = x[0].length;
    for (int start = 0; start < x.length; start += batch) {
      int m = Math.min(batch, x.length - start);
      float[] f = new float[m * length];
      float[] l = new float[m * classes];
      for (int i = 0; i < m; i++) {
        for (int t = 0; t < length; t++) f[i * length + t] = x[start + i][t];
        if (classes == 1) l[i] = y[start + i];
        else l[i * classes + y[start + i]] = 1;
      }
      out.add(new DataSet(Nd4j.create(f, new long[] {m, length}, 'c'), Nd4j.create(l, new long[] {m, classes}, 'c')));
    }
    return out;
  }

  static Map<String, Object> spark(JavaSparkContext jsc, MultiLayerConfiguration conf, Dataset<Row> rows, Point p,
      int n, int workers, int reps, long seed, Path scratch, double flops, double peak2, String command) {
    MultiLayerNetwork net = fresh(conf);
    Path export = scratch.resolve("export-" + p.name());
    ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(p.batch())
        .batchSizePerWorker(p.batch())
        .averagingFrequency(p.averagingFrequency())
        .workerPrefetchNumBatches(p.prefetch())
        .saveUpdater(true) // as the project's trainer: RMSprop state is averaged too
        .rddTrainingApproach(p.approach().equals("export") ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
        .exportDirectory(export.toUri().toString())
        .rngSeed(seed)
        .build();
    SparkDl4jMultiLayer sdl = new SparkDl4jMultiLayer(jsc, net, tm);
    JavaRDD<DataSet> data = Batches.of(rows, p.batch());
    try {
      long[] iterations = new long[1];
      Timing t = Timing.measure(reps, () -> {
        int before = sdl.getNetwork().getIterationCount();
        sdl.fit(data);
        iterations[0] = sdl.getNetwork().getIterationCount() - before;
        return n;
      });
      Map<String, Object> row = row("spark_" + p.name(), "ParameterAveragingTrainingMaster on " + jsc.master()
          + ", 1 thread per worker", p.batch(), t, n, flops, peak2, command);
      row.put("averaging_frequency", p.averagingFrequency());
      row.put("prefetch", p.prefetch());
      row.put("approach", p.approach());
      row.put("workers", workers);
      row.put("network_iterations_per_fit", iterations[0]);
      row.put("loss_after", sdl.getScore());
      return row;
    } finally {
      tm.deleteTempFiles(jsc);
    }
  }

  /** A PyTorch row from {@code bench_pytorch.py}'s JSON {@code res}, in the columns of {@link #row}. */
  static Map<String, Object> torchRow(String contender, String what, int batch, Map<String, Object> res,
      double flops, double peak, String command) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("contender", contender);
    row.put("what", what);
    row.put("batch", batch);
    double sps = ((Number) res.get("seq_per_s_median")).doubleValue();
    row.put("seq_per_s_median", sps);
    row.put("seq_per_s_min", ((Number) res.get("seq_per_s_min")).doubleValue());
    row.put("seq_per_s_max", ((Number) res.get("seq_per_s_max")).doubleValue());
    row.put("cpu_per_wall_median", ((Number) res.get("cpu_per_wall_median")).doubleValue());
    row.put("achieved_gflops", sps * flops / 1e9);
    row.put("fraction_of_sgemm", sps * flops / 1e9 / peak);
    row.put("command", command);
    row.put("result", res);
    return row;
  }

  static Map<String, Object> row(String contender, String what, int batch, Timing t, int n, double flops,
      double peak, String command) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("contender", contender);
    row.put("what", what);
    row.put("batch", batch);
    Map<String, Object> d = t.describe("seq", n);
    row.putAll(d);
    double sps = (Double) d.get("seq_per_s_median");
    row.put("achieved_gflops", sps * flops / 1e9);
    row.put("fraction_of_sgemm", sps * flops / 1e9 / peak);
    row.put("command", command);
    return row;
  }

  static String line(Map<String, Object> row) {
    return String.format(Locale.ROOT, "bench train: %-30s batch %3d: %7.1f seq/s (%.1f-%.1f), %5.1f GFLOP/s = %4.1f%%"
            + " of SGEMM, cpu/wall %.2f%s",
        row.get("contender"), (Integer) row.get("batch"), (Double) row.get("seq_per_s_median"),
        (Double) row.get("seq_per_s_min"), (Double) row.get("seq_per_s_max"), (Double) row.get("achieved_gflops"),
        100 * (Double) row.get("fraction_of_sgemm"), (Double) row.get("cpu_per_wall_median"),
        row.containsKey("scaling_efficiency")
            ? String.format(Locale.ROOT, ", efficiency %.2f", (Double) row.get("scaling_efficiency")) : "");
  }

  static void printTable(List<Map<String, Object>> table, Consumer<String> log) {
    log.accept("");
    log.accept(String.format(Locale.ROOT, "%-30s %5s %4s %3s %-6s %8s %17s %6s %7s %6s %5s",
        "train contender", "batch", "avg", "pf", "appr", "seq/s", "(min-max)", "eff", "GFLOP/s", "%SGEMM", "cpu"));
    for (Map<String, Object> row : table) {
      log.accept(String.format(Locale.ROOT, "%-30s %5d %4s %3s %-6s %8.1f %17s %6s %7.1f %6.1f %5.2f",
          row.get("contender"), (Integer) row.get("batch"), str(row.get("averaging_frequency")), str(row.get("prefetch")),
          str(row.get("approach")), (Double) row.get("seq_per_s_median"),
          String.format(Locale.ROOT, "(%.1f-%.1f)", (Double) row.get("seq_per_s_min"), (Double) row.get("seq_per_s_max")),
          row.containsKey("scaling_efficiency") ? String.format(Locale.ROOT, "%.2f", (Double) row.get("scaling_efficiency")) : "-",
          (Double) row.get("achieved_gflops"), 100 * (Double) row.get("fraction_of_sgemm"), (Double) row.get("cpu_per_wall_median")));
    }
  }

  private static String str(Object o) {
    return o == null ? "-" : o.toString();
  }

  /** SGEMM GFLOP/s of {@code [m, k] x [k, n]} with {@code threads} BLAS threads. */
  static Map<String, Object> gemm(int m, int k, int nCols, int threads, int reps, long seed) {
    NativeThreads.set(threads);
    Nd4j.getRandom().setSeed(seed);
    INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
    INDArray b = Nd4j.rand(DataType.FLOAT, k, nCols);
    INDArray c = Nd4j.create(DataType.FLOAT, m, nCols);
    double perCall = 2.0 * m * k * nCols;
    int calls = (int) Math.max(1, Math.min(100_000, 2e10 / perCall)); // ~0.15 s per block at 130 GFLOP/s
    for (int i = 0; i < 3; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    List<Double> rates = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      double c0 = Timing.processCpuSeconds();
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      double s = (System.nanoTime() - t0) / 1e9;
      cpu.add((Timing.processCpuSeconds() - c0) / s);
      rates.add(perCall * calls / s / 1e9);
    }
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("shape", m + "x" + k + " * " + k + "x" + nCols);
    g.put("threads", threads);
    g.put("blas_threads_read_back", Nd4j.factory().blas().getMaxThreads());
    g.put("calls_per_block", calls);
    g.put("gflops_median", Timing.median(rates));
    g.put("gflops_min", rates.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
    g.put("gflops_max", rates.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    g.put("runs", reps);
    g.put("cpu_per_wall_median", Timing.median(cpu));
    return g;
  }

  /** features.u8 ([n, L] character indices < 256), labels.u8 ([n]) and meta.json for the PyTorch script. */
  static void writeData(Path dir, int[][] x, int[] y, long seed) {
    writeData(dir, x, y, seed, "lstm", CharEtl.VOCAB_SIZE, UNITS, 1,
        "labels.u8: uint8 [sequences], 1 = Star Wars");
  }

  /**
   * The sequences for {@code scripts/bench_pytorch.py}: features.u8 (uint8 {@code [n, length]}),
   * labels.u8 (uint8 {@code [n]}) and meta.json naming the model ("lstm", "bilstm" or "lm"), the
   * input vocabulary, units and output classes (1: binary).
   */
  static void writeData(Path dir, int[][] x, int[] y, long seed, String model, int vocab, int units, int classes,
      String labels) {
    try {
      Files.createDirectories(dir);
      int length = x[0].length;
      byte[] f = new byte[x.length * length];
      byte[] l = new byte[x.length];
      for (int i = 0; i < x.length; i++) {
        for (int t = 0; t < length; t++) f[i * length + t] = (byte) x[i][t];
        l[i] = (byte) y[i];
      }
      Files.write(dir.resolve("features.u8"), f);
      Files.write(dir.resolve("labels.u8"), l);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("model", model);
      meta.put("sequences", x.length);
      meta.put("length", length);
      meta.put("vocab", vocab);
      meta.put("embedding", EMBEDDING);
      meta.put("units", units);
      meta.put("classes", classes);
      meta.put("seed", seed);
      meta.put("format", "features.u8: uint8 [sequences, length] row-major character indices (CharEtl, pad "
          + CharEtl.PAD + "); " + labels);
      Json.write(dir.resolve("meta.json"), meta);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dir, e);
    }
  }
}
