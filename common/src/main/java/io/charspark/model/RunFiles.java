package io.charspark.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.charspark.io.Fs;
import io.charspark.io.Json;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The files a training run keeps in its model directory, and the one place that knows their format:
 * {@code history.csv} (one line per finished epoch), {@code state.json} (what {@code --resume}
 * continues from), {@code checkpoints/epoch-NNNN.zip} (every epoch's network with its updater) and
 * {@code model.zip} (a copy of the best checkpoint). {@code train} writes them; charts, {@code
 * report.html} and {@code compare} read {@code history.csv} through {@link #readHistory}.
 *
 * <p>{@code history.csv}: header {@code epoch,train_loss,val_loss,val_<metric>...,seconds,
 * seq_per_s,best}; losses and metrics with 6 decimals, seconds with 3, sequences per second with 1,
 * {@code best} as {@code true}/{@code false}. A crash between a history line and the state leaves
 * one line too many; on resume the state wins ({@link #truncateHistory}).
 */
public final class RunFiles {
  public static final String HISTORY = "history.csv";
  public static final String STATE = "state.json";
  public static final String CHECKPOINTS = "checkpoints";

  /** Progress of a run ({@code state.json}), saved after each epoch so {@code --resume} can continue it. */
  public static class State {
    @JsonProperty("epochs_done") public int epochsDone;
    @JsonProperty("best_epoch") public int bestEpoch;
    @JsonProperty("best_val_loss") public double bestValLoss = Double.POSITIVE_INFINITY;
    @JsonProperty("epochs_without_improvement") public int badEpochs;
    @JsonProperty("stopped_early") public boolean stoppedEarly;
    /** Stopped by {@code train.max_minutes} (this invocation's budget; a resume starts a new one). */
    @JsonProperty("stopped_by_time") public boolean stoppedByTime;

    /** True once the run has nothing left to train. */
    public boolean finished(int epochs) {
      return stoppedEarly || stoppedByTime || epochsDone >= epochs;
    }
  }

  /** One finished epoch: a line of {@code history.csv}. {@code metrics} in the header's order. */
  public record Epoch(int epoch, double trainLoss, double valLoss, double[] metrics, double seconds,
      double seqPerSec, boolean best) {}

  private final Path dir;

  /** The run files in {@code dir} (a model's work directory, or a finished model directory). */
  public RunFiles(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  // --- history.csv --------------------------------------------------------------------------

  /** The header line (with its newline) for these validation metric names. */
  public static String header(List<String> metricNames) {
    StringBuilder h = new StringBuilder("epoch,train_loss,val_loss");
    for (String m : metricNames) h.append(",val_").append(m);
    return h.append(",seconds,seq_per_s,best\n").toString();
  }

  /** Starts {@code history.csv} with its header (replacing any). */
  public void startHistory(List<String> metricNames) throws IOException {
    Files.writeString(dir.resolve(HISTORY), header(metricNames), StandardCharsets.UTF_8);
  }

  /** Appends one epoch's line. */
  public void appendHistory(Epoch e) throws IOException {
    StringBuilder line = new StringBuilder(
        String.format(Locale.ROOT, "%d,%.6f,%.6f", e.epoch(), e.trainLoss(), e.valLoss()));
    for (double m : e.metrics()) line.append(String.format(Locale.ROOT, ",%.6f", m));
    line.append(String.format(Locale.ROOT, ",%.3f,%.1f,%s%n", e.seconds(), e.seqPerSec(), e.best()));
    Files.writeString(dir.resolve(HISTORY), line.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Keeps the header and the first {@code epochs} lines (the state's count wins after a crash). */
  public void truncateHistory(int epochs) throws IOException {
    Path history = dir.resolve(HISTORY);
    if (!Files.exists(history)) return;
    List<String> lines = Files.readAllLines(history);
    if (lines.size() > epochs + 1) {
      Files.write(history, lines.subList(0, epochs + 1));
    }
  }

  /**
   * The best epoch's line as {@code metrics.json}: every column but {@code best}, numbers as
   * doubles, {@code epoch} as an integer (empty when the epoch has no line).
   */
  public Map<String, Object> bestMetrics(int bestEpoch) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve(HISTORY));
    String[] head = lines.get(0).trim().split(",");
    for (String line : lines) {
      String[] f = line.split(",");
      if (f[0].equals(String.valueOf(bestEpoch))) {
        for (int i = 0; i < head.length - 1; i++) m.put(head[i], Double.parseDouble(f[i]));
        m.put("epoch", bestEpoch);
      }
    }
    return m;
  }

  /**
   * Reads a {@code history.csv}. A line that does not have as many fields as the header (a line
   * being appended by another process) is skipped rather than failing a chart; a missing or empty
   * file or a non-number is an error naming the file (and line).
   */
  public static History readHistory(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) throw new IllegalArgumentException(file + " is empty (no header)");
    List<String> cols = Arrays.asList(lines.get(0).trim().split(","));
    int bestCol = cols.indexOf("best");
    List<History.Epoch> epochs = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      String[] f = lines.get(n).trim().split(",");
      if (f.length != cols.size()) continue;
      double[] v = new double[f.length];
      try {
        for (int i = 0; i < f.length; i++) {
          v[i] = i == bestCol ? (Boolean.parseBoolean(f[i]) ? 1 : 0) : Double.parseDouble(f[i]);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
      }
      epochs.add(new History.Epoch(v, bestCol >= 0 && v[bestCol] == 1));
    }
    return new History(List.copyOf(cols), List.copyOf(epochs));
  }

  // --- state.json ---------------------------------------------------------------------------

  public State readState() {
    return Json.read(dir.resolve(STATE), State.class);
  }

  /** Written atomically (a temporary sibling, then a rename). */
  public void writeState(State s) {
    Json.write(dir.resolve(STATE), s);
  }

  /**
   * The epochs the unfinished run of {@code model} (any filesystem) finished, from its {@code
   * state.json}; -1 when there is none or it cannot be read.
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

  // --- checkpoints --------------------------------------------------------------------------

  public Path checkpoint(int epoch) {
    return dir.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT, "epoch-%04d.zip", epoch));
  }

  /** Saves epoch {@code epoch}'s network with its updater, atomically. */
  public void saveCheckpoint(Model net, int epoch) throws IOException {
    Path file = checkpoint(epoch);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    ModelSerializer.writeModel(net, tmp.toFile(), true);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Epoch {@code epoch}'s network with its updater state (to continue training it). */
  public Model restoreCheckpoint(int epoch) {
    return Nets.restore(checkpoint(epoch).toFile(), true);
  }

  /** Makes epoch {@code epoch}'s checkpoint the model ({@code model.zip}). */
  public void keepAsModel(int epoch) throws IOException {
    Files.copy(checkpoint(epoch), dir.resolve(ModelDirectory.MODEL), StandardCopyOption.REPLACE_EXISTING);
  }
}
