package io.charspark.model;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Column-major GEMM straight into OpenBLAS ({@code cblas_sgemm}/{@code cblas_dgemm} of the
 * OpenBLAS library ND4J's CPU backend itself loads, so its thread setting applies), on
 * sub-blocks of the fused LSTM's own working arrays. ND4J's {@code Nd4j.gemm} goes through its
 * {@code Mmul} op, which for C-order operands and per-step views adds shape work and sometimes
 * copies; at the LSTM step's shape ({@code [mb, H]·[H, 4H]}) that overhead is a large part of
 * the call.
 *
 * <p>Only for arrays this package allocates: C-order, zero offset, one data buffer each (so an
 * element offset is an offset from the buffer's address).
 */
final class CpuGemm {
  private CpuGemm() {}

  /** A pointer to element {@code offset} of {@code a}'s buffer (FLOAT or DOUBLE). */
  static Pointer at(INDArray a, long offset) {
    Pointer base = a.data().addressPointer();
    return a.dataType() == DataType.DOUBLE
        ? new DoublePointer(base).position(offset)
        : new FloatPointer(base).position(offset);
  }

  /**
   * {@code C = alpha·op(A)·op(B) + beta·C}, column-major: {@code op(A)} is {@code m×k}, {@code
   * op(B)} {@code k×n}, {@code C} {@code m×n}; {@code ld*} leading dimensions in elements.
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Pointer a, int lda,
      Pointer b, int ldb, double beta, Pointer c, int ldc) {
    int ta = transA ? CblasTrans : CblasNoTrans;
    int tb = transB ? CblasTrans : CblasNoTrans;
    if (a instanceof DoublePointer da) {
      cblas_dgemm(CblasColMajor, ta, tb, m, n, k, alpha, da, lda, (DoublePointer) b, ldb, beta, (DoublePointer) c, ldc);
    } else {
      cblas_sgemm(CblasColMajor, ta, tb, m, n, k, (float) alpha, (FloatPointer) a, lda, (FloatPointer) b, ldb,
          (float) beta, (FloatPointer) c, ldc);
    }
  }
}
