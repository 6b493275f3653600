package io.charspark.model;

import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which LSTM implementation a network's recurrent layers use ({@code model.lstm_impl}).
 *
 * <ul>
 *   <li>{@code fused}: charspark's {@link FusedLstm} (one GEMM per step, fused gate math; the
 *       default on CPU);
 *   <li>{@code dl4j}: DL4J's own {@code LSTM} layer (the default on the CUDA backend, where its
 *       cuDNN helper runs it; on CPU kept for comparison);
 *   <li>{@code auto}: {@code dl4j} on a CUDA backend, {@code fused} otherwise.
 * </ul>
 *
 * Both have the same parameters in the same layout, so {@link #convert} moves a network (weights
 * and updater state) from one to the other: a checkpoint or {@code model.zip} written with DL4J's
 * layer resumes or scores with the fused one.
 */
public enum LstmImpl {
  FUSED,
  DL4J;

  private static final String DL4J_CLASS = "\"" + LSTM.class.getName() + "\"";
  private static final String FUSED_CLASS = "\"" + FusedLstm.class.getName() + "\"";

  /** {@code auto | fused | dl4j} → the implementation to use on this JVM's ND4J backend. */
  public static LstmImpl resolve(String setting) {
    return switch (setting.toLowerCase(Locale.ROOT)) {
      case "fused" -> FUSED;
      case "dl4j" -> DL4J;
      case "auto" -> cudaBackend() ? DL4J : FUSED;
      default -> throw new IllegalArgumentException(
          "model.lstm_impl = '" + setting + "' is not valid; expected one of [auto, dl4j, fused]");
    };
  }

  static boolean cudaBackend() {
    return Nd4j.getBackend().getClass().getName().toLowerCase(Locale.ROOT).contains("cuda");
  }

  /**
   * An LSTM layer configuration of this implementation. {@code conf} is a DL4J {@code LSTM}
   * configuration (units, activation, dropout, weight noise…); {@code timeSteps} the input length
   * the fused layer insists on (0 = any).
   */
  public Layer layer(LSTM conf, int timeSteps) {
    return this == FUSED ? FusedLstm.of(conf).timeSteps(timeSteps) : conf;
  }

  /**
   * {@code net} with every LSTM layer of this implementation: the same object if it already is,
   * otherwise a new network with the same configuration but the layer class swapped, the same
   * parameters and the same updater state (so training resumes exactly).
   */
  public Model convert(Model net) {
    String from = this == FUSED ? DL4J_CLASS : FUSED_CLASS;
    String to = this == FUSED ? FUSED_CLASS : DL4J_CLASS;
    INDArray updaterState;
    if (net instanceof MultiLayerNetwork m) {
      String json = m.getLayerWiseConfigurations().toJson();
      if (!json.contains(from)) return net;
      MultiLayerNetwork out = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json.replace(from, to)));
      out.init(m.params().dup(), false);
      updaterState = m.getUpdater() == null ? null : m.getUpdater().getStateViewArray();
      if (updaterState != null) out.getUpdater().setStateViewArray(out, updaterState.dup(), false);
      return out;
    }
    ComputationGraph g = (ComputationGraph) net;
    String json = g.getConfiguration().toJson();
    if (!json.contains(from)) return net;
    ComputationGraph out = new ComputationGraph(ComputationGraphConfiguration.fromJson(json.replace(from, to)));
    out.init(g.params().dup(), false);
    updaterState = g.getUpdater() == null ? null : g.getUpdater().getStateViewArray();
    if (updaterState != null) out.getUpdater().setStateViewArray(updaterState.dup());
    return out;
  }
}
