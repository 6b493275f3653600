package io.charspark.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * charspark's LSTM layer: DL4J's {@code LSTM} (same parameters, same gate equations, same outputs
 * and gradients) with the recurrence structured as cuDNN and PyTorch structure it on CPU.
 *
 * <p>Forward, for input {@code x} {@code [mb, nIn, T]} (NCW; NWC {@code [mb, T, nIn]} also
 * accepted) and hidden size H:
 * <ol>
 *   <li>the input projection of all time steps as one GEMM: {@code Z = X·W}, {@code X} the input
 *       time-major {@code [T·mb, nIn]}, {@code Z} {@code [T, mb, 4H]};
 *   <li>per step t one recurrent GEMM {@code Z[t] += h[t-1]·RW} ({@code [mb, H]·[H, 4H]}), then
 *       one fused pass over the step's gate block (bias, the four non-linearities, cell update,
 *       output): {@code a = tanh(z_a)}, {@code f, o, i = σ(z_f), σ(z_o), σ(z_i)}, {@code c[t] =
 *       f·c[t-1] + i·a}, {@code h[t] = o·tanh(c[t])}, with DL4J's gate blocks in DL4J's order
 *       (block input a, forget f, output o, input gate i) and {@code h[-1] = c[-1] = 0}.
 * </ol>
 * Backward through time in the same structure: per step one fused pass that turns {@code dL/dh[t]}
 * into the four gates' pre-activation gradients (written over the saved activations) and one
 * recurrent GEMM {@code dh[t-1] = dZ[t]·RWᵀ}; after the loop the weight gradients as one GEMM each
 * ({@code dW = Xᵀ·dZ}, {@code dRW = Hprevᵀ·dZ}), the bias gradient as one column sum and the input
 * gradient as one GEMM ({@code dX = dZ·Wᵀ}). The forward pass of a training step is kept for the
 * backward pass (DL4J's layer recomputes it).
 *
 * <p>The element-wise passes run in Java over the direct buffers of the layer's own working arrays
 * (float or double, as the network); the GEMMs go straight to OpenBLAS ({@link CpuGemm}).
 * About {@code 2T + 6} ND4J ops per training minibatch instead of DL4J's ≈ 67 per time step.
 *
 * <p>Supported: tanh layer activation, sigmoid gates, no masks (charspark pre-pads to a fixed
 * length), full sequences ({@code LastTimeStep} and {@code Bidirectional} wrap it as they wrap
 * DL4J's layer), dropout on the input, weight noise (DropConnect). Anything else is refused with
 * an {@link IllegalStateException} naming the layer. Stateful inference ({@code rnnTimeStep}) and
 * truncated BPTT fall back to DL4J's implementation over the same parameters.
 */
public class FusedLstmLayer extends org.deeplearning4j.nn.layers.recurrent.LSTM {
  private static final String W = LSTMParamInitializer.INPUT_WEIGHT_KEY;
  private static final String RW = LSTMParamInitializer.RECURRENT_WEIGHT_KEY;
  private static final String B = LSTMParamInitializer.BIAS_KEY;

  /**
   * Time spent per part of the layer, summed over all instances, when the JVM runs with {@code
   * -Dcharspark.lstm.profile=true} ({@code scripts/FusedLstmProfile.java}); otherwise not counted.
   * Index: 0 input projection GEMM, 1 recurrent GEMMs (forward), 2 fused forward passes, 3 fused
   * backward passes, 4 recurrent GEMMs (backward), 5 weight/input-gradient GEMMs and bias sum,
   * 6 layout copies (input, output, epsilon in and out). Nanoseconds.
   */
  public static final long[] PROFILE_NANOS = new long[7];
  /** Number of ND4J ops the layer launched (GEMMs, assigns, the bias sum), when profiling. */
  public static final long[] PROFILE_OPS = new long[1];
  private static final boolean PROFILE = Boolean.getBoolean("charspark.lstm.profile");

  private static long tick() {
    return PROFILE ? System.nanoTime() : 0;
  }

  private static long tock(int part, long since, int ops) {
    if (!PROFILE) return 0;
    long now = System.nanoTime();
    PROFILE_NANOS[part] += now - since;
    PROFILE_OPS[0] += ops;
    return now;
  }

  /**
   * Which float gate pass this JVM runs: {@code "simd-<lanes>"} (the Vector API, when {@code
   * --add-modules=jdk.incubator.vector} is among the JVM's options, as in {@code conf/jvm.options})
   * or {@code "scalar"}.
   */
  public static String gatePass() {
    return GateKernel.instance().name();
  }

  /** Working arrays, reused across minibatches of one shape; detached from workspaces. */
  private transient Buffers buf;
  /** True while {@link #buf} holds the forward pass of the current training input. */
  private transient boolean forwardKept;

  public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    check(layerConf(), describe());
  }

  /** Refuses settings the fused kernels do not implement, naming the layer and the value. */
  static void check(org.deeplearning4j.nn.conf.layers.LSTM c, String name) {
    if (!(c.getActivationFn() instanceof ActivationTanH)) {
      throw new IllegalStateException(name + ": activation " + c.getActivationFn()
          + " is not supported by the fused LSTM (tanh only); use model.lstm_impl = dl4j");
    }
    if (!(c.getGateActivationFn() instanceof ActivationSigmoid)) {
      throw new IllegalStateException(name + ": gate activation " + c.getGateActivationFn()
          + " is not supported by the fused LSTM (sigmoid only); use model.lstm_impl = dl4j");
    }
  }

  private String describe() {
    String n = conf == null || conf.getLayer() == null ? null : conf.getLayer().getLayerName();
    return "fused LSTM layer " + (n == null ? "" : "'" + n + "' ") + "(index " + index + ")";
  }

  @Override
  public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    return activate(training, workspaceMgr);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    checkInput();
    applyDropOutIfNecessary(training, workspaceMgr);
    INDArray w = getParamWithNoise(W, training, workspaceMgr);
    INDArray rw = getParamWithNoise(RW, training, workspaceMgr);
    INDArray b = getParamWithNoise(B, training, workspaceMgr);
    forward(w, rw, b);
    forwardKept = training;
    Buffers s = buf;
    boolean nwc = nwc();
    long t0 = tick();
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, s.type,
        nwc ? new long[] {s.mb, s.t, s.h} : new long[] {s.mb, s.h, s.t}, 'c');
    // h[0..T-1] as [T, mb, H] → [mb, H, T] (NCW) or [mb, T, H] (NWC).
    out.assign(nwc ? s.hOut.permute(1, 0, 2) : s.hOut.permute(1, 2, 0));
    tock(6, t0, 1);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray w = getParamWithNoise(W, true, workspaceMgr);
    INDArray rw = getParamWithNoise(RW, true, workspaceMgr);
    if (!forwardKept) {
      // The layer was not activated for training on this input (or was cleared): redo the pass.
      checkInput();
      applyDropOutIfNecessary(true, workspaceMgr);
      forward(w, rw, getParamWithNoise(B, true, workspaceMgr));
    }
    forwardKept = false;
    Buffers s = buf;
    boolean nwc = nwc();
    long[] want = nwc ? new long[] {s.mb, s.t, s.h} : new long[] {s.mb, s.h, s.t};
    if (!java.util.Arrays.equals(epsilon.shape(), want)) {
      throw new IllegalStateException(describe() + ": gradient of shape "
          + java.util.Arrays.toString(epsilon.shape()) + ", expected " + java.util.Arrays.toString(want));
    }
    long t0 = tick();
    s.eps.assign(nwc ? epsilon.permute(1, 0, 2) : epsilon.permute(2, 0, 1));
    s.dh.assign(0);
    if (s.type == DataType.DOUBLE) {
      java.util.Arrays.fill(s.dcD, 0);
      java.util.Arrays.fill(s.dbD, 0);
    } else {
      java.util.Arrays.fill(s.dcF, 0);
      java.util.Arrays.fill(s.dbF, 0);
    }
    t0 = tock(6, t0, 2);
    int h = s.h, h4 = 4 * s.h, rows = s.t * s.mb;
    for (int t = s.t - 1; t >= 0; t--) {
      if (s.type == DataType.DOUBLE) backwardStepD(s, t); else backwardStepF(s, t);
      t0 = tock(3, t0, 0);
      // dh[t-1] = RW · dZ[t] ([H, mb] = [H, 4H] · [4H, mb]).
      if (t > 0) CpuGemm.gemm(false, false, h, s.mb, h4, 1.0, s.pRW, h, s.pZ[t], h4, 0.0, s.pDh, h);
      t0 = tock(4, t0, t > 0 ? 1 : 0);
    }
    // dZ now holds every step's gate pre-activation gradients (column-major [4H, T·mb]).
    CpuGemm.gemm(false, true, s.nIn, h4, rows, 1.0, s.pX, s.nIn, s.pZ[0], h4, 0.0, s.pGW, s.nIn);  // dW = X·dZᵀ
    CpuGemm.gemm(false, true, h, h4, rows, 1.0, s.pH[0], h, s.pZ[0], h4, 0.0, s.pGRW, h);          // dRW = Hprev·dZᵀ
    CpuGemm.gemm(false, false, s.nIn, rows, h4, 1.0, s.pW, s.nIn, s.pZ[0], h4, 0.0, s.pDx, s.nIn); // dX = W·dZ
    gradientViews.get(W).assign(s.gW);
    gradientViews.get(RW).assign(s.gRW);
    gradientViews.get(B).assign(s.type == DataType.DOUBLE
        ? Nd4j.createFromArray(s.dbD).reshape(1, h4) : Nd4j.createFromArray(s.dbF).reshape(1, h4));
    t0 = tock(5, t0, 6);
    Gradient g = new DefaultGradient();
    g.gradientForVariable().put(W, gradientViews.get(W));
    g.gradientForVariable().put(RW, gradientViews.get(RW));
    g.gradientForVariable().put(B, gradientViews.get(B));
    INDArray dx3 = s.dx.reshape('c', s.t, s.mb, s.nIn);
    INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, s.type,
        nwc ? new long[] {s.mb, s.t, s.nIn} : new long[] {s.mb, s.nIn, s.t}, 'c');
    epsOut.assign(nwc ? dx3.permute(1, 0, 2) : dx3.permute(1, 2, 0));
    tock(6, t0, 1);
    weightNoiseParams.clear();
    return new Pair<>(g, backpropDropOutIfPresent(epsOut));
  }

  @Override
  public void clear() {
    super.clear();
    forwardKept = false;
  }

  @Override
  public Pair<INDArray, org.deeplearning4j.nn.api.MaskState> feedForwardMaskArray(INDArray mask,
      org.deeplearning4j.nn.api.MaskState state, int minibatchSize) {
    if (mask != null) throw new IllegalStateException(maskMessage(mask));
    return super.feedForwardMaskArray(null, state, minibatchSize);
  }

  private String maskMessage(INDArray mask) {
    return describe() + ": a mask of shape " + java.util.Arrays.toString(mask.shape())
        + " was given; the fused LSTM takes fixed-length, pre-padded sequences without masks"
        + " (use model.lstm_impl = dl4j for masked input)";
  }

  private boolean nwc() {
    return TimeSeriesUtils.getFormatFromRnnLayer(layerConf()) == RNNFormat.NWC;
  }

  private void checkInput() {
    if (input.rank() != 3) {
      throw new IllegalStateException(describe() + ": input of rank " + input.rank()
          + " (shape " + java.util.Arrays.toString(input.shape()) + "), expected [minibatch, features, time]");
    }
    if (maskArray != null) throw new IllegalStateException(maskMessage(maskArray));
    long nIn = nwc() ? input.size(2) : input.size(1);
    if (nIn != layerConf().getNIn()) {
      throw new IllegalStateException(describe() + ": input has " + nIn + " features, expected nIn = "
          + layerConf().getNIn());
    }
    int expected = ((FusedLstm) layerConf()).getTimeSteps();
    long len = nwc() ? input.size(1) : input.size(2);
    if (expected > 0 && len != expected) {
      throw new IllegalStateException(describe() + ": input of length " + len
          + ", but the network was configured for length " + expected);
    }
  }

  /** Forward pass over the whole sequence into {@link #buf}. */
  private void forward(INDArray w, INDArray rw, INDArray b) {
    boolean nwc = nwc();
    int mb = (int) input.size(0);
    int t = (int) (nwc ? input.size(1) : input.size(2));
    int nIn = (int) (nwc ? input.size(2) : input.size(1));
    int h = (int) layerConf().getNOut();
    DataType type = w.dataType();
    if (buf == null || !buf.fits(type, mb, t, nIn, h)) buf = new Buffers(type, mb, t, nIn, h);
    Buffers s = buf;
    long t0 = tick();
    s.x3.assign(nwc ? input.permute(1, 0, 2) : input.permute(2, 0, 1));
    s.w.assign(w);
    s.rw.assign(rw);
    t0 = tock(6, t0, 3);
    // Z (column-major [4H, T·mb]) = Wᵀ · X (column-major [nIn, T·mb]).
    CpuGemm.gemm(true, false, 4 * h, t * mb, nIn, 1.0, s.pW, nIn, s.pX, nIn, 0.0, s.pZ[0], 4 * h);
    if (type == DataType.DOUBLE) s.biasD = b.toDoubleVector(); else s.biasF = b.toFloatVector();
    t0 = tock(0, t0, 1);
    for (int step = 0; step < t; step++) {
      // Z[t] += RWᵀ · h[t-1] ([4H, mb] += [4H, H] · [H, mb]); h[-1] = 0.
      if (step > 0) CpuGemm.gemm(true, false, 4 * h, mb, h, 1.0, s.pRW, h, s.pH[step], h, 1.0, s.pZ[step], 4 * h);
      t0 = tock(1, t0, step > 0 ? 1 : 0);
      if (type == DataType.DOUBLE) forwardStepD(s, step); else forwardStepF(s, step);
      t0 = tock(2, t0, 0);
    }
  }

  /**
   * The layer's working arrays for one (type, mb, T, nIn, H), all detached from workspaces, C order
   * unless noted: {@code x} {@code [T·mb, nIn]}, {@code z} {@code [T, mb, 4H]} (pre-activations,
   * then activations, then pre-activation gradients), {@code c} and {@code hs} {@code [T+1, mb, H]}
   * (index 0 is the zero initial state), {@code tc} = tanh(c) {@code [T, mb, H]}, {@code eps}
   * {@code [T, mb, H]}, {@code dh} {@code [mb, H]}, {@code dx} {@code [T·mb, nIn]}; copies of the
   * weights and their gradients in F order ({@code w}, {@code gW} {@code [nIn, 4H]}; {@code rw},
   * {@code gRW} {@code [H, 4H]}). Read as column-major matrices by {@link CpuGemm}: a C-order
   * {@code [rows, cols]} array is a column-major {@code [cols, rows]} one.
   */
  private static final class Buffers {
    final DataType type;
    final int mb, t, nIn, h;
    final INDArray x, x3, z, c, tc, hs, hOut, eps, dh, dx, w, rw, gW, gRW;
    final org.bytedeco.javacpp.Pointer pX, pDh, pDx, pW, pRW, pGW, pGRW;
    final org.bytedeco.javacpp.Pointer[] pZ, pH;
    final FloatBuffer zF, cF, tcF, hF, epsF, dhF;
    final DoubleBuffer zD, cD, tcD, hD, epsD, dhD;
    final float[] dcF, dbF, zScratchF, cPrevF, cNextF, tcScratchF, hScratchF;
    final double[] dcD, dbD;
    float[] biasF;
    double[] biasD;

    Buffers(DataType type, int mb, int t, int nIn, int h) {
      if (type != DataType.DOUBLE && type != DataType.FLOAT) {
        throw new IllegalStateException("fused LSTM: network data type " + type + " is not supported (FLOAT or DOUBLE)");
      }
      if (LstmImpl.cudaBackend()) {
        throw new IllegalStateException("fused LSTM: runs on ND4J's CPU backend only; use model.lstm_impl = dl4j or auto on CUDA");
      }
      this.type = type;
      this.mb = mb;
      this.t = t;
      this.nIn = nIn;
      this.h = h;
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        x = Nd4j.createUninitialized(type, new long[] {(long) t * mb, nIn}, 'c');
        x3 = x.reshape('c', t, mb, nIn);
        z = Nd4j.createUninitialized(type, new long[] {t, mb, 4L * h}, 'c');
        c = Nd4j.zeros(type, t + 1, mb, h);
        tc = Nd4j.createUninitialized(type, new long[] {t, mb, h}, 'c');
        hs = Nd4j.zeros(type, t + 1, mb, h);
        hOut = hs.get(interval(1, t + 1), all(), all());
        eps = Nd4j.createUninitialized(type, new long[] {t, mb, h}, 'c');
        dh = Nd4j.zeros(type, mb, h);
        dx = Nd4j.createUninitialized(type, new long[] {(long) t * mb, nIn}, 'c');
        w = Nd4j.createUninitialized(type, new long[] {nIn, 4L * h}, 'f');
        rw = Nd4j.createUninitialized(type, new long[] {h, 4L * h}, 'f');
        gW = Nd4j.createUninitialized(type, new long[] {nIn, 4L * h}, 'f');
        gRW = Nd4j.createUninitialized(type, new long[] {h, 4L * h}, 'f');
      }
      pX = CpuGemm.at(x, 0);
      pDh = CpuGemm.at(dh, 0);
      pDx = CpuGemm.at(dx, 0);
      pW = CpuGemm.at(w, 0);
      pRW = CpuGemm.at(rw, 0);
      pGW = CpuGemm.at(gW, 0);
      pGRW = CpuGemm.at(gRW, 0);
      pZ = new org.bytedeco.javacpp.Pointer[t];
      pH = new org.bytedeco.javacpp.Pointer[t];
      for (int i = 0; i < t; i++) {
        pZ[i] = CpuGemm.at(z, (long) i * mb * 4 * h);
        pH[i] = CpuGemm.at(hs, (long) i * mb * h);
      }
      boolean d = type == DataType.DOUBLE;
      zF = d ? null : z.data().asNioFloat();
      cF = d ? null : c.data().asNioFloat();
      tcF = d ? null : tc.data().asNioFloat();
      hF = d ? null : hs.data().asNioFloat();
      epsF = d ? null : eps.data().asNioFloat();
      dhF = d ? null : dh.data().asNioFloat();
      zD = d ? z.data().asNioDouble() : null;
      cD = d ? c.data().asNioDouble() : null;
      tcD = d ? tc.data().asNioDouble() : null;
      hD = d ? hs.data().asNioDouble() : null;
      epsD = d ? eps.data().asNioDouble() : null;
      dhD = d ? dh.data().asNioDouble() : null;
      dcF = d ? null : new float[mb * h];
      dbF = d ? null : new float[4 * h];
      zScratchF = d ? null : new float[mb * 4 * h];
      cPrevF = d ? null : new float[mb * h];
      cNextF = d ? null : new float[mb * h];
      tcScratchF = d ? null : new float[mb * h];
      hScratchF = d ? null : new float[mb * h];
      dcD = d ? new double[mb * h] : null;
      dbD = d ? new double[4 * h] : null;
    }

    boolean fits(DataType type, int mb, int t, int nIn, int h) {
      return this.type == type && this.mb == mb && this.t == t && this.nIn == nIn && this.h == h;
    }
  }

  // ---- The fused element-wise passes. Float and double are the same code, one per type. ----

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  private static double tanh(double x) {
    return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
  }

  /**
   * Step t forward: z[t] (pre-activations without bias) → activations; c[t+1], tc[t], h[t+1]. The
   * step's blocks are copied in bulk to heap arrays and back: C2 and the Vector API work on arrays
   * much better than on element-wise buffer access.
   */
  private static void forwardStepF(Buffers s, int t) {
    final int h4 = 4 * s.h, n = s.mb * s.h;
    final float[] zs = s.zScratchF, cp = s.cPrevF, cn = s.cNextF, tcs = s.tcScratchF, hn = s.hScratchF;
    s.zF.get(t * s.mb * h4, zs, 0, s.mb * h4);
    s.cF.get(t * n, cp, 0, n);
    GateKernel.instance().forward(zs, s.biasF, cp, cn, tcs, hn, s.mb, s.h);
    s.zF.put(t * s.mb * h4, zs, 0, s.mb * h4);
    s.cF.put((t + 1) * n, cn, 0, n);
    s.tcF.put(t * n, tcs, 0, n);
    s.hF.put((t + 1) * n, hn, 0, n);
  }

  /** Step t backward: dL/dh[t] = eps[t] + dh → gate pre-activation gradients over z[t]; carries dc. */
  private static void backwardStepF(Buffers s, int t) {
    final int h4 = 4 * s.h, n = s.mb * s.h;
    final float[] zs = s.zScratchF, cp = s.cPrevF, tcs = s.tcScratchF, eps = s.cNextF, dhr = s.hScratchF;
    s.zF.get(t * s.mb * h4, zs, 0, s.mb * h4);
    s.cF.get(t * n, cp, 0, n);
    s.tcF.get(t * n, tcs, 0, n);
    s.epsF.get(t * n, eps, 0, n);
    s.dhF.get(0, dhr, 0, n);
    GateKernel.instance().backward(zs, cp, tcs, eps, dhr, s.dcF, s.dbF, s.mb, s.h);
    s.zF.put(t * s.mb * h4, zs, 0, s.mb * h4);
  }

  private static void forwardStepD(Buffers s, int t) {
    final int h = s.h, h4 = 4 * h;
    final DoubleBuffer z = s.zD, c = s.cD, tc = s.tcD, hs = s.hD;
    final double[] b = s.biasD;
    for (int m = 0; m < s.mb; m++) {
      final int g = (t * s.mb + m) * h4, p = (t * s.mb + m) * h, n = p + s.mb * h;
      for (int j = 0; j < h; j++) {
        double a = tanh(z.get(g + j) + b[j]);
        double f = sigmoid(z.get(g + h + j) + b[h + j]);
        double o = sigmoid(z.get(g + 2 * h + j) + b[2 * h + j]);
        double i = sigmoid(z.get(g + 3 * h + j) + b[3 * h + j]);
        double cn = f * c.get(p + j) + i * a;
        double tcn = tanh(cn);
        z.put(g + j, a);
        z.put(g + h + j, f);
        z.put(g + 2 * h + j, o);
        z.put(g + 3 * h + j, i);
        c.put(n + j, cn);
        tc.put(p + j, tcn);
        hs.put(n + j, o * tcn);
      }
    }
  }

  private static void backwardStepD(Buffers s, int t) {
    final int h = s.h, h4 = 4 * h;
    final DoubleBuffer z = s.zD, c = s.cD, tc = s.tcD, eps = s.epsD, dhr = s.dhD;
    final double[] dcc = s.dcD, db = s.dbD;
    for (int m = 0; m < s.mb; m++) {
      final int g = (t * s.mb + m) * h4, p = (t * s.mb + m) * h, r = m * h;
      for (int j = 0; j < h; j++) {
        double dh = eps.get(p + j) + dhr.get(r + j);
        double a = z.get(g + j), f = z.get(g + h + j), o = z.get(g + 2 * h + j), i = z.get(g + 3 * h + j);
        double tcv = tc.get(p + j);
        double dc = dcc[r + j] + dh * o * (1 - tcv * tcv);
        double za = dc * i * (1 - a * a), zf = dc * c.get(p + j) * f * (1 - f);
        double zo = dh * tcv * o * (1 - o), zi = dc * a * i * (1 - i);
        z.put(g + j, za);
        z.put(g + h + j, zf);
        z.put(g + 2 * h + j, zo);
        z.put(g + 3 * h + j, zi);
        db[j] += za;
        db[h + j] += zf;
        db[2 * h + j] += zo;
        db[3 * h + j] += zi;
        dcc[r + j] = dc * f;
      }
    }
  }
}
