package io.charspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class ToxicNetworkTest {
  static final List<String> LABELS = List.of("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate");

  static CharsparkConfig cfg(String arch) {
    return CharsparkConfig.load(Path.of("../conf/toxic.conf"),
        List.of("model.arch=" + arch, "etl.max_length=30", "model.bilstm_units=8", "model.embedding_dim=8",
            "model.dense_units=8", "optimizer.learning_rate=0.01"));
  }

  /**
   * Label k is on when the text contains the k-th marker word. Every text has the same length, so
   * the padding cannot give the label away: the network must read the characters.
   */
  static MultiDataSet data(double[] weights) {
    String[] markers = {"stupid", "awfulx", "dirtyx", "killer", "idiots", "groups"};
    CharEtl etl = new CharEtl(30, false);
    int n = 24;
    float[] f = new float[n * 30];
    float[][] y = new float[6][n];
    for (int i = 0; i < n; i++) {
      int k = i % 6;
      String text = i % 4 == 0 ? "you are lovely ok" : "you are " + markers[k] + " ok";
      int[] seq = etl.encode(text);
      for (int t = 0; t < 30; t++) f[i * 30 + t] = seq[t];
      if (i % 4 != 0) y[k][i] = 1;
    }
    INDArray[] labels = new INDArray[6];
    INDArray[] masks = weights == null ? null : new INDArray[6];
    for (int k = 0; k < 6; k++) {
      labels[k] = Nd4j.create(y[k], new long[] {n, 1}, 'c');
      if (masks != null) {
        float[] m = new float[n];
        for (int i = 0; i < n; i++) m[i] = 1f + (float) (weights[k] - 1) * y[k][i];
        masks[k] = Nd4j.create(m, new long[] {n, 1}, 'c');
      }
    }
    return new MultiDataSet(new INDArray[] {Nd4j.create(f, new long[] {n, 30}, 'c')}, labels, null, masks);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bilstm", "bi_conv_lstm", "cnn"})
  void sixNamedSigmoidHeadsOnASharedTrunkLearn(String arch) {
    ComputationGraph g = new ComputationGraph(NetworkFactory.toxic(cfg(arch)));
    g.init();
    assertEquals(LABELS, g.getConfiguration().getNetworkOutputs());
    MultiDataSet ds = data(null);
    INDArray out = Nets.output(g, ds.getFeatures(0));
    assertArrayEquals(new long[] {24, 6}, out.shape());
    assertTrue(out.minNumber().doubleValue() > 0 && out.maxNumber().doubleValue() < 1);
    double before = g.score(ds);
    for (int i = 0; i < 60; i++) g.fit(ds);
    assertTrue(g.score(ds) < before * 0.6, "loss " + before + " -> " + g.score(ds));
  }

  @Test
  void aPositiveWeightMultipliesTheLossOfPositiveExamplesOnly() {
    ComputationGraph g = new ComputationGraph(NetworkFactory.toxic(cfg("bilstm")));
    g.init();
    double plain = g.score(data(null));
    double ones = g.score(data(new double[] {1, 1, 1, 1, 1, 1}));
    double heavy = g.score(data(new double[] {1, 1, 1, 5, 1, 1}));
    assertEquals(plain, ones, 1e-6, "weights of 1 change nothing");
    assertTrue(heavy > plain * 1.05, "a weight of 5 on 'threat' positives raises the loss: " + plain + " -> " + heavy);
  }

  @Test
  void graphsAndMultiLayerNetworksRoundTripThroughNets(@TempDir Path dir) throws Exception {
    ComputationGraph g = new ComputationGraph(NetworkFactory.toxic(cfg("bilstm")));
    g.init();
    File zip = dir.resolve("g.zip").toFile();
    ModelSerializer.writeModel(g, zip, true);
    Model back = Nets.restore(zip, true);
    assertTrue(back instanceof ComputationGraph);
    INDArray x = data(null).getFeatures(0);
    assertEquals(Nets.output(g, x), Nets.output(Nets.fromBytes(Nets.toBytes(g), true), x));
    CharsparkConfig spoilers = CharsparkConfig.load(null, List.of("etl.max_length=40", "model.conv_kernel=3"));
    org.deeplearning4j.nn.multilayer.MultiLayerNetwork m =
        new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(NetworkFactory.spoilers(spoilers));
    m.init();
    File mz = dir.resolve("m.zip").toFile();
    ModelSerializer.writeModel(m, mz, false);
    assertTrue(Nets.restore(mz, false) instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork);
    assertTrue(Files.size(zip.toPath()) > 0);
  }
}
