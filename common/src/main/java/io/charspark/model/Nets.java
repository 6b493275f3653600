package io.charspark.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two kinds of DL4J network charspark trains, behind one set of helpers: a {@link
 * MultiLayerNetwork} (spoilers, the language model) or a {@link ComputationGraph} (toxic: one
 * trunk, one output per label). Serialised models are told apart by their configuration, so a
 * model file needs no side information to be restored.
 */
public final class Nets {
  private Nets() {}

  public static boolean isGraph(Model m) {
    return m instanceof ComputationGraph;
  }

  /** Restores {@code model.zip} or a checkpoint, whichever kind of network it holds. */
  public static Model restore(File zip, boolean withUpdater) {
    try {
      return isGraphFile(zip)
          ? ModelSerializer.restoreComputationGraph(zip, withUpdater)
          : ModelSerializer.restoreMultiLayerNetwork(zip, withUpdater);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model " + zip + ": " + e.getMessage(), e);
    }
  }

  /** Restores a network serialised by {@link #toBytes} (no updater). */
  public static Model fromBytes(byte[] bytes, boolean graph) {
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return graph
          ? ModelSerializer.restoreComputationGraph(in, false)
          : ModelSerializer.restoreMultiLayerNetwork(in, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] toBytes(Model net) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ModelSerializer.writeModel(net, bos, false);
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Inference: {@code [n, k]} — a multi-layer network's output, or a graph's outputs (each {@code
   * [n, 1]} or {@code [n, c]}) side by side in the graph's output order.
   */
  public static INDArray output(Model net, INDArray features) {
    if (net instanceof MultiLayerNetwork m) return m.output(features, false);
    INDArray[] outs = ((ComputationGraph) net).output(false, features);
    return outs.length == 1 ? outs[0] : Nd4j.hstack(outs);
  }

  /** A ComputationGraph's configuration has "vertices"; a MultiLayerNetwork's has "confs". */
  static boolean isGraphFile(File zip) throws IOException {
    try (ZipFile z = new ZipFile(zip)) {
      ZipEntry e = z.getEntry("configuration.json");
      if (e == null) throw new IOException("not a DL4J model (no configuration.json)");
      String json = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
      return json.contains("\"vertices\"");
    }
  }
}
