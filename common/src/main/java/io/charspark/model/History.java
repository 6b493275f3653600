package io.charspark.model;

import java.util.List;

/**
 * {@code history.csv} read back (by {@link RunFiles#readHistory}) for charts, the report and
 * {@code compare}: the column names ({@code epoch,train_loss,val_loss,val_<metric>...,seconds,
 * seq_per_s,best}) and one {@link Epoch} per complete line.
 */
public record History(List<String> columns, List<Epoch> epochs) {
  /** One line: the numeric fields in header order (the {@code best} column as 1 or 0). */
  public record Epoch(double[] values, boolean best) {}

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
