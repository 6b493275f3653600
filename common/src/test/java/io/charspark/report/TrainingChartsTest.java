package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.model.History;
import io.charspark.model.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history.csv → the numbers and the PNGs of the training curves. */
class TrainingChartsTest {
  @TempDir Path tmp;

  @Test
  void historyIsReadBackWithTheBestEpochAndAHalfWrittenLineIsSkipped() throws Exception {
    Files.writeString(tmp.resolve("history.csv"), ReportFixtures.CLASSIFIER_HISTORY + "6,0.1,0.2");
    History h = RunFiles.readHistory(tmp.resolve("history.csv"));
    assertEquals(5, h.epochs().size(), "the truncated 6th line is not an epoch yet");
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, h.column("epoch"));
    assertArrayEquals(new double[] {0.488488, 0.456707, 0.374488, 0.235984, 0.258561}, h.column("val_loss"), 0);
    assertEquals(4, h.bestEpoch());
    assertEquals(List.of("val_auc", "val_accuracy"), TrainingCharts.metricColumns(h));
    assertEquals("val_auc.png", TrainingCharts.metricFile(h));
  }

  @Test
  void classifierCurvesAreValidPngs() throws Exception {
    Files.writeString(tmp.resolve("history.csv"), ReportFixtures.CLASSIFIER_HISTORY);
    List<Path> files = TrainingCharts.write(tmp);
    assertEquals(List.of(tmp.resolve("charts/loss.png"), tmp.resolve("charts/val_auc.png")), files);
    for (Path f : files) ReportFixtures.assertPng(f);
    try (var s = Files.list(tmp.resolve("charts"))) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
  }

  @Test
  void languageModelChartsBitsPerChar() throws Exception {
    Files.writeString(tmp.resolve("history.csv"), ReportFixtures.LM_HISTORY);
    History h = RunFiles.readHistory(tmp.resolve("history.csv"));
    assertEquals(List.of("val_bits_per_char"), TrainingCharts.metricColumns(h));
    TrainingCharts.write(tmp);
    ReportFixtures.assertPng(tmp.resolve("charts/val_bits_per_char.png"));
  }

  @Test
  void updateRedrawsAfterEachEpochAndNeverThrows() throws Exception {
    List<String> log = new ArrayList<>();
    String[] lines = ReportFixtures.CLASSIFIER_HISTORY.split("\n");
    Files.writeString(tmp.resolve("history.csv"), lines[0] + "\n");
    TrainingCharts.update(tmp, log::add);
    assertFalse(Files.exists(tmp.resolve("charts/loss.png")), "nothing to draw before the first epoch");
    Files.writeString(tmp.resolve("history.csv"), lines[0] + "\n" + lines[1] + "\n");
    TrainingCharts.update(tmp, log::add);
    long first = Files.size(tmp.resolve("charts/loss.png"));
    Files.writeString(tmp.resolve("history.csv"), String.join("\n", lines) + "\n");
    TrainingCharts.update(tmp, log::add);
    assertTrue(Files.size(tmp.resolve("charts/loss.png")) != first, "redrawn with more epochs");
    assertTrue(log.isEmpty(), log.toString());
    // A broken history is a warning line, not an exception that would stop training.
    Files.writeString(tmp.resolve("history.csv"), lines[0] + "\n1,x,0.1,0.1,0.1,1,1,true\n");
    TrainingCharts.update(tmp, log::add);
    assertEquals(1, log.size());
    assertTrue(log.get(0).startsWith("train: warning: training charts not updated"), log.get(0));
  }
}
