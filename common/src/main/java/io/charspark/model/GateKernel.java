package io.charspark.model;

/**
 * The per-time-step element-wise passes of {@link FusedLstmLayer} in float, over heap arrays holding
 * one step's blocks ({@code mb} rows; gate rows of {@code 4H} in DL4J's order: block input a, forget
 * f, output o, input gate i; cell/hidden rows of {@code H}). Two implementations with the same
 * results to float rounding: {@link #SCALAR} (plain Java) and {@code SimdGateKernel} (the JDK's
 * Vector API, 16 floats per AVX-512 instruction), picked once per JVM by {@link #instance()}.
 */
abstract class GateKernel {
  /**
   * Forward: {@code zs} (pre-activations without bias, {@code [mb, 4H]}) is overwritten with the
   * activations a, f, o, i; {@code cn = f·cp + i·a}, {@code tc = tanh(cn)}, {@code hn = o·tc} (all
   * {@code [mb, H]}). {@code b} is the bias {@code [4H]}.
   */
  abstract void forward(float[] zs, float[] b, float[] cp, float[] cn, float[] tc, float[] hn, int mb, int h);

  /**
   * Backward: with {@code zs} the step's activations a, f, o, i, {@code cp} the previous cell state,
   * {@code tc} = tanh(c), {@code dh = eps + dhr} the gradient of the step's output: writes the gate
   * pre-activation gradients over {@code zs}, adds them to the bias gradient {@code db} ({@code
   * [4H]}) and replaces the carried cell gradient {@code dc} ({@code [mb, H]}) with {@code dc·f}.
   */
  abstract void backward(float[] zs, float[] cp, float[] tc, float[] eps, float[] dhr, float[] dc, float[] db,
      int mb, int h);

  /** A short name for logs and benchmark output ("simd-16" or "scalar"). */
  abstract String name();

  static final GateKernel SCALAR = new Scalar();

  /**
   * The kernel this JVM uses: the Vector API one when the {@code jdk.incubator.vector} module is in
   * the boot layer (charspark's {@code conf/jvm.options} adds it) and {@code
   * -Dcharspark.lstm.simd=false} is not set; the scalar one otherwise.
   */
  static GateKernel instance() {
    return Holder.INSTANCE;
  }

  /**
   * Its own class, initialised on first use: {@link SimdGateKernel} extends this one, and its
   * initialisation must not depend on the subclass's.
   */
  private static final class Holder {
    static final GateKernel INSTANCE = select();
  }

  private static GateKernel select() {
    if ("false".equals(System.getProperty("charspark.lstm.simd"))) return SCALAR;
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
    try {
      GateKernel k = (GateKernel) Class.forName("io.charspark.model.SimdGateKernel")
          .getDeclaredConstructor().newInstance();
      return k.lanes() >= 4 ? k : SCALAR;
    } catch (ReflectiveOperationException | LinkageError e) {
      return SCALAR;
    }
  }

  int lanes() {
    return 1;
  }

  /**
   * e^x in float precision (Cephes {@code expf}: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by a
   * degree-5 polynomial, times 2^n from the exponent bits; relative error below 2e-7). x is clamped
   * to [-87, 88], where float e^x is normal.
   */
  static float expf(float x) {
    // Branches and an int cast instead of Math.max/min/floor: about twice as fast under C2.
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    float y = x * 1.44269504f;
    int n = (int) (y + (y >= 0 ? 0.5f : -0.5f));
    float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    return (p * r * r + r + 1.0f) * Float.intBitsToFloat((n + 127) << 23);
  }

  static float sigmoid(float x) {
    return 1.0f / (1.0f + expf(-x));
  }

  static float tanh(float x) {
    return 1.0f - 2.0f / (expf(2.0f * x) + 1.0f);
  }

  /** Forward of columns {@code [from, h)} of every row: the scalar pass, also the SIMD tail. */
  static void forwardColumns(float[] zs, float[] b, float[] cp, float[] cn, float[] tc, float[] hn, int mb, int h,
      int from) {
    final int h4 = 4 * h;
    for (int m = 0; m < mb; m++) {
      final int g = m * h4, p = m * h;
      for (int j = from; j < h; j++) {
        float a = tanh(zs[g + j] + b[j]);
        float f = sigmoid(zs[g + h + j] + b[h + j]);
        float o = sigmoid(zs[g + 2 * h + j] + b[2 * h + j]);
        float i = sigmoid(zs[g + 3 * h + j] + b[3 * h + j]);
        float c = f * cp[p + j] + i * a;
        float tcn = tanh(c);
        zs[g + j] = a;
        zs[g + h + j] = f;
        zs[g + 2 * h + j] = o;
        zs[g + 3 * h + j] = i;
        cn[p + j] = c;
        tc[p + j] = tcn;
        hn[p + j] = o * tcn;
      }
    }
  }

  /** Backward of columns {@code [from, h)} of every row: the scalar pass, also the SIMD tail. */
  static void backwardColumns(float[] zs, float[] cp, float[] tc, float[] eps, float[] dhr, float[] dcc, float[] db,
      int mb, int h, int from) {
    final int h4 = 4 * h;
    for (int m = 0; m < mb; m++) {
      final int g = m * h4, p = m * h;
      for (int j = from; j < h; j++) {
        float dh = eps[p + j] + dhr[p + j];
        float a = zs[g + j], f = zs[g + h + j], o = zs[g + 2 * h + j], i = zs[g + 3 * h + j];
        float tcv = tc[p + j];
        float dc = dcc[p + j] + dh * o * (1 - tcv * tcv);
        float za = dc * i * (1 - a * a), zf = dc * cp[p + j] * f * (1 - f);
        float zo = dh * tcv * o * (1 - o), zi = dc * a * i * (1 - i);
        zs[g + j] = za;
        zs[g + h + j] = zf;
        zs[g + 2 * h + j] = zo;
        zs[g + 3 * h + j] = zi;
        db[j] += za;
        db[h + j] += zf;
        db[2 * h + j] += zo;
        db[3 * h + j] += zi;
        dcc[p + j] = dc * f;
      }
    }
  }

  private static final class Scalar extends GateKernel {
    @Override
    void forward(float[] zs, float[] b, float[] cp, float[] cn, float[] tc, float[] hn, int mb, int h) {
      forwardColumns(zs, b, cp, cn, tc, hn, mb, h, 0);
    }

    @Override
    void backward(float[] zs, float[] cp, float[] tc, float[] eps, float[] dhr, float[] dc, float[] db, int mb, int h) {
      backwardColumns(zs, cp, tc, eps, dhr, dc, db, mb, h, 0);
    }

    @Override
    String name() {
      return "scalar";
    }
  }
}
