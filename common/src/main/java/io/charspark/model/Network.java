package io.charspark.model;

import java.io.File;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network as charspark passes it between stages: new (from a configuration, initialised), being
 * trained, or restored from {@code model.zip}. The DL4J object inside ({@link #dl4j}) is reached only
 * from {@code model}, {@code train} and {@code inference}; everything else holds this handle
 * (docs/architecture.md).
 */
public final class Network {
  private final Model model;

  private Network(Model model) {
    if (model == null) throw new IllegalArgumentException("no network");
    this.model = model;
  }

  public static Network of(Model model) {
    return new Network(model);
  }

  /** A new multi-layer network (one output), initialised from the configuration's seed. */
  public static Network init(MultiLayerConfiguration conf) {
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return new Network(net);
  }

  /** A new graph (one output per head), initialised from the configuration's seed. */
  public static Network init(ComputationGraphConfiguration conf) {
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return new Network(g);
  }

  /** {@code model.zip} or a checkpoint, whichever kind of network it holds, without its updater. */
  public static Network restore(File zip) {
    return new Network(Nets.restore(zip, false));
  }

  public Model dl4j() {
    return model;
  }

  /** A graph (several outputs), not a multi-layer network. */
  public boolean isGraph() {
    return Nets.isGraph(model);
  }

  /** How many output arrays: one per head of a graph, 1 for a multi-layer network. */
  public int outputs() {
    return model instanceof ComputationGraph g ? g.getNumOutputArrays() : 1;
  }

  public long parameters() {
    return model.numParams();
  }

  /** The same weights as bytes ({@link Nets#toBytes}), e.g. to broadcast to executors. */
  public byte[] toBytes() {
    return Nets.toBytes(model);
  }
}
