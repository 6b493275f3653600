package io.charspark.inference;

import io.charspark.etl.CharEtl;
import io.charspark.etl.LmWindows;
import io.charspark.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Temperature sampling from a character language model, on the driver. Starts from {@code <} plus
 * the cleaned seed text, and stops at {@code >} or after {@code length} new characters. The pad
 * slot and the start marker are never sampled. Same random seed → same text.
 */
public final class Generator {
  private final MultiLayerNetwork net;
  private final LmWindows etl;
  private final int window;
  private final boolean keepNewline;

  /** {@code etl}: the model's saved ETL (its window and newline handling). */
  public Generator(Network net, LmWindows etl) {
    if (net.isGraph()) throw new IllegalArgumentException("A language model is a multi-layer network, not a graph");
    this.net = (MultiLayerNetwork) net.dl4j();
    this.etl = etl;
    this.window = etl.window();
    this.keepNewline = etl.keepNewline();
  }

  /** The seed as the model sees it: cleaned by the ETL, with the start marker, no end marker. */
  public String cleanSeed(String seed) {
    String c = CharEtl.clean(seed == null ? "" : seed, keepNewline);
    return c.substring(0, c.length() - 1);
  }

  /** Generated characters only (without the seed and the markers). */
  public String generate(String seed, double temperature, int length, Random rnd) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    String start = cleanSeed(seed);
    List<Integer> seq = new ArrayList<>();
    for (char ch : start.toCharArray()) seq.add(CharEtl.index(ch));
    StringBuilder out = new StringBuilder();
    int end = CharEtl.index('>');
    for (int i = 0; i < length; i++) {
      int[] all = seq.stream().mapToInt(Integer::intValue).toArray();
      int[] ctx = etl.context(all, all.length);
      float[] f = new float[window];
      for (int t = 0; t < window; t++) f[t] = ctx[t];
      INDArray p = net.output(Nd4j.create(f, new long[] {1, window}, 'c'), false);
      int next = sample(p, temperature, rnd);
      if (next == end) break;
      seq.add(next);
      out.append(CharEtl.character(next));
    }
    return out.toString();
  }

  private static int sample(INDArray p, double temperature, Random rnd) {
    int n = (int) p.size(1);
    double[] w = new double[n];
    double total = 0;
    int startMarker = CharEtl.index('<');
    for (int i = 0; i < n; i++) {
      if (i == CharEtl.PAD || i == startMarker) continue;
      // p^(1/T), computed in log space so small temperatures do not underflow.
      w[i] = Math.log(Math.max(p.getDouble(0, i), 1e-30)) / temperature;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) if (i != CharEtl.PAD && i != startMarker) max = Math.max(max, w[i]);
    for (int i = 0; i < n; i++) {
      w[i] = (i == CharEtl.PAD || i == startMarker) ? 0 : Math.exp(w[i] - max);
      total += w[i];
    }
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < n; i++) {
      u -= w[i];
      if (u <= 0 && w[i] > 0) return i;
    }
    for (int i = n - 1; i >= 0; i--) if (w[i] > 0) return i;
    throw new IllegalStateException("no character to sample");
  }
}
