package io.charspark.train;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Provenance;
import io.charspark.data.ShardDirectory;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import io.charspark.metrics.MetricSupport;
import io.charspark.model.ModelDirectory;
import io.charspark.model.ModelInfo;
import io.charspark.model.RunFiles;
import io.charspark.model.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import io.charspark.model.LstmImpl;
import io.charspark.model.Nets;
import io.charspark.model.Network;
import io.charspark.spark.Progress;
import io.charspark.workload.SchemaTask;
import io.charspark.workload.TrainingTask;
import io.charspark.workload.Workload;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The {@code train} job: shards → character ETL → parameter-averaging epochs, each followed by
 * validation (loss, accuracy, ROC AUC), a progress line, an atomic checkpoint, and an early-stopping
 * decision on validation loss ({@link EarlyStopping}, {@link TimeBudget}). The best epoch's model is
 * the one kept. {@code --resume} continues an interrupted run from its last checkpoint (weights and
 * updater state), not from scratch. The run's files ({@code history.csv}, {@code state.json},
 * checkpoints) are written through {@link RunFiles}; charts and {@code report.html} follow the run
 * as {@link TrainingListener}s.
 */
public final class TrainingLoop {
  private final SparkSession spark;
  private final CharsparkConfig cfg;
  private final TrainingTask task;
  private final OutputDir out;
  private final RunFiles files;
  private final List<TrainingListener> listeners;
  private final Consumer<String> log;
  private Dataset<Row> train;
  private DistributedTrainer trainer;

  private TrainingLoop(SparkSession spark, CharsparkConfig cfg, TrainingTask task, OutputDir out,
      List<TrainingListener> listeners, Consumer<String> log) {
    this.spark = spark;
    this.cfg = cfg;
    this.task = task;
    this.out = out;
    this.files = new RunFiles(out.work());
    this.listeners = List.copyOf(listeners);
    this.log = log;
  }

  /**
   * Trains {@code cfg}'s model on the shards in {@code data} into the model directory {@code
   * model} ({@link #preflight} first); {@code listeners} follow the run (e.g. {@code
   * io.charspark.report.TrainingReports} for the charts and {@code report.html}).
   */
  public static ModelInfo run(
      SparkSession spark,
      CharsparkConfig cfg,
      String data,
      String model,
      boolean resume,
      boolean overwrite,
      Consumer<String> log,
      List<TrainingListener> listeners) {
    ShardDirectory shards = preflight(cfg, data, model, resume, overwrite);
    TrainingTask task = task(spark, cfg, shards, log);
    OutputDir out = resume ? OutputDir.resume(model) : OutputDir.create(model, overwrite);
    TrainingLoop loop = new TrainingLoop(spark, cfg, task, out, listeners, log);
    try {
      RunFiles.State state = loop.open(data, resume);
      Model net = loop.network(state, resume, shards);
      loop.epochs(net, state);
      ModelInfo info = loop.keepBest(data, state);
      out.commit();
      log.accept("train: model written to " + model + " (best epoch " + state.bestEpoch
          + ", val_loss " + fmt(state.bestValLoss) + ")");
      return info;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      loop.close();
    }
  }

  /**
   * The run's files: a fresh run saves its configuration, state and history header; a resumed one
   * checks its configuration and drops a history line written after the last saved state. Both
   * keep (or check) the fitted typed-schema transforms.
   */
  private RunFiles.State open(String data, boolean resume) throws IOException {
    Files.createDirectories(out.resolve(RunFiles.CHECKPOINTS));
    RunFiles.State state = resume ? files.readState() : new RunFiles.State();
    if (!resume) {
      cfg.saveTo(out.resolve(ModelDirectory.CONFIG));
      files.writeState(state);
    }
    if (task instanceof SchemaTask st) checkFittedSchema(st.fitted().toJson(), out.resolve(SchemaTask.FITTED), resume, data);
    if (resume) {
      checkResumable(cfg, out.resolve(ModelDirectory.CONFIG));
      // A crash between the history line and the state leaves one line too many: the state wins.
      files.truncateHistory(state.epochsDone);
    }
    if (!resume || state.epochsDone == 0) files.startHistory(task.metricNames());
    state.stoppedByTime = false;
    return state;
  }

  /** The network to train (restored from the last checkpoint on resume), with its learning-rate schedule. */
  private Model network(RunFiles.State state, boolean resume, ShardDirectory shards) {
    Model net;
    if (resume && state.epochsDone > 0) {
      // A checkpoint written with DL4J's LSTM resumes with the configured implementation.
      net = LstmImpl.resolve(cfg.model.lstmImpl()).convert(files.restoreCheckpoint(state.epochsDone));
      log.accept("train: resuming after epoch " + state.epochsDone + " (best epoch "
          + state.bestEpoch + ", val_loss " + fmt(state.bestValLoss) + ")");
    } else {
      net = task.network().dl4j();
    }
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
    return net;
  }

  /**
   * The epochs left: fit, validate, decide (early stopping, time budget), then checkpoint, history
   * line and state, the listeners, and a copy to a remote model directory.
   */
  private void epochs(Model net, RunFiles.State state) throws IOException {
    int workers = spark.sparkContext().defaultParallelism();
    int parts = cfg.train.partitions() > 0
        ? cfg.train.partitions() : spark.sparkContext().defaultParallelism();
    spark.sparkContext().setJobGroup("train-etl", "character ETL of train split", false);
    train = task.trainingRows(spark).repartition(parts).persist(StorageLevel.MEMORY_AND_DISK());
    long trainRows = train.count();
    log.accept("train: " + trainRows + " training sequences in " + parts + " partitions");
    int batch = cfg.train.batchSize(trainRows, workers);
    plan(trainRows, workers, batch, cfg, unit(task)).forEach(log);

    int epochs = cfg.train.epochs();
    EarlyStopping stopping = new EarlyStopping(cfg.train.patience(), epochs, state.bestEpoch,
        state.bestValLoss, state.badEpochs);
    TimeBudget budget = new TimeBudget(cfg.train.maxMinutes());
    long loopStart = System.nanoTime();
    int first = state.epochsDone + 1;
    for (int epoch = first; epoch <= epochs && !state.stoppedEarly && !state.stoppedByTime; epoch++) {
      long t0 = System.nanoTime();
      net = fitEpoch(net, epoch, workers, batch, trainRows);
      double trainSecs = (System.nanoTime() - t0) / 1e9;
      // The mean over the epoch's minibatches (all workers); the last minibatch's score only if
      // the hook saw nothing (it always runs on parameter averaging's workers).
      double trainLoss = Double.isNaN(trainer.meanLoss()) ? trainer.lastScore() : trainer.meanLoss();
      TrainingTask.Validation v = validate(net, epoch, state);
      boolean best = stopping.observe(epoch, v.loss());
      double minutes = (System.nanoTime() - loopStart) / 60e9;
      record(state, epoch, stopping, budget.spent(epoch, epochs, minutes, stopping.stopped()));
      files.saveCheckpoint(net, epoch);
      RunFiles.Epoch line = new RunFiles.Epoch(epoch, trainLoss, v.loss(), v.metrics(),
          (System.nanoTime() - t0) / 1e9, trainRows / trainSecs, best);
      files.appendHistory(line);
      files.writeState(state);
      for (TrainingListener l : listeners) l.onEpoch(out.work(), line);
      // A remote model directory gets this epoch's checkpoint, history and state now, so a
      // resumed run (possibly on another driver) finds them.
      out.sync();
      double perEpoch = (System.nanoTime() - loopStart) / 1e9 / (epoch - first + 1);
      logEpoch(line, perEpoch * (epochs - epoch));
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
  }

  /**
   * One epoch of parameter averaging, with progress lines. One trainer per epoch, seeded by (seed,
   * epoch): DL4J's training master draws the seed of its data split from its own RNG once per fit,
   * so a trainer kept across epochs would give a resumed run (whose first fit is epoch k) other
   * splits than the uninterrupted run.
   */
  private Model fitEpoch(Model net, int epoch, int workers, int batch, long trainRows) {
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
      return trainer.fitEpoch(task.batches(train, batch));
    }
  }

  /** The validation of epoch {@code epoch}; a loss that is not a number stops the run (diverged). */
  private TrainingTask.Validation validate(Model net, int epoch, RunFiles.State state) {
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
    return v;
  }

  /** The state after epoch {@code epoch}: early stopping's counters and both reasons to stop. */
  static void record(RunFiles.State state, int epoch, EarlyStopping stopping, boolean timeSpent) {
    state.epochsDone = epoch;
    state.bestEpoch = stopping.bestEpoch();
    state.bestValLoss = stopping.bestValLoss();
    state.badEpochs = stopping.epochsWithoutImprovement();
    state.stoppedEarly = stopping.stopped();
    state.stoppedByTime = timeSpent;
  }

  private void logEpoch(RunFiles.Epoch e, double etaSeconds) {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < e.metrics().length; i++) {
      metrics.append(String.format(Locale.ROOT, "  val_%s %.4f", task.metricNames().get(i), e.metrics()[i]));
    }
    log.accept(String.format(Locale.ROOT,
        "epoch %d/%d  train_loss %.4f  val_loss %.4f%s  %.0f seq/s  %.1fs  ETA %s%s",
        e.epoch(), cfg.train.epochs(), e.trainLoss(), e.valLoss(), metrics, e.seqPerSec(), e.seconds(),
        eta(etaSeconds), e.best() ? "  [best]" : ""));
  }

  /** The best epoch's checkpoint becomes the model, with {@code model.json} and {@code metrics.json}; then the listeners. */
  private ModelInfo keepBest(String data, RunFiles.State state) throws IOException {
    files.keepAsModel(state.bestEpoch);
    ModelInfo info = info(spark, cfg, data, state, task);
    Json.write(out.resolve(ModelDirectory.INFO), info);
    Json.write(out.resolve("metrics.json"), files.bestMetrics(state.bestEpoch));
    for (TrainingListener l : listeners) l.onEnd(out.work(), info);
    return info;
  }

  private void close() {
    if (trainer != null) trainer.close();
    if (train != null) train.unpersist();
    spark.sparkContext().clearJobGroup();
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
      if (!OutputDir.hasUnfinished(model, RunFiles.STATE)) {
        throw new IllegalStateException("Nothing to resume for " + model + ": no unfinished run at "
            + OutputDir.inProgressPath(model));
      }
      if (OutputDir.isLocal(model)) {
        checkResumable(cfg, OutputDir.inProgressPath(OutputDir.localPath(model)).resolve(ModelDirectory.CONFIG));
      }
      return shards;
    }
    if (!overwrite && OutputDir.hasUnfinished(model, RunFiles.STATE)) {
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
    return RunFiles.epochsDone(model);
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

  static ModelInfo info(SparkSession spark, CharsparkConfig cfg, String data, RunFiles.State s, TrainingTask task) {
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
