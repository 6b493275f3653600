package io.charspark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code history.csv} of a model directory, read back for charts and the report.
 *
 * <p>Input: the file {@code train} appends to, header {@code epoch,train_loss,val_loss,
 * val_<metric>...,seconds,seq_per_s,best}. Output: the column names and one {@link Epoch} per
 * line. A line that does not have as many fields as the header (a line being appended by another
 * process) is skipped rather than failing a chart; a missing file or a non-number is an error
 * naming the file and line.
 */
public record History(List<String> columns, List<Epoch> epochs) {
  public static final String FILE = "history.csv";

  /** One line: the numeric fields in header order (the {@code best} column as 1 or 0). */
  public record Epoch(double[] values, boolean best) {}

  public static History read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) throw new IllegalArgumentException(file + " is empty (no header)");
    List<String> cols = Arrays.asList(lines.get(0).trim().split(","));
    int bestCol = cols.indexOf("best");
    List<Epoch> epochs = new ArrayList<>();
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
      epochs.add(new Epoch(v, bestCol >= 0 && v[bestCol] == 1));
    }
    return new History(List.copyOf(cols), List.copyOf(epochs));
  }

  public boolean has(String column) {
    return columns.contains(column);
  }

  /** One column over the epochs; an unknown column is an error listing the known ones. */
  public double[] column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) throw new IllegalArgumentException("history has no column " + name + "; has " + columns);
    return epochs.stream().mapToDouble(e -> e.values()[i]).toArray();
  }

  /** The epoch that was best last (lowest validation loss so far), or -1 if none is marked. */
  public int bestEpoch() {
    int epochCol = columns.indexOf("epoch");
    int best = -1;
    for (Epoch e : epochs) if (e.best()) best = (int) e.values()[epochCol];
    return best;
  }
}
