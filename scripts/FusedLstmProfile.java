// Where the fused LSTM's time goes when it trains the benchmark model (docs/performance.md,
// "Fused LSTM"): Embedding 99 -> 50 -> FusedLstm 128 -> last step -> Dense(1, sigmoid), length 256,
// batch 64, RMSprop, one thread. Prints wall time per minibatch, the layer's own parts (its
// PROFILE_NANOS, counted because this script runs with -Dcharspark.lstm.profile=true), the ND4J ops
// the layer launches, and the SGEMM rate at the step shape for the limit. Run after
// `mvn -B -DskipTests install` (OPENBLAS_CORETYPE as the launcher sets it, see docs/performance.md):
//   OMP_NUM_THREADS=1 java $(grep -v "^#" conf/jvm.options | tr "\n" " ") -Xmx4g -Dcharspark.lstm.profile=true -cp "$(cat jobs/target/classpath.txt):jobs/target/classes:common/target/classes" scripts/FusedLstmProfile.java
import io.charspark.model.FusedLstm;
import io.charspark.model.FusedLstmLayer;
import java.util.Locale;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

public class FusedLstmProfile {
  public static void main(String[] a) {
    int len = 256, batch = 64, units = 128, emb = 50, iters = 20;
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
        .updater(new RmsProp(1e-3)).list()
        .layer(new EmbeddingSequenceLayer.Builder().nIn(99).nOut(emb).inputLength(len).build())
        .layer(new LastTimeStep(FusedLstm.of(new LSTM.Builder().nOut(units).activation(Activation.TANH).build())))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
        .setInputType(InputType.recurrent(99, len)).build());
    net.init();
    Nd4j.getRandom().setSeed(42);
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, len).muli(98).castTo(DataType.INT32).castTo(DataType.FLOAT);
    INDArray y = Nd4j.rand(DataType.FLOAT, batch, 1).gt(0.5).castTo(DataType.FLOAT);
    DataSet ds = new DataSet(x, y);
    for (int i = 0; i < 5; i++) net.fit(ds); // warm-up (JIT, buffers)
    java.util.Arrays.fill(FusedLstmLayer.PROFILE_NANOS, 0);
    FusedLstmLayer.PROFILE_OPS[0] = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < iters; i++) net.fit(ds);
    double wall = (System.nanoTime() - t0) / 1e9 / iters;
    String[] parts = {"input projection GEMM", "recurrent GEMMs, forward", "fused gate passes, forward",
        "fused gate passes, backward", "recurrent GEMMs, backward", "dW, dRW, dX GEMMs + bias", "layout copies"};
    double layer = 0;
    System.out.printf(Locale.ROOT, "wall time per minibatch (64 x 256): %.1f ms, %.1f seq/s%n", wall * 1e3, batch / wall);
    for (int i = 0; i < parts.length; i++) {
      double ms = FusedLstmLayer.PROFILE_NANOS[i] / 1e6 / iters;
      layer += ms;
      System.out.printf(Locale.ROOT, "  %-30s %7.1f ms  %4.1f%%%n", parts[i], ms, 100 * ms / (wall * 1e3));
    }
    System.out.printf(Locale.ROOT, "  %-30s %7.1f ms  %4.1f%%%n", "rest (embedding, head, RMSprop)", wall * 1e3 - layer,
        100 * (wall * 1e3 - layer) / (wall * 1e3));
    System.out.printf(Locale.ROOT, "ND4J ops launched by the layer per minibatch: %d%n", FusedLstmLayer.PROFILE_OPS[0] / iters);
    double gemmFlops = 3 * (2.0 * len * batch * 4 * units * (emb + units));
    double gemmMs = 0;
    for (int i : new int[] {0, 1, 4, 5}) gemmMs += FusedLstmLayer.PROFILE_NANOS[i] / 1e6 / iters;
    System.out.printf(Locale.ROOT, "GEMMs: %.2f GFLOP per minibatch in %.1f ms = %.1f GFLOP/s%n", gemmFlops / 1e9, gemmMs,
        gemmFlops / 1e9 / (gemmMs / 1e3));
    // The limit: SGEMM at the step shape and square, one thread.
    INDArray h = Nd4j.rand(DataType.FLOAT, batch, units), w = Nd4j.rand(DataType.FLOAT, units, 4 * units);
    INDArray z = Nd4j.createUninitialized(DataType.FLOAT, batch, 4 * units);
    for (int i = 0; i < 50; i++) Nd4j.gemm(h, w, z, false, false, 1.0, 0.0);
    long g0 = System.nanoTime();
    int calls = 2000;
    for (int i = 0; i < calls; i++) Nd4j.gemm(h, w, z, false, false, 1.0, 0.0);
    double step = 2.0 * batch * units * 4 * units * calls / ((System.nanoTime() - g0) / 1e9) / 1e9;
    INDArray s1 = Nd4j.rand(DataType.FLOAT, 1024, 1024), s2 = Nd4j.rand(DataType.FLOAT, 1024, 1024), s3 = Nd4j.create(DataType.FLOAT, 1024, 1024);
    for (int i = 0; i < 3; i++) Nd4j.gemm(s1, s2, s3, false, false, 1.0, 0.0);
    g0 = System.nanoTime();
    for (int i = 0; i < 10; i++) Nd4j.gemm(s1, s2, s3, false, false, 1.0, 0.0);
    double square = 2.0 * 1024 * 1024 * 1024 * 10 / ((System.nanoTime() - g0) / 1e9) / 1e9;
    System.out.printf(Locale.ROOT, "SGEMM, one thread: step shape 64x128x512 %.1f GFLOP/s (Nd4j.gemm), 1024^3 %.1f GFLOP/s%n", step, square);
    System.out.printf(Locale.ROOT, "training at %.1f GFLOP/s = %.0f%% of the square SGEMM rate%n", gemmFlops / 1e9 / wall,
        100 * gemmFlops / 1e9 / wall / square);
  }
}
