package io.charspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import io.charspark.etl.LmEtl;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class NetworkFactoryTest {
  @org.junit.jupiter.api.Test
  void languageModelWithDropoutAndDropConnectTrainsAndOutputsADistribution() {
    CharsparkConfig cfg =
        CharsparkConfig.load(
            java.nio.file.Path.of("../conf/showerthoughts.conf"),
            List.of("lm.window=12", "model.lm_units=16", "model.embedding_dim=8",
                "optimizer.learning_rate=0.01"));
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.languageModel(cfg));
    net.init();
    int[][] pairs = LmEtl.pairs("the force is strong with this one", 12, 1, true);
    int n = pairs.length;
    float[] f = new float[n * 12];
    float[] l = new float[n * 100];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < 12; t++) f[i * 12 + t] = pairs[i][t];
      l[i * 100 + pairs[i][12]] = 1;
    }
    DataSet ds = new DataSet(Nd4j.create(f, new long[] {n, 12}, 'c'), Nd4j.create(l, new long[] {n, 100}, 'c'));
    INDArray out = net.output(ds.getFeatures());
    assertArrayEquals(new long[] {n, 100}, out.shape());
    assertEquals(n, out.sumNumber().doubleValue(), 1e-3);
    double before = net.score(ds);
    for (int i = 0; i < 40; i++) net.fit(ds);
    assertTrue(net.score(ds) < before * 0.8, "loss " + before + " -> " + net.score(ds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cnn", "lstm", "cnn_lstm", "bilstm"})
  void everyArchitectureMapsIndexSequencesToOneProbabilityAndLearns(String arch) {
    CharsparkConfig cfg =
        CharsparkConfig.load(
            null,
            List.of("model.arch=" + arch, "etl.max_length=40", "model.lstm_units=8",
                "model.bilstm_units=8", "model.conv_filters=4", "model.conv_kernel=3",
                "model.dense_units=8", "model.embedding_dim=8", "optimizer.learning_rate=0.01"));
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.spoilers(cfg));
    net.init();
    CharEtl etl = new CharEtl(40, false);
    int n = 16;
    float[] f = new float[n * 40];
    float[] l = new float[n];
    for (int i = 0; i < n; i++) {
      int[] seq = etl.encode(i % 2 == 0 ? "the force is strong with this one" : "zzz qqq");
      for (int t = 0; t < 40; t++) f[i * 40 + t] = seq[t];
      l[i] = i % 2 == 0 ? 1 : 0;
    }
    INDArray x = Nd4j.create(f, new long[] {n, 40}, 'c');
    INDArray y = Nd4j.create(l, new long[] {n, 1}, 'c');
    INDArray out = net.output(x);
    assertArrayEquals(new long[] {n, 1}, out.shape());
    assertTrue(out.minNumber().doubleValue() > 0 && out.maxNumber().doubleValue() < 1);
    DataSet ds = new DataSet(x, y);
    double before = net.score(ds);
    for (int i = 0; i < 30; i++) net.fit(ds);
    double after = net.score(ds);
    assertTrue(after < before, arch + ": loss did not fall: " + before + " -> " + after);
    assertEquals(CharEtl.VOCAB_SIZE, net.getLayer(0).getParam("W").rows());
  }
}
