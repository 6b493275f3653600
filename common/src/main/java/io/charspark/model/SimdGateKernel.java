package io.charspark.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateKernel} on the JDK's Vector API ({@code jdk.incubator.vector}, Java 17): the same
 * arithmetic as the scalar pass, {@code FloatVector.SPECIES_PREFERRED} lanes at a time (16 with
 * AVX-512, 8 with AVX2), the remainder of each row by the scalar code. Loaded reflectively by
 * {@link GateKernel#instance()} only when the module is present, so the rest of the layer runs
 * without it.
 *
 * <p>e^x is the Cephes {@code expf} of {@link GateKernel#expf} in branch-free form: n = round(x /
 * ln 2) by the 1.5·2^23 trick (round-half-even instead of half-away: the same result except at
 * exact halves, where both reductions are within the polynomial's range), 2^n from the exponent
 * bits of the same sum.
 */
final class SimdGateKernel extends GateKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final float MAGIC = 12582912.0f; // 1.5·2^23: x + MAGIC rounds x to an integer
  private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

  @Override
  int lanes() {
    return S.length();
  }

  @Override
  String name() {
    return "simd-" + S.length();
  }

  private static FloatVector c(float v) {
    return FloatVector.broadcast(S, v);
  }

  /** e^x lane-wise, x clamped to [-87, 88] (see the class comment). */
  static FloatVector exp(FloatVector x) {
    x = x.max(-87.0f).min(88.0f);
    FloatVector t = x.fma(1.44269504f, MAGIC);           // round(x·log2 e) + MAGIC
    FloatVector n = t.sub(MAGIC);
    FloatVector r = n.fma(c(-0.693359375f), x).add(n.mul(2.12194440e-4f));
    FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
    p = p.fma(r, c(8.3334519073e-3f));
    p = p.fma(r, c(4.1665795894e-2f));
    p = p.fma(r, c(1.6666665459e-1f));
    p = p.fma(r, c(5.0000001201e-1f));
    FloatVector er = p.mul(r).fma(r, r).add(1.0f);       // p·r² + r + 1
    IntVector bits = t.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
    return er.mul(bits.reinterpretAsFloats());
  }

  @Override
  void forward(float[] zs, float[] b, float[] cp, float[] cn, float[] tc, float[] hn, int mb, int h) {
    final int h4 = 4 * h, bound = S.loopBound(h);
    final FloatVector one = FloatVector.broadcast(S, 1.0f), two = FloatVector.broadcast(S, 2.0f);
    for (int m = 0; m < mb; m++) {
      final int g = m * h4, p = m * h;
      for (int j = 0; j < bound; j += S.length()) {
        FloatVector za = FloatVector.fromArray(S, zs, g + j).add(FloatVector.fromArray(S, b, j));
        FloatVector zf = FloatVector.fromArray(S, zs, g + h + j).add(FloatVector.fromArray(S, b, h + j));
        FloatVector zo = FloatVector.fromArray(S, zs, g + 2 * h + j).add(FloatVector.fromArray(S, b, 2 * h + j));
        FloatVector zi = FloatVector.fromArray(S, zs, g + 3 * h + j).add(FloatVector.fromArray(S, b, 3 * h + j));
        // tanh(x) = 1 - 2 / (e^(2x) + 1); σ(x) = 1 / (1 + e^(-x)).
        FloatVector a = one.sub(two.div(exp(za.mul(2.0f)).add(1.0f)));
        FloatVector f = one.div(exp(zf.neg()).add(1.0f));
        FloatVector o = one.div(exp(zo.neg()).add(1.0f));
        FloatVector i = one.div(exp(zi.neg()).add(1.0f));
        FloatVector c = f.fma(FloatVector.fromArray(S, cp, p + j), i.mul(a));
        FloatVector tcn = one.sub(two.div(exp(c.mul(2.0f)).add(1.0f)));
        a.intoArray(zs, g + j);
        f.intoArray(zs, g + h + j);
        o.intoArray(zs, g + 2 * h + j);
        i.intoArray(zs, g + 3 * h + j);
        c.intoArray(cn, p + j);
        tcn.intoArray(tc, p + j);
        o.mul(tcn).intoArray(hn, p + j);
      }
    }
    if (bound < h) forwardColumns(zs, b, cp, cn, tc, hn, mb, h, bound);
  }

  @Override
  void backward(float[] zs, float[] cp, float[] tc, float[] eps, float[] dhr, float[] dcc, float[] db, int mb, int h) {
    final int h4 = 4 * h, bound = S.loopBound(h);
    for (int m = 0; m < mb; m++) {
      final int g = m * h4, p = m * h;
      for (int j = 0; j < bound; j += S.length()) {
        FloatVector dh = FloatVector.fromArray(S, eps, p + j).add(FloatVector.fromArray(S, dhr, p + j));
        FloatVector a = FloatVector.fromArray(S, zs, g + j);
        FloatVector f = FloatVector.fromArray(S, zs, g + h + j);
        FloatVector o = FloatVector.fromArray(S, zs, g + 2 * h + j);
        FloatVector i = FloatVector.fromArray(S, zs, g + 3 * h + j);
        FloatVector tcv = FloatVector.fromArray(S, tc, p + j);
        // dc = dcc + dh·o·(1 - tc²)
        FloatVector dc = dh.mul(o).mul(tcv.fma(tcv.neg(), c(1.0f))).add(FloatVector.fromArray(S, dcc, p + j));
        FloatVector za = dc.mul(i).mul(a.fma(a.neg(), c(1.0f)));
        FloatVector zf = dc.mul(FloatVector.fromArray(S, cp, p + j)).mul(f).mul(f.neg().add(1.0f));
        FloatVector zo = dh.mul(tcv).mul(o).mul(o.neg().add(1.0f));
        FloatVector zi = dc.mul(a).mul(i).mul(i.neg().add(1.0f));
        za.intoArray(zs, g + j);
        zf.intoArray(zs, g + h + j);
        zo.intoArray(zs, g + 2 * h + j);
        zi.intoArray(zs, g + 3 * h + j);
        FloatVector.fromArray(S, db, j).add(za).intoArray(db, j);
        FloatVector.fromArray(S, db, h + j).add(zf).intoArray(db, h + j);
        FloatVector.fromArray(S, db, 2 * h + j).add(zo).intoArray(db, 2 * h + j);
        FloatVector.fromArray(S, db, 3 * h + j).add(zi).intoArray(db, 3 * h + j);
        dc.mul(f).intoArray(dcc, p + j);
      }
    }
    if (bound < h) backwardColumns(zs, cp, tc, eps, dhr, dcc, db, mb, h, bound);
  }
}
