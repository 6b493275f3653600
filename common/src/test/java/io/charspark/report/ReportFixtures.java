package io.charspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.etl.CharTransform;
import io.charspark.etl.Truncation;
import io.charspark.io.Fs;
import io.charspark.metrics.BinaryMetrics;
import io.charspark.io.Json;
import io.charspark.model.ModelInfo;
import io.charspark.model.NetworkFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Model directories made by hand, as {@code train} and {@code evaluate} leave them but without a
 * network: {@code history.csv}, {@code model.json}, {@code config.conf}, {@code metrics.json},
 * {@code evaluation/test.json} with its charts, and a shard manifest they point to.
 */
final class ReportFixtures {
  static final String CLASSIFIER_HISTORY = String.join("\n",
      "epoch,train_loss,val_loss,val_accuracy,val_auc,seconds,seq_per_s,best",
      "1,0.607951,0.488488,0.795812,0.699519,8.773,373.4,true",
      "2,0.443905,0.456707,0.795812,0.773406,7.212,441.7,true",
      "3,0.437753,0.374488,0.819372,0.842211,6.599,487.1,true",
      "4,0.279296,0.235984,0.921466,0.949055,6.602,483.5,true",
      "5,0.117582,0.258561,0.931937,0.942883,6.147,516.9,false", "");
  static final String LM_HISTORY = String.join("\n",
      "epoch,train_loss,val_loss,val_bits_per_char,val_perplexity,seconds,seq_per_s,best",
      "1,2.9,2.6,3.75,13.45,30.1,900.0,true",
      "2,2.4,2.3,3.32,9.99,29.5,910.0,true",
      "3,2.2,2.25,3.25,9.51,29.9,905.0,true", "");

  private ReportFixtures() {}

  static Path languageModelHistory(Path root) {
    return write(root.resolve("lm-history.csv"), LM_HISTORY);
  }

  static Path classifierHistory(Path root) {
    return write(root.resolve("classifier-history.csv"), CLASSIFIER_HISTORY);
  }

  private static Path write(Path f, String text) {
    try {
      Files.writeString(f, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return f;
  }

  /** Synthetic scores: positives around 0.7, negatives around 0.3, 20% positives. */
  static BinaryMetrics metrics(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    BinaryMetrics m = new BinaryMetrics(0.5);
    for (int i = 0; i < n; i++) {
      int y = rnd.nextDouble() < 0.2 ? 1 : 0;
      m.add(Math.min(1, Math.max(0, (y == 1 ? 0.7 : 0.3) + rnd.nextGaussian() * 0.18)), y);
    }
    return m;
  }

  static Path shards(Path root) {
    Path d = root.resolve("shards");
    Manifest m = new Manifest();
    m.workload = "spoilers";
    m.labelField = "spoiler";
    m.inputRecords = 1010;
    m.outputRows = 1000;
    m.splits.putAll(Map.of("train", 800L, "validation", 100L, "test", 100L));
    m.labelCounts.put("train", Map.of("0", 640L, "1", 160L));
    m.labelCounts.put("validation", Map.of("0", 80L, "1", 20L));
    m.labelCounts.put("test", Map.of("0", 80L, "1", 20L));
    m.rejected.put("malformed_json", 4L);
    m.filtered.put("subreddit", 6L);
    Json.write(d.resolve("manifest.json"), m);
    return d;
  }

  /** A finished classifier model directory with an evaluation of the test split. */
  static Path classifier(Path root) throws IOException {
    Path shards = shards(root);
    Path dir = root.resolve("model");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("history.csv"), CLASSIFIER_HISTORY);
    CharsparkConfig cfg = CharsparkConfig.load(Path.of("../conf/demo.conf"), List.of());
    cfg.saveTo(dir.resolve("config.conf"));
    ModelInfo info = new ModelInfo();
    info.workload = "spoilers";
    info.arch = "cnn";
    info.labelField = "spoiler";
    info.etl = new CharTransform(160, Truncation.POST);
    info.threshold = 0.5;
    info.trainPositiveRate = 0.2;
    info.bestEpoch = 4;
    info.epochsRun = 5;
    // As train writes it: a qualified URI (file:/...), read through the Hadoop filesystem.
    info.data = Fs.qualified(shards.toAbsolutePath().toString());
    info.createdBy.put("spark", "3.5.9");
    Json.write(dir.resolve("model.json"), info);
    Json.write(dir.resolve("metrics.json"), Map.of("epoch", 4, "val_loss", 0.235984, "val_auc", 0.949055));
    BinaryMetrics m = metrics(2000, 11);
    Map<String, Object> ev = new java.util.LinkedHashMap<>();
    ev.put("split", "test");
    ev.putAll(m.toMap(0.2));
    Json.write(dir.resolve("evaluation/test.json"), ev);
    EvaluationCharts.classifier(dir.resolve("evaluation"), "test", Map.of("spoiler", m));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    return dir;
  }

  /**
   * A language-model directory with an evaluation; with {@code weights}, an untrained tiny network
   * as {@code model.zip} (enough to sample from), otherwise none (so no samples).
   */
  static Path languageModel(Path root, boolean weights) throws IOException {
    Path dir = root.resolve("lm");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("history.csv"), LM_HISTORY);
    CharsparkConfig cfg = CharsparkConfig.load(Path.of("../conf/showerthoughts-demo.conf"),
        List.of("model.lm_units=8", "model.embedding_dim=4", "lm.generate_length=20"));
    cfg.saveTo(dir.resolve("config.conf"));
    if (weights) {
      org.deeplearning4j.nn.multilayer.MultiLayerNetwork net =
          new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(NetworkFactory.languageModel(cfg));
      net.init();
      org.deeplearning4j.util.ModelSerializer.writeModel(net, dir.resolve("model.zip").toFile(), false);
    }
    ModelInfo info = new ModelInfo();
    info.workload = "showerthoughts";
    info.lmWindows = cfg.lm.windows();
    info.bestEpoch = 3;
    info.epochsRun = 3;
    info.data = root.resolve("no-such-shards").toString();
    Json.write(dir.resolve("model.json"), info);
    Map<String, Object> ev = new java.util.LinkedHashMap<>();
    ev.put("split", "test");
    ev.put("rows", 12345L);
    ev.put("bits_per_char", 3.1);
    ev.put("perplexity", Math.pow(2, 3.1));
    ev.put("baselines", Map.of("unigram_bits_per_char", 4.4, "ngram_bits_per_char", 3.4, "ngram_order", 3));
    Json.write(dir.resolve("evaluation/test.json"), ev);
    EvaluationCharts.languageModel(dir.resolve("evaluation"), "test", ev);
    return dir;
  }

  static final List<String> TOXIC_LABELS = List.of("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate");

  /**
   * A toxic model directory as the demo leaves it: six heads, the 13-column history, a validation
   * split with 1 threat and 4 identity_hate positives, an evaluation of the test split.
   */
  static Path toxic(Path root) throws IOException {
    Path d = root.resolve("toxic-shards");
    Manifest man = new Manifest();
    man.workload = "toxic";
    man.labelField = "toxic";
    man.inputRecords = 4512;
    man.outputRows = 4500;
    man.splits.putAll(Map.of("train", 2668L, "validation", 332L, "test", 1317L, "unscored", 183L));
    man.labelCounts.put("train", Map.of("rows", 2668L, "toxic", 339L, "severe_toxic", 38L, "obscene", 217L,
        "threat", 31L, "insult", 231L, "identity_hate", 45L));
    man.labelCounts.put("validation", Map.of("rows", 332L, "toxic", 42L, "severe_toxic", 17L, "obscene", 35L,
        "threat", 1L, "insult", 32L, "identity_hate", 4L));
    man.labelCounts.put("test", Map.of("rows", 1317L, "toxic", 167L, "severe_toxic", 11L, "obscene", 100L,
        "threat", 18L, "insult", 110L, "identity_hate", 29L));
    Json.write(d.resolve("manifest.json"), man);
    Path dir = root.resolve("toxic").resolve("model");
    Files.createDirectories(dir);
    StringBuilder h = new StringBuilder("epoch,train_loss,val_loss,val_mean_auc");
    for (String l : TOXIC_LABELS) h.append(",val_auc_").append(l);
    h.append(",seconds,seq_per_s,best\n");
    for (int e = 1; e <= 10; e++) {
      h.append(e).append(',').append(1.4 - 0.05 * e).append(',').append(1.3 - 0.04 * e).append(',').append(0.5 + 0.04 * e);
      for (int k = 0; k < TOXIC_LABELS.size(); k++) h.append(',').append(String.format(java.util.Locale.ROOT, "%.6f", 0.5 + 0.03 * e + 0.01 * k));
      h.append(",41.290,65.8,").append(e == 10).append('\n');
    }
    Files.writeString(dir.resolve("history.csv"), h);
    CharsparkConfig cfg = CharsparkConfig.load(Path.of("../conf/toxic-demo.conf"), List.of());
    cfg.saveTo(dir.resolve("config.conf"));
    ModelInfo info = new ModelInfo();
    info.workload = "toxic";
    info.arch = "bilstm";
    info.labelField = "toxic";
    info.labels = TOXIC_LABELS;
    info.trainPositiveRates = new java.util.LinkedHashMap<>();
    for (String l : TOXIC_LABELS) info.trainPositiveRates.put(l, man.labelCounts.get("train").get(l) / 2668.0);
    info.trainPositiveRate = 339 / 2668.0;
    info.network = "graph";
    info.etl = new CharTransform(150, Truncation.POST);
    info.threshold = 0.5;
    info.bestEpoch = 10;
    info.epochsRun = 10;
    info.data = Fs.qualified(d.toAbsolutePath().toString());
    Json.write(dir.resolve("model.json"), info);
    Map<String, Object> best = new java.util.LinkedHashMap<>();
    best.put("epoch", 10);
    best.put("val_loss", 0.9);
    for (String l : TOXIC_LABELS) best.put("val_auc_" + l, 0.8);
    Json.write(dir.resolve("metrics.json"), best);
    Map<String, BinaryMetrics> byLabel = new java.util.LinkedHashMap<>();
    Map<String, Object> auc = new java.util.LinkedHashMap<>();
    Map<String, Object> ll = new java.util.LinkedHashMap<>();
    long seed = 1;
    for (String l : TOXIC_LABELS) {
      BinaryMetrics m = metrics(1317, seed++);
      byLabel.put(l, m);
      auc.put(l, m.auc());
      ll.put(l, m.logLoss());
    }
    Map<String, Object> ev = new java.util.LinkedHashMap<>();
    ev.put("split", "test");
    ev.put("rows", 1317);
    ev.put("mean_auc", 0.8);
    ev.put("auc", auc);
    ev.put("log_loss", ll);
    ev.put("baselines", Map.of("constant_prior", Map.of(), "constant_prior_log_loss", Map.of()));
    Json.write(dir.resolve("evaluation/test.json"), ev);
    EvaluationCharts.classifier(dir.resolve("evaluation"), "test", byLabel);
    Files.writeString(dir.resolve("_SUCCESS"), "");
    return dir;
  }

  /** Reads a PNG back and checks it is a real, non-trivial picture of the expected size. */
  static BufferedImage assertPng(byte[] bytes, int width, int height, String what) throws IOException {
    assertTrue(bytes.length > 5_000, what + ": only " + bytes.length + " bytes");
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(img, what + " is not a readable image");
    assertEquals(width, img.getWidth(), what);
    assertEquals(height, img.getHeight(), what);
    // Not a blank canvas: a chart has many distinct colours (lines, text, antialiasing).
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < height; y += 3) for (int x = 0; x < width; x += 3) colours.add(img.getRGB(x, y));
    assertTrue(colours.size() > 10, what + " has only " + colours.size() + " colours");
    return img;
  }

  static BufferedImage assertPng(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), file + " missing");
    return assertPng(Files.readAllBytes(file), Charts.WIDTH, Charts.HEIGHT, file.toString());
  }
}
