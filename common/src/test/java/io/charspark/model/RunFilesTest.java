package io.charspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history.csv and state.json: the exact bytes train writes, and files of earlier versions read back. */
class RunFilesTest {

  @Test
  void historyLinesHaveTheFormatTheReportAndResumeRead(@TempDir Path tmp) throws Exception {
    RunFiles f = new RunFiles(tmp);
    f.startHistory(List.of("accuracy", "auc"));
    f.appendHistory(new RunFiles.Epoch(1, 0.693147, 0.6812345678, new double[] {0.5, 0.71234567}, 12.34567, 372.66, true));
    f.appendHistory(new RunFiles.Epoch(2, 0.5, 0.7, new double[] {0.55, 0.7}, 10, 400.04, false));
    assertEquals("epoch,train_loss,val_loss,val_accuracy,val_auc,seconds,seq_per_s,best\n"
        + "1,0.693147,0.681235,0.500000,0.712346,12.346,372.7,true\n"
        + "2,0.500000,0.700000,0.550000,0.700000,10.000,400.0,false\n",
        Files.readString(tmp.resolve(RunFiles.HISTORY)));
    History h = RunFiles.readHistory(tmp.resolve(RunFiles.HISTORY));
    assertEquals(1, h.bestEpoch());
    assertArrayEquals(new double[] {0.681235, 0.7}, h.column("val_loss"));
    // metrics.json: every column but best, the epoch as an integer.
    Map<String, Object> best = f.bestMetrics(1);
    assertEquals(List.of("epoch", "train_loss", "val_loss", "val_accuracy", "val_auc", "seconds", "seq_per_s"),
        List.copyOf(best.keySet()));
    assertEquals(1, best.get("epoch"));
    assertEquals(0.712346, best.get("val_auc"));
  }

  @Test
  void resumeDropsHistoryLinesAfterTheSavedState(@TempDir Path tmp) throws Exception {
    // A history.csv as written before RunFiles existed, with one line more than state.json counts.
    String old = "epoch,train_loss,val_loss,val_bits_per_char,seconds,seq_per_s,best\n"
        + "1,2.1,2.0,2.885390,5.000,100.0,true\n2,1.9,1.8,2.596851,5.000,100.0,true\n"
        + "3,1.8,1.85,2.668986,5.000,100.0,false\n";
    Files.writeString(tmp.resolve("history.csv"), old);
    Files.writeString(tmp.resolve("state.json"), "{\n  \"epochs_done\" : 2,\n  \"best_epoch\" : 2,\n"
        + "  \"best_val_loss\" : 1.8,\n  \"epochs_without_improvement\" : 0,\n  \"stopped_early\" : false,\n"
        + "  \"stopped_by_time\" : false\n}");
    RunFiles f = new RunFiles(tmp);
    RunFiles.State s = f.readState();
    assertEquals(2, s.epochsDone);
    assertEquals(1.8, s.bestValLoss);
    assertFalse(s.finished(3));
    assertTrue(s.finished(2));
    f.truncateHistory(s.epochsDone);
    assertEquals(3, Files.readAllLines(tmp.resolve("history.csv")).size());
    f.truncateHistory(s.epochsDone);
    assertEquals(3, Files.readAllLines(tmp.resolve("history.csv")).size());
  }

  @Test
  void stateJsonIsWrittenAsBefore(@TempDir Path tmp) throws Exception {
    RunFiles f = new RunFiles(tmp);
    RunFiles.State s = new RunFiles.State();
    f.writeState(s);
    // A fresh state: the same bytes TrainingLoop.State wrote (Jackson, indented, fields in order).
    assertEquals("{\n  \"epochs_done\" : 0,\n  \"best_epoch\" : 0,\n  \"best_val_loss\" : \"Infinity\",\n"
        + "  \"epochs_without_improvement\" : 0,\n  \"stopped_early\" : false,\n  \"stopped_by_time\" : false\n}",
        Files.readString(tmp.resolve(RunFiles.STATE)));
    assertEquals(Double.POSITIVE_INFINITY, f.readState().bestValLoss);
    // The partial state the first-hour tests write is still read (missing fields keep their defaults).
    Files.writeString(tmp.resolve(RunFiles.STATE), "{\"epochs_done\":1,\"best_epoch\":1}");
    assertEquals(1, f.readState().bestEpoch);
  }
}
