// Where DL4J's time goes when it trains the benchmark model (docs/performance.md, "Training"): the bench
// model (Embedding 99 -> 50 -> LSTM 128 -> last step -> Dense(1, sigmoid), length 256, batch 64,
// RMSprop) fitted on one thread, first without, then with ND4J's op profiler; prints the
// profiler's per-op dashboard. Run after `mvn -B -DskipTests install`:
//   OMP_NUM_THREADS=1 java $(grep -v "^#" conf/jvm.options | tr "\n" " ") -Xmx4g -cp "$(cat jobs/target/classpath.txt):jobs/target/classes:common/target/classes" scripts/Dl4jLstmProfile.java
import java.util.Locale;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

public class Dl4jLstmProfile {
  public static void main(String[] a) {
    int len = 256, batch = 64, iters = 20;
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
        .updater(new RmsProp(1e-3)).list()
        .layer(new EmbeddingSequenceLayer.Builder().nIn(99).nOut(50).inputLength(len).build())
        .layer(new LastTimeStep(new LSTM.Builder().nOut(128).activation(Activation.TANH).build()))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
        .setInputType(InputType.recurrent(99, len)).build());
    net.init();
    Nd4j.getRandom().setSeed(42);
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, len).muli(98).castTo(org.nd4j.linalg.api.buffer.DataType.INT32).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    INDArray y = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, 1).gt(0.5).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    DataSet ds = new DataSet(x, y);
    for (int i = 0; i < 5; i++) net.fit(ds); // warm-up
    long t0 = System.nanoTime();
    for (int i = 0; i < iters; i++) net.fit(ds);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "PROFILE unprofiled: %.1f seq/s (%d minibatches of %d, length %d)%n", iters * batch / s, iters, batch, len);
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
    OpProfiler.getInstance().reset();
    t0 = System.nanoTime();
    for (int i = 0; i < iters; i++) net.fit(ds);
    s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "PROFILE profiled: %.1f seq/s; ND4J ops per minibatch: %.0f%n", iters * batch / s,
        (double) OpProfiler.getInstance().getInvocationsCount() / iters);
    OpProfiler.getInstance().printOutDashboard();
  }
}
