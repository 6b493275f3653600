package io.charspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The fused LSTM against finite differences and against DL4J's own LSTM. */
class FusedLstmTest {
  private static DataType savedType;

  @BeforeAll
  static void doublePrecision() {
    savedType = Nd4j.dataType();
  }

  @AfterAll
  static void restore() {
    Nd4j.setDefaultDataTypes(savedType, savedType);
  }

  private static Layer lstm(int units, boolean fused, String wrap) {
    LSTM l = new LSTM.Builder().nOut(units).activation(Activation.TANH).build();
    Layer inner = fused ? FusedLstm.of(l) : l;
    return switch (wrap) {
      case "last" -> new LastTimeStep(inner);
      case "bi" -> new Bidirectional(Bidirectional.Mode.CONCAT, inner);
      case "bilast" -> new LastTimeStep(new Bidirectional(Bidirectional.Mode.CONCAT, inner));
      default -> inner;
    };
  }

  /** Real-valued input [mb, nIn, T] → (wrapped) LSTM → output per step or for the last step. */
  private static MultiLayerNetwork small(boolean fused, String wrap, int nIn, int units, int t, DataType type) {
    boolean seq = wrap.equals("none") || wrap.equals("bi");
    NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
        .seed(7).dataType(type).updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
        .layer(lstm(units, fused, wrap));
    b.layer(seq
        ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build()
        : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build());
    MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.recurrent(nIn, t)).build());
    net.init();
    return net;
  }

  private static INDArray oneHotLabels(int mb, int t, boolean seq, DataType type) {
    INDArray y = seq ? Nd4j.zeros(type, mb, 3, t) : Nd4j.zeros(type, mb, 3);
    for (int m = 0; m < mb; m++) {
      if (seq) for (int s = 0; s < t; s++) y.putScalar(new int[] {m, (m + s) % 3, s}, 1.0);
      else y.putScalar(m, m % 3, 1.0);
    }
    return y;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"none", "last", "bi", "bilast"})
  void gradientsMatchFiniteDifferencesInDouble(String wrap) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    int mb = 3, nIn = 4, units = 5, t = 6;
    MultiLayerNetwork net = small(true, wrap, nIn, units, t, DataType.DOUBLE);
    assertTrue(net.getLayer(0).toString().contains("FusedLstm") || net.getLayerWiseConfigurations().toJson().contains("FusedLstm"));
    Nd4j.getRandom().setSeed(12);
    INDArray x = Nd4j.rand(DataType.DOUBLE, mb, nIn, t).subi(0.5).muli(2);
    boolean seq = wrap.equals("none") || wrap.equals("bi");
    INDArray y = oneHotLabels(mb, t, seq, DataType.DOUBLE);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
        .net(net).input(x).labels(y).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    assertTrue(ok, "gradient check failed for " + wrap);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"none", "last", "bi", "bilast"})
  void sameActivationsAndGradientsAsDl4jLstmInDouble(String wrap) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    int mb = 3, nIn = 4, units = 5, t = 6;
    MultiLayerNetwork d = small(false, wrap, nIn, units, t, DataType.DOUBLE);
    MultiLayerNetwork f = small(true, wrap, nIn, units, t, DataType.DOUBLE);
    f.setParams(d.params().dup());
    Nd4j.getRandom().setSeed(12);
    INDArray x = Nd4j.rand(DataType.DOUBLE, mb, nIn, t).subi(0.5).muli(2);
    boolean seq = wrap.equals("none") || wrap.equals("bi");
    INDArray y = oneHotLabels(mb, t, seq, DataType.DOUBLE);
    java.util.List<INDArray> ad = d.feedForward(x, true), af = f.feedForward(x, true);
    for (int i = 0; i < ad.size(); i++) {
      assertTrue(maxRelErr(ad.get(i), af.get(i)) < 1e-12, "activation " + i + " differs: " + ad.get(i) + " vs " + af.get(i));
    }
    d.setInput(x); d.setLabels(y); f.setInput(x); f.setLabels(y);
    d.computeGradientAndScore();
    f.computeGradientAndScore();
    assertEquals(d.score(), f.score(), 1e-12);
    for (String k : d.gradient().gradientForVariable().keySet()) {
      double err = maxRelErr(d.gradient().gradientForVariable().get(k), f.gradient().gradientForVariable().get(k));
      assertTrue(err < 1e-10, "gradient " + k + " differs: " + err + "\n" + d.gradient().gradientForVariable().get(k) + "\n" + f.gradient().gradientForVariable().get(k));
    }
  }

  /** The benchmark model (Embedding 99→50 → LSTM 128 → last step → sigmoid, length 256, batch 64). */
  private static MultiLayerNetwork bench(boolean fused, DataType type) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(3).dataType(type).updater(new RmsProp(1e-3)).weightInit(WeightInit.XAVIER).list()
        .layer(new EmbeddingSequenceLayer.Builder().nIn(99).nOut(50).inputLength(256).build())
        .layer(lstm(128, fused, "last"))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
        .setInputType(InputType.recurrent(99, 256)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static double maxRelErr(INDArray a, INDArray b) {
    INDArray diff = a.sub(b);
    double scale = Math.max(a.amaxNumber().doubleValue(), 1e-12);
    return diff.amaxNumber().doubleValue() / scale;
  }

  @Test
  void sameOutputScoreAndGradientsAsDl4jLstmOnTheBenchmarkShape() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    MultiLayerNetwork dl4j = bench(false, DataType.FLOAT);
    MultiLayerNetwork fused = bench(true, DataType.FLOAT);
    fused.setParams(dl4j.params().dup());
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(DataType.FLOAT, 64, 256).muli(99).castTo(DataType.INT32).castTo(DataType.FLOAT);
    INDArray y = Nd4j.rand(DataType.FLOAT, 64, 1).gt(0.5).castTo(DataType.FLOAT);
    INDArray outD = dl4j.output(x), outF = fused.output(x);
    assertTrue(maxRelErr(outD, outF) < 1e-5, "outputs differ: " + maxRelErr(outD, outF));
    dl4j.setInput(x);
    dl4j.setLabels(y);
    fused.setInput(x);
    fused.setLabels(y);
    dl4j.computeGradientAndScore();
    fused.computeGradientAndScore();
    assertEquals(dl4j.score(), fused.score(), 1e-5 * Math.abs(dl4j.score()));
    Map<String, INDArray> gd = dl4j.gradient().gradientForVariable();
    Map<String, INDArray> gf = fused.gradient().gradientForVariable();
    assertEquals(gd.keySet(), gf.keySet());
    for (String k : gd.keySet()) {
      double err = maxRelErr(gd.get(k), gf.get(k));
      assertTrue(err < 1e-3, "gradient " + k + " differs: max relative error " + err);
    }
  }

  @Test
  void refusesMasksWrongLengthAndUnsupportedActivations() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    IllegalStateException act = assertThrows(IllegalStateException.class, () -> FusedLstm.of(
        new LSTM.Builder().name("enc").nIn(3).nOut(4).activation(Activation.RELU).build()));
    assertTrue(act.getMessage().contains("'enc'") && act.getMessage().contains("relu"), act.getMessage());
    IllegalStateException gate = assertThrows(IllegalStateException.class, () -> FusedLstm.of(
        new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).gateActivationFunction(Activation.HARDSIGMOID).build()));
    assertTrue(gate.getMessage().contains("gate activation"), gate.getMessage());

    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(FusedLstm.of(new LSTM.Builder().name("enc").nOut(4).activation(Activation.TANH).build()).timeSteps(8))
        .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
        .setInputType(InputType.recurrent(3, 8)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    IllegalStateException len = assertThrows(IllegalStateException.class, () -> net.output(Nd4j.rand(DataType.FLOAT, 2, 3, 9)));
    assertTrue(len.getMessage().contains("length 9") && len.getMessage().contains("length 8")
        && len.getMessage().contains("'enc'"), len.getMessage());
    IllegalStateException mask = assertThrows(IllegalStateException.class,
        () -> net.output(Nd4j.rand(DataType.FLOAT, 2, 3, 8), false, Nd4j.ones(DataType.FLOAT, 2, 8), null));
    assertTrue(mask.getMessage().contains("mask"), mask.getMessage());
  }

  private static MultiLayerNetwork tiny(boolean fused) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(11).updater(new RmsProp(1e-2)).weightInit(WeightInit.XAVIER).list()
        .layer(new EmbeddingSequenceLayer.Builder().nIn(99).nOut(8).inputLength(20).build())
        .layer(new Bidirectional(Bidirectional.Mode.CONCAT, lstm(16, fused, "none")))
        .layer(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
            org.deeplearning4j.nn.conf.layers.PoolingType.MAX).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
        .setInputType(InputType.recurrent(99, 20)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** Sequences of 20 indices; label 1 when index 7 occurs in the second half. */
  private static org.nd4j.linalg.dataset.DataSet task(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    INDArray x = Nd4j.zeros(DataType.FLOAT, n, 20);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, 1);
    for (int i = 0; i < n; i++) {
      boolean pos = r.nextBoolean();
      for (int t = 0; t < 20; t++) {
        int v = 1 + r.nextInt(6);
        if (pos && t == 10 + r.nextInt(10)) v = 7;
        x.putScalar(i, t, v);
      }
      y.putScalar(i, 0, pos ? 1 : 0);
    }
    return new org.nd4j.linalg.dataset.DataSet(x, y);
  }

  @Test
  void trainsToTheSameValidationLossAsDl4jLstm() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    org.nd4j.linalg.dataset.DataSet train = task(512, 1), val = task(256, 2);
    double[] loss = new double[2];
    for (int k = 0; k < 2; k++) {
      MultiLayerNetwork net = tiny(k == 1);
      for (int epoch = 0; epoch < 3; epoch++) {
        for (org.nd4j.linalg.dataset.DataSet b : train.batchBy(32)) net.fit(b);
      }
      loss[k] = net.score(val);
    }
    // The task is learnable: both well below the constant-prior loss ln 2 = 0.693.
    assertTrue(loss[0] < 0.6 && loss[1] < 0.6, java.util.Arrays.toString(loss));
    assertEquals(loss[0], loss[1], 0.01 * loss[0], "dl4j vs fused validation loss");
  }

  @Test
  void checkpointsMoveBetweenImplementationsWithUpdaterState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    org.nd4j.linalg.dataset.DataSet data = task(64, 3);
    MultiLayerNetwork old = tiny(false);
    old.fit(data);
    java.io.File zip = dir.resolve("ckpt.zip").toFile();
    org.deeplearning4j.util.ModelSerializer.writeModel(old, zip, true);
    MultiLayerNetwork restored = (MultiLayerNetwork) Nets.restore(zip, true);
    MultiLayerNetwork fused = (MultiLayerNetwork) LstmImpl.FUSED.convert(restored);
    assertTrue(fused.getLayerWiseConfigurations().toJson().contains(FusedLstm.class.getName()));
    assertTrue(LstmImpl.FUSED.convert(fused) == fused, "already fused: unchanged");
    assertEquals(old.params(), fused.params());
    assertEquals(old.getUpdater().getStateViewArray(), fused.getUpdater().getStateViewArray());
    assertTrue(maxRelErr(old.output(data.getFeatures()), fused.output(data.getFeatures())) < 1e-5);
    // One more step on each: same update (updater state carried over).
    old.fit(data);
    fused.fit(data);
    assertTrue(maxRelErr(old.params(), fused.params()) < 1e-4, "params after a step: " + maxRelErr(old.params(), fused.params()));
    // The fused network round-trips through ModelSerializer and Java serialisation as itself.
    java.io.File zip2 = dir.resolve("fused.zip").toFile();
    org.deeplearning4j.util.ModelSerializer.writeModel(fused, zip2, true);
    MultiLayerNetwork back = (MultiLayerNetwork) Nets.restore(zip2, true);
    assertTrue(back.getLayer(1).getClass().getName().contains("Bidirectional"));
    assertEquals(fused.output(data.getFeatures()), back.output(data.getFeatures()));
    MultiLayerNetwork javaSer = org.apache.commons.lang3.SerializationUtils.clone(fused);
    assertEquals(fused.output(data.getFeatures()), javaSer.output(data.getFeatures()));
    // And back to DL4J's layer.
    MultiLayerNetwork dl4j = (MultiLayerNetwork) LstmImpl.DL4J.convert(back);
    assertTrue(!dl4j.getLayerWiseConfigurations().toJson().contains(FusedLstm.class.getName()));
    assertTrue(maxRelErr(back.output(data.getFeatures()), dl4j.output(data.getFeatures())) < 1e-5);
  }

  @Test
  void floatExpIsWithinFloatPrecisionOfMathExp() {
    double worst = 0;
    for (int i = 0; i <= 200_000; i++) {
      float x = -87f + 175f * i / 200_000f;
      double want = Math.exp(x);
      worst = Math.max(worst, Math.abs(GateKernel.expf(x) - want) / want);
    }
    assertTrue(worst < 3e-7, "max relative error " + worst);
    assertEquals(1.0f, GateKernel.expf(0f));
    assertTrue(Float.isNaN(GateKernel.expf(Float.NaN)));
    assertEquals((float) Math.exp(88), GateKernel.expf(1000f), 1e32, "clamped above");
    assertTrue(GateKernel.expf(-1000f) > 0, "clamped below: a normal float");
  }

  @Test
  void simdExpIsWithinFloatPrecisionOfMathExp() {
    float[] xs = new float[200_016];
    for (int i = 0; i < xs.length; i++) xs[i] = -87f + 175f * Math.min(i, 200_000) / 200_000f;
    int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    float[] got = new float[lanes];
    double worst = 0;
    for (int i = 0; i + lanes <= xs.length; i += lanes) {
      SimdGateKernel.exp(jdk.incubator.vector.FloatVector.fromArray(
          jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, xs, i)).intoArray(got, 0);
      for (int k = 0; k < lanes; k++) {
        double want = Math.exp(xs[i + k]);
        worst = Math.max(worst, Math.abs(got[k] - want) / want);
      }
    }
    assertTrue(worst < 3e-7, "max relative error " + worst);
  }

  /** The project's JVM flags (conf/jvm.options, Surefire's argLine) turn the Vector API pass on. */
  @Test
  void simdGatePassIsOnAndEqualsTheScalarPass() {
    assertTrue(GateKernel.instance() instanceof SimdGateKernel,
        "the fused LSTM runs its scalar pass: is --add-modules=jdk.incubator.vector missing? " + GateKernel.instance().name());
    java.util.Random rnd = new java.util.Random(7);
    for (int[] shape : new int[][] {{3, 37}, {64, 128}, {2, 5}}) {
      int mb = shape[0], h = shape[1], n = mb * h;
      float[] z = gauss(rnd, mb * 4 * h, 3f), b = gauss(rnd, 4 * h, 0.5f), cp = gauss(rnd, n, 2f);
      float[][] scalar = {z.clone(), new float[n], new float[n], new float[n]};
      float[][] simd = {z.clone(), new float[n], new float[n], new float[n]};
      GateKernel.SCALAR.forward(scalar[0], b, cp, scalar[1], scalar[2], scalar[3], mb, h);
      GateKernel.instance().forward(simd[0], b, cp, simd[1], simd[2], simd[3], mb, h);
      for (int k = 0; k < 4; k++) assertClose(scalar[k], simd[k], 1e-6f, "forward output " + k + " at " + mb + "x" + h);
      // Backward from the forward's activations.
      float[] eps = gauss(rnd, n, 1f), dhr = gauss(rnd, n, 1f), dc0 = gauss(rnd, n, 1f);
      float[] zs1 = scalar[0].clone(), zs2 = scalar[0].clone(), dc1 = dc0.clone(), dc2 = dc0.clone();
      float[] db1 = new float[4 * h], db2 = new float[4 * h];
      GateKernel.SCALAR.backward(zs1, cp, scalar[2], eps, dhr, dc1, db1, mb, h);
      GateKernel.instance().backward(zs2, cp, scalar[2], eps, dhr, dc2, db2, mb, h);
      assertClose(zs1, zs2, 1e-6f, "gate gradients at " + mb + "x" + h);
      assertClose(dc1, dc2, 1e-6f, "carried cell gradient at " + mb + "x" + h);
      assertClose(db1, db2, 1e-5f, "bias gradient at " + mb + "x" + h);
    }
  }

  private static float[] gauss(java.util.Random rnd, int n, float scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian() * scale;
    return a;
  }

  /** |a - b| ≤ tol·max(1, |a|) element-wise. */
  private static void assertClose(float[] a, float[] b, float tol, String what) {
    for (int i = 0; i < a.length; i++) {
      assertTrue(Math.abs(a[i] - b[i]) <= tol * Math.max(1f, Math.abs(a[i])),
          what + "[" + i + "]: " + a[i] + " vs " + b[i]);
    }
  }
}
