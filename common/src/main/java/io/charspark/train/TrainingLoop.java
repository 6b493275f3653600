package io.charspark.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Provenance;
import io.charspark.data.ShardDirectory;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import io.charspark.metrics.MetricSupport;
import io.charspark.model.ModelDirectory;
import io.charspark.model.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import io.charspark.model.LstmImpl;
import io.charspark.model.Nets;
import io.charspark.model.Network;
import io.charspark.report.ModelReport;
import io.charspark.report.TrainingCharts;
import io.charspark.spark.Progress;
import io.charspark.workload.SchemaTask;
import io.charspark.workload.TrainingTask;
import io.charspark.workload.Workload;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The {@code train} job: shards → character ETL → parameter-averaging epochs, each followed by
 * validation (loss, accuracy, ROC AUC), a progress line, an atomic checkpoint, and an early-stopping
 * decision on validation loss. The best epoch's model is the one kept. {@code --resume} continues an
 * interrupted run from its last checkpoint (weights and updater state), not from scratch.
 */
public final class TrainingLoop {
  public static final String HISTORY = "history.csv";
  public static final String STATE = "state.json";

  /** Progress of a run, saved after each epoch so {@code --resume} can continue it. */
  public static class State {
    @JsonProperty("epochs_done") public int epochsDone;
    @JsonProperty("best_epoch") public int bestEpoch;
    @JsonProperty("best_val_loss") public double bestValLoss = Double.POSITIVE_INFINITY;
    @JsonProperty("epochs_without_improvement") public int badEpochs;
    @JsonProperty("stopped_early") public boolean stoppedEarly;
    /** Stopped by {@code train.max_minutes} (this invocation's budget; a resume starts a new one). */
    @JsonProperty("stopped_by_time") public boolean stoppedByTime;

    /**
     * Records epoch {@code epoch}'s validation loss and decides whether to go on: early stopping
     * after {@code patience} epochs without improvement, and the time budget ({@code maxMinutes >
     * 0}: stop once {@code elapsedMinutes} reaches it, after this epoch). Returns whether the epoch
     * is the best so far (the one whose checkpoint becomes the model).
     */
    public boolean afterEpoch(int epoch, double valLoss, int patience, int epochs, double elapsedMinutes,
        double maxMinutes) {
      boolean best = valLoss < bestValLoss;
      if (best) {
        bestValLoss = valLoss;
        bestEpoch = epoch;
        badEpochs = 0;
      } else {
        badEpochs++;
      }
      epochsDone = epoch;
      stoppedEarly = badEpochs >= patience && epoch < epochs;
      stoppedByTime = !stoppedEarly && maxMinutes > 0 && elapsedMinutes >= maxMinutes && epoch < epochs;
      return best;
    }

    boolean finished(int epochs) {
      return stoppedEarly || stoppedByTime || epochsDone >= epochs;
    }
  }

  private TrainingLoop() {}

  public static ModelInfo run(
      SparkSession spark,
      CharsparkConfig cfg,
      String data,
      String model,
      boolean resume,
      boolean overwrite,
      Consumer<String> log) {
    ShardDirectory shards = preflight(cfg, data, model, resume, overwrite);
    TrainingTask task = task(spark, cfg, shards, log);
    String header = header(task);
    OutputDir out = resume ? OutputDir.resume(model) : OutputDir.create(model, overwrite);
    Dataset<Row> train = null;
    DistributedTrainer trainer = null;
    try {
      Path ckpts = out.resolve("checkpoints");
      Files.createDirectories(ckpts);
      State state = resume ? Json.read(out.resolve(STATE), State.class) : new State();
      if (!resume) {
        cfg.saveTo(out.resolve(ModelDirectory.CONFIG));
        Json.write(out.resolve(STATE), state);
      }
      if (task instanceof SchemaTask st) checkFittedSchema(st.fitted().toJson(), out.resolve(SchemaTask.FITTED), resume, data);
      Model net;
      if (resume) {
        checkResumable(cfg, out.resolve(ModelDirectory.CONFIG));
        // A crash between the history line and the state leaves one line too many: the state wins.
        truncateHistory(out.resolve(HISTORY), state.epochsDone);
      }
      if (resume && state.epochsDone > 0) {
        // A checkpoint written with DL4J's LSTM resumes with the configured implementation.
        net = LstmImpl.resolve(cfg.model.lstmImpl())
            .convert(Nets.restore(checkpoint(ckpts, state.epochsDone).toFile(), true));
        log.accept("train: resuming after epoch " + state.epochsDone + " (best epoch "
            + state.bestEpoch + ", val_loss " + fmt(state.bestValLoss) + ")");
      } else {
        net = task.network().dl4j();
        Files.writeString(out.resolve(HISTORY), header, StandardCharsets.UTF_8);
      }
      state.stoppedByTime = false;
      int workers = spark.sparkContext().defaultParallelism();
      // Resumed too: the schedule follows this run's workers, at the checkpoint's iteration count.
      LearningRates.apply(net, LearningRates.schedule(cfg.optimizer.learningRate(),
          LearningRates.factor(cfg.train.lrScaling(), workers), cfg.train.warmupSteps()));
      log.accept("train: " + cfg.workload + " " + (cfg.isLanguageModel() ? "lstm_lm" : cfg.model.arch())
          + (task instanceof SchemaTask ? " typed schema" : "")
          + (Nets.isGraph(net) ? " (graph, " + ((ComputationGraph) net).getNumOutputArrays() + " outputs)" : "")
          + " with " + net.numParams() + " parameters, " + cfg.optimizer.name() + "("
          + cfg.optimizer.learningRate() + ")");

      if (!cfg.isLanguageModel() && !(task instanceof SchemaTask)) {
        String few = MetricSupport.warning("validation", MetricSupport.fewPositives(
            shards.manifest(), "validation", cfg.isToxic() ? cfg.toxic.labels() : null, cfg.input.labelField()));
        if (!few.isEmpty()) log.accept("train: warning: " + few);
      }

      int parts = cfg.train.partitions() > 0
          ? cfg.train.partitions() : spark.sparkContext().defaultParallelism();
      spark.sparkContext().setJobGroup("train-etl", "character ETL of train split", false);
      train = task.trainingRows(spark).repartition(parts).persist(StorageLevel.MEMORY_AND_DISK());
      long trainRows = train.count();
      log.accept("train: " + trainRows + " training sequences in " + parts + " partitions");
      int batch = cfg.train.batchSize(trainRows, workers);
      plan(trainRows, workers, batch, cfg, unit(task)).forEach(log);

      long loopStart = System.nanoTime();
      int first = state.epochsDone + 1;
      for (int epoch = first; epoch <= cfg.train.epochs() && !state.stoppedEarly && !state.stoppedByTime; epoch++) {
        long t0 = System.nanoTime();
        // One trainer per epoch, seeded by (seed, epoch): DL4J's training master draws the seed of
        // its data split from its own RNG once per fit, so a trainer kept across epochs would give
        // a resumed run (whose first fit is epoch k) other splits than the uninterrupted run.
        if (trainer != null) trainer.close();
        trainer = new ParameterAveragingTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), net,
            cfg.train, workers, batch, epochSeed(cfg.seed, epoch));
        spark.sparkContext().setJobGroup("train-epoch-" + epoch, "fit epoch " + epoch, false);
        DistributedTrainer fitting = trainer;
        String what = "epoch " + epoch + "/" + cfg.train.epochs();
        Progress.Rate rate = new Progress.Rate();
        try (Progress p = Progress.of(cfg.train.progressSeconds(), log,
            () -> what + ": " + rate.line(fitting.sequencesDone(), trainRows, unit(task))
                + String.format(Locale.ROOT, ", train_loss %.4f", fitting.meanLoss()))) {
          net = trainer.fitEpoch(task.batches(train, batch));
        }
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        // The mean over the epoch's minibatches (all workers); the last minibatch's score only if
        // the hook saw nothing (it always runs on parameter averaging's workers).
        double trainLoss = Double.isNaN(trainer.meanLoss()) ? trainer.lastScore() : trainer.meanLoss();
        spark.sparkContext().setJobGroup("validate-" + epoch, "validate epoch " + epoch, false);
        TrainingTask.Validation v;
        try (Progress p = Progress.tasks(spark.sparkContext(), "validate epoch " + epoch,
            cfg.train.progressSeconds(), log)) {
          v = task.validate(spark, Network.of(net));
        }
        if (Double.isNaN(v.loss()) || Double.isInfinite(v.loss())) {
          throw new IllegalStateException("Validation loss of epoch " + epoch + " is " + v.loss()
              + ": training diverged (try a lower optimizer.learning_rate); checkpoints up to epoch "
              + state.epochsDone + " are kept for --resume");
        }
        boolean best = state.afterEpoch(epoch, v.loss(), cfg.train.patience(), cfg.train.epochs(),
            (System.nanoTime() - loopStart) / 60e9, cfg.train.maxMinutes());
        saveAtomically(net, checkpoint(ckpts, epoch));
        double secs = (System.nanoTime() - t0) / 1e9;
        appendHistory(out.resolve(HISTORY), epoch, trainLoss, v, secs, trainRows / trainSecs, best);
        Json.write(out.resolve(STATE), state);
        TrainingCharts.update(out.work(), log);
        // A remote model directory gets this epoch's checkpoint, history and state now, so a
        // resumed run (possibly on another driver) finds them.
        out.sync();
        double perEpoch = (System.nanoTime() - loopStart) / 1e9 / (epoch - first + 1);
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < v.metrics().length; i++) {
          metrics.append(String.format(Locale.ROOT, "  val_%s %.4f", task.metricNames().get(i), v.metrics()[i]));
        }
        log.accept(String.format(Locale.ROOT,
            "epoch %d/%d  train_loss %.4f  val_loss %.4f%s  %.0f seq/s  %.1fs  ETA %s%s",
            epoch, cfg.train.epochs(), trainLoss, v.loss(), metrics, trainRows / trainSecs, secs,
            eta(perEpoch * (cfg.train.epochs() - epoch)), best ? "  [best]" : ""));
        if (state.stoppedEarly) {
          log.accept("train: early stop, no improvement of val_loss for " + state.badEpochs
              + " epoch(s); keeping epoch " + state.bestEpoch);
        }
        if (state.stoppedByTime) {
          log.accept(String.format(Locale.ROOT,
              "train: time budget train.max_minutes = %s reached after epoch %d (%.1f min); keeping epoch %d",
              fmtMinutes(cfg.train.maxMinutes()), epoch, (System.nanoTime() - loopStart) / 60e9, state.bestEpoch));
        }
      }
      Files.copy(checkpoint(ckpts, state.bestEpoch), out.resolve(ModelDirectory.MODEL),
          StandardCopyOption.REPLACE_EXISTING);
      ModelInfo info = info(spark, cfg, data, state, task);
      Json.write(out.resolve(ModelDirectory.INFO), info);
      Json.write(out.resolve("metrics.json"), bestMetrics(out.resolve(HISTORY), state.bestEpoch, header));
      ModelReport.update(out.work(), log);
      out.commit();
      log.accept("train: model written to " + model + " (best epoch " + state.bestEpoch
          + ", val_loss " + fmt(state.bestValLoss) + ")");
      return info;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (trainer != null) trainer.close();
      if (train != null) train.unpersist();
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * Everything {@link #run} checks before it reads data, with no Spark session (the {@code train}
   * command calls it before starting Spark): {@code data} is a shard directory of the workload with
   * non-empty train and validation splits; without {@code resume}, {@code model} is free (unless
   * {@code overwrite}) and holds no unfinished run (checkpoints of an interrupted run are never
   * deleted silently: {@code --resume} continues them, {@code --overwrite} discards them); with
   * {@code resume}, the unfinished run exists and its configuration matches {@code cfg}.
   *
   * @return the opened shard directory
   * @throws IllegalArgumentException or IllegalStateException with a one-line message naming the
   *     path and the option that would proceed
   */
  public static ShardDirectory preflight(CharsparkConfig cfg, String data, String model, boolean resume,
      boolean overwrite) {
    if (resume && overwrite) {
      throw new IllegalArgumentException("--resume and --overwrite exclude each other: --resume continues the"
          + " unfinished run of " + model + ", --overwrite discards it");
    }
    ShardDirectory shards = ShardDirectory.open(data, cfg.workload);
    shards.checkSplit("train");
    shards.checkSplit("validation");
    if (resume) {
      if (!OutputDir.hasUnfinished(model, STATE)) {
        throw new IllegalStateException("Nothing to resume for " + model + ": no unfinished run at "
            + OutputDir.inProgressPath(model));
      }
      if (OutputDir.isLocal(model)) {
        checkResumable(cfg, OutputDir.inProgressPath(OutputDir.localPath(model)).resolve(ModelDirectory.CONFIG));
      }
      return shards;
    }
    if (!overwrite && OutputDir.hasUnfinished(model, STATE)) {
      throw new IllegalStateException(unfinishedMessage(model));
    }
    OutputDir.checkFree(model, overwrite);
    return shards;
  }

  /** "Model M has an unfinished run (...): rerun with --resume ... or --overwrite ...". */
  static String unfinishedMessage(String model) {
    int done = epochsDone(model);
    String where = OutputDir.isLocal(model)
        ? OutputDir.inProgressPath(OutputDir.localPath(model)).toString() : OutputDir.inProgressPath(model);
    return "Model " + model + " has an unfinished run (" + (done < 0 ? "state unreadable"
        : done + " epoch(s) done") + ", in " + where + "): rerun with --resume to continue it, or with"
        + " --overwrite to discard it and start again";
  }

  /**
   * The epochs an interrupted run of {@code model} finished (its {@code state.json}), or -1 when
   * there is none or it cannot be read; for the message that tells how to resume.
   */
  public static int epochsDone(String model) {
    try {
      String state = OutputDir.isLocal(model)
          ? OutputDir.inProgressPath(OutputDir.localPath(model)).resolve(STATE).toUri().toString()
          : Fs.resolve(OutputDir.inProgressPath(model), STATE);
      return Json.MAPPER.readValue(Fs.readBytes(state), State.class).epochsDone;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * What one epoch is under parameter averaging, logged before epoch 1: workers, batch per worker,
   * effective batch (sequences per optimizer step over all workers, and per averaging round),
   * optimizer steps per worker per epoch and averaging rounds per epoch; plus a warning, naming the
   * settings to change, when an epoch gives fewer than {@code train.min_steps_per_epoch} steps per
   * worker. Counts are approximate by at most one minibatch per partition (a partition's last
   * minibatch may be smaller).
   */
  static java.util.List<String> plan(long rows, int workers, int batch, CharsparkConfig cfg, String unit) {
    CharsparkConfig.Train t = cfg.train;
    long minibatches = (rows + batch - 1) / batch;
    long steps = (minibatches + workers - 1) / workers;
    long perRound = (long) workers * t.averagingFrequency();
    long rounds = (minibatches + perRound - 1) / perRound;
    java.util.List<String> lines = new java.util.ArrayList<>();
    lines.add(String.format(Locale.ROOT,
        "train: %d workers × batch %d%s = effective batch %d %s per step, %d per averaging round "
            + "(averaging_frequency %d); per epoch: %d optimizer steps per worker, %d averaging rounds",
        workers, batch, t.autoBatch() ? " (auto)" : "", (long) workers * batch, unit,
        (long) workers * batch * t.averagingFrequency(), t.averagingFrequency(), steps, rounds));
    lines.add("train: " + LearningRates.describe(cfg.optimizer.learningRate(), t.lrScaling(), workers,
        t.warmupSteps()) + (t.maxMinutes() > 0 ? ", time budget " + fmtMinutes(t.maxMinutes()) + " min" : ""));
    if (steps < t.minStepsPerEpoch()) {
      long suggest = Math.max(1, rows / ((long) workers * t.minStepsPerEpoch()));
      lines.add(String.format(Locale.ROOT,
          "train: WARNING only %d optimizer steps per worker per epoch (< train.min_steps_per_epoch = %d): "
              + "the model will learn little per epoch; set train.batch_size_per_worker = %d (or auto), "
              + "or train on fewer workers, or more epochs", steps, t.minStepsPerEpoch(), suggest));
    }
    return lines;
  }

  private static String unit(TrainingTask task) {
    return task.unit();
  }

  private static String fmtMinutes(double m) {
    return m == Math.rint(m) ? String.valueOf((long) m) : String.valueOf(m);
  }

  /** Seed of epoch {@code epoch}'s training master: the same for a run and its {@code --resume}. */
  static long epochSeed(long seed, int epoch) {
    return seed * 1_000_003L + epoch;
  }

  /**
   * The task of a configuration: the language model, the workload networks for the workload's own
   * schema, or the general typed-schema graph (whose transforms are fitted here, on the train split,
   * so schema errors come before any training).
   */
  public static TrainingTask task(SparkSession spark, CharsparkConfig cfg, ShardDirectory shards,
      Consumer<String> log) {
    return Workload.of(cfg).task(spark, cfg, shards, log);
  }

  static String header(TrainingTask task) {
    StringBuilder h = new StringBuilder("epoch,train_loss,val_loss");
    for (String m : task.metricNames()) h.append(",val_").append(m);
    return h.append(",seconds,seq_per_s,best\n").toString();
  }

  /**
   * What must not change between an interrupted run and its {@code --resume}: the network, its
   * input encoding and its optimizer. Anything else (epochs, patience, partitions...) may.
   */
  static final java.util.List<String> FIXED_ON_RESUME =
      java.util.List.of("workload", "model.", "etl.", "optimizer.", "lm.window", "lm.keep_newline",
          "toxic.labels", "toxic.positive_weights", "schema.");

  /** The LSTM implementation may change on resume: both have the same parameters ({@link LstmImpl#convert}). */
  static final String FREE_ON_RESUME = "model.lstm_impl";

  static void checkResumable(CharsparkConfig now, Path saved) {
    if (!Files.exists(saved)) return;
    com.typesafe.config.Config before = CharsparkConfig.fromSaved(saved).raw();
    java.util.Set<String> changed = new java.util.TreeSet<>();
    for (var e : now.raw().entrySet()) {
      String k = e.getKey();
      if (FIXED_ON_RESUME.stream().noneMatch(k::startsWith) || k.equals(FREE_ON_RESUME)) continue;
      if (!before.hasPath(k) || !before.getValue(k).unwrapped().equals(e.getValue().unwrapped())) changed.add(k);
    }
    // Both ways: a key the interrupted run had and this one lacks (e.g. a removed schema output).
    for (var e : before.entrySet()) {
      String k = e.getKey();
      if (FIXED_ON_RESUME.stream().anyMatch(k::startsWith) && !k.equals(FREE_ON_RESUME) && !now.raw().hasPath(k)) changed.add(k);
    }
    if (!changed.isEmpty()) {
      throw new IllegalArgumentException("--resume with a different configuration: " + changed
          + " differ from " + saved + " (the model, ETL and optimizer settings must stay the same)");
    }
  }

  /**
   * A typed-schema run keeps the transforms it fitted ({@link SchemaTask#FITTED}); a resumed run
   * refits them from {@code --data} and must get the same ones (other shards would give the restored
   * network other levels, means and scales).
   */
  static void checkFittedSchema(String now, Path saved, boolean resume, String data) throws IOException {
    if (resume && Files.exists(saved)) {
      if (!Files.readString(saved, StandardCharsets.UTF_8).equals(now)) {
        throw new IllegalArgumentException("--resume: the schema transforms fitted on the train split of " + data
            + " differ from those of the interrupted run (" + saved + "); resume with the same --data");
      }
      return;
    }
    Files.writeString(saved, now, StandardCharsets.UTF_8);
  }

  static void truncateHistory(Path history, int epochs) throws IOException {
    if (!Files.exists(history)) return;
    java.util.List<String> lines = Files.readAllLines(history);
    if (lines.size() > epochs + 1) {
      Files.write(history, lines.subList(0, epochs + 1));
    }
  }

  static Path checkpoint(Path dir, int epoch) {
    return dir.resolve(String.format(Locale.ROOT, "epoch-%04d.zip", epoch));
  }

  static void saveAtomically(Model net, Path file) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    ModelSerializer.writeModel(net, tmp.toFile(), true);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void appendHistory(Path file, int epoch, double trainLoss, TrainingTask.Validation v,
      double secs, double seqPerSec, boolean best) throws IOException {
    StringBuilder line = new StringBuilder(
        String.format(Locale.ROOT, "%d,%.6f,%.6f", epoch, trainLoss, v.loss()));
    for (double m : v.metrics()) line.append(String.format(Locale.ROOT, ",%.6f", m));
    line.append(String.format(Locale.ROOT, ",%.3f,%.1f,%s%n", secs, seqPerSec, best));
    Files.writeString(file, line.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  static Map<String, Object> bestMetrics(Path history, int bestEpoch, String header) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    String[] head = header.trim().split(",");
    for (String line : Files.readAllLines(history)) {
      String[] f = line.split(",");
      if (f[0].equals(String.valueOf(bestEpoch))) {
        for (int i = 0; i < head.length - 1; i++) m.put(head[i], Double.parseDouble(f[i]));
        m.put("epoch", bestEpoch);
      }
    }
    return m;
  }

  static ModelInfo info(SparkSession spark, CharsparkConfig cfg, String data, State s, TrainingTask task) {
    ModelInfo i = new ModelInfo();
    i.workload = cfg.workload;
    task.describe(i);
    i.bestEpoch = s.bestEpoch;
    i.epochsRun = s.epochsDone;
    i.stoppedEarly = s.stoppedEarly;
    i.data = Fs.qualified(data);
    i.createdBy.putAll(Provenance.versions(spark));
    return i;
  }

  static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
