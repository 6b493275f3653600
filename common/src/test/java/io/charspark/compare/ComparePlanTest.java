package io.charspark.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.config.CharsparkConfig;
import io.charspark.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runs a comparison trains, and its console table. */
class ComparePlanTest {
  static CharsparkConfig cfg(String... sets) {
    return CharsparkConfig.load(null, List.of(sets));
  }

  @Test
  void defaultArchitecturesAreTheWorkloads() {
    assertEquals(List.of("cnn", "lstm", "cnn_lstm", "bilstm"),
        Compare.plan(cfg(), List.of(), List.of()).stream().map(Compare.Run::name).toList());
    assertEquals(List.of("bilstm", "bi_conv_lstm", "cnn"),
        Compare.plan(cfg("workload=toxic", "model.arch=bilstm"), List.of(), List.of()).stream().map(Compare.Run::name).toList());
    assertEquals(List.of(new Compare.Run("lstm_lm", List.of())),
        Compare.plan(cfg("workload=showerthoughts", "input.label_field=\"\""), List.of(), List.of()));
  }

  @Test
  void gridIsTheCartesianProductAfterTheArchitectures() {
    List<Compare.Run> runs = Compare.plan(cfg(), List.of("cnn", "lstm"),
        List.of("optimizer.learning_rate=0.001,0.003", "train.batch_size_per_worker=32,auto"));
    assertEquals(8, runs.size());
    assertEquals(new Compare.Run("cnn-learning_rate=0.001-batch_size_per_worker=32",
        List.of("model.arch=cnn", "optimizer.learning_rate=0.001", "train.batch_size_per_worker=32")), runs.get(0));
    assertEquals("lstm-learning_rate=0.003-batch_size_per_worker=auto", runs.get(7).name());
  }

  @Test
  void badInputIsAConfigError() {
    assertTrue(assertThrows(ConfigException.class, () -> Compare.plan(cfg(), List.of("bi_conv_lstm"), List.of()))
        .getMessage().contains("not an architecture of workload spoilers"));
    assertTrue(assertThrows(ConfigException.class, () -> Compare.plan(cfg(), List.of(), List.of("optimizer.lr=1")))
        .getMessage().contains("unknown configuration key 'optimizer.lr'"));
    assertThrows(ConfigException.class, () -> Compare.plan(cfg(), List.of(), List.of("model.arch")));
    assertThrows(ConfigException.class, () -> Compare.plan(cfg("workload=showerthoughts", "input.label_field=\"\""),
        List.of("lstm"), List.of()));
  }

  @Test
  void consoleTableAlignsNumbersRightAndLeavesMissingCellsBlank() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("model", "cnn");
    a.put("test_auc", 0.91234567);
    a.put("wall_seconds", 123.456);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("model", "tfidf_char_ngram_lr");
    b.put("test_auc", 0.95);
    List<String> t = Compare.table(List.of("model", "test_auc", "wall_seconds"), List.of(a, b));
    assertEquals(List.of(
        "model                test_auc  wall_seconds",
        "-------------------  --------  ------------",
        "cnn                    0.9123         123.5",
        "tfidf_char_ngram_lr    0.9500"), t);
  }
}
