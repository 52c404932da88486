package dev.nabla.kernel;

/**
 * A native single-precision GEMM that {@link Gemm#sgemm} hands large products to, found with
 * {@link java.util.ServiceLoader} (module {@code openblas} provides one). It must follow {@link Gemm}'s semantics
 * and its threading rule: results may not depend on {@link Parallel#threads()}. Turn providers off with
 * {@code -Dnabla.blas=java}.
 */
public interface SgemmProvider {
    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C} as {@link Gemm#sgemm} does (arguments already checked,
     * m, n, k and alpha nonzero) and returns true, or returns false, having touched nothing, to leave the product to
     * the Java kernels.
     */
    boolean sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /** Whether the native library loaded on this machine; {@link Gemm} ignores a provider that did not. */
    boolean available();

    /** A short description for benchmark output, e.g. "OpenBLAS 0.3.31 (SkylakeX)". */
    String name();
}
