package dev.nabla.kernel;

/**
 * General matrix multiply on row-major arrays: {@code C = alpha * op(A) * op(B) + beta * C}, where op(X) is X or
 * its transpose, op(A) is m x k, op(B) is k x n and C is m x n. Element (i, j) of a row-major matrix X with
 * leading dimension ldx lives at {@code x[xOff + i * ldx + j]}; a transposed operand is given as stored (A^T is
 * stored k x m, so its leading dimension is at least m).
 *
 * <p>As in BLAS, {@code beta == 0} means C is only written, never read (NaN in C is ignored), and
 * {@code alpha == 0} or {@code k == 0} reduces the call to {@code C = beta * C} without reading A or B.
 *
 * <p>The fast path ({@link GemmSimd}, {@link GemmSimdSmall}) needs the {@code jdk.incubator.vector} module (enabled
 * by the launcher and the test runner) and vectors of at least 8 floats; without them, or with
 * {@code -Dnabla.simd=false} (see {@link Simd}), a scalar path of the same semantics runs ({@link GemmScalar}).
 * Results do not depend on {@link Parallel#threads()}: work is split over tiles of C, never over K.
 *
 * <p>A native GEMM found on the class path ({@link SgemmProvider}, e.g. module {@code openblas}) takes the
 * single-precision products it is faster for; {@code -Dnabla.blas=java} keeps everything in Java.
 */
public final class Gemm {
    /** Whether the Vector API path is in use. */
    static final boolean SIMD = simdAvailable();
    /** Products of at most this many multiply-adds (m*n*k) run on the calling thread. */
    static final long SERIAL_MAX_MACS = 48L * 48 * 48;
    /** Batched products up to this size run one per thread; larger ones one after another, each split. */
    static final long BATCH_SPLIT_MAX_MACS = 256L * 256 * 256;
    /** A native GEMM on the class path that takes the products it wins (see {@link SgemmProvider}), or null. */
    private static final SgemmProvider NATIVE = loadNativeProvider();

    private Gemm() {}

    /** Whether the Vector API kernels are in use (false means the scalar fallback). */
    public static boolean simd() {
        return SIMD;
    }

    /** The native GEMM in use for large single-precision products, if any. */
    public static java.util.Optional<SgemmProvider> nativeProvider() {
        return java.util.Optional.ofNullable(NATIVE);
    }

    private static SgemmProvider loadNativeProvider() {
        if ("java".equals(System.getProperty("nabla.blas"))) return null;
        try {
            return java.util.ServiceLoader.load(SgemmProvider.class, Gemm.class.getClassLoader()).stream()
                    .map(java.util.ServiceLoader.Provider::get).filter(SgemmProvider::available).findFirst()
                    .orElse(null);
        } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
            // A broken provider must not take the Java kernels down with it.
            System.err.println("nabla: no native GEMM (" + e + "); the Java kernels take every product");
            return null;
        }
    }

    private static boolean simdAvailable() {
        if (!Simd.ENABLED) return false;
        try {
            // Loading the class links it against jdk.incubator.vector (Lucene's pattern): any failure means scalar.
            Class.forName("dev.nabla.kernel.GemmSimd", true, Gemm.class.getClassLoader());
            return GemmSimdKernels.L >= 8;
        } catch (LinkageError | ClassNotFoundException | RuntimeException e) {
            return false;
        }
    }

    /** Single-precision {@code C = alpha * op(A) * op(B) + beta * C}; see the class comment for the layout. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (NATIVE != null && NATIVE.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc)) {
            return;
        }
        if (SIMD) {
            simd(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, true);
        } else {
            GemmScalar.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, true);
        }
    }

    /** The Vector API path, exposed to tests; chooses the small-shape or the packed kernel by shape alone. */
    static void simd(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean mayParallel) {
        boolean par = mayParallel && (long) m * n * k > SERIAL_MAX_MACS;
        if (GemmSimdSmall.suits(tA, tB, m, n, k)) {
            GemmSimdSmall.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, par);
        } else {
            GemmSimd.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, par);
        }
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with B given by its stored rows: row p of B (k x n) is
     * {@code b[bOff + bRows[p] .. + n)}, or with transB row j of B^T (n x k) is {@code b[bOff + bRows[j] .. + k)}.
     * Rows may overlap: a stride-1 convolution reads the shifted windows of one padded image this way, without an
     * im2col copy. Same semantics and threading rules as {@link #sgemm}.
     */
    public static void sgemmRows(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            int aOff, int lda, float[] b, int bOff, int[] bRows, float beta, float[] c, int cOff, int ldc) {
        checkRows(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, bRows, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        boolean par = (long) m * n * k > SERIAL_MAX_MACS;
        if (SIMD) {
            GemmSimd.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, 0, bRows, beta, c, cOff, ldc, par,
                    GemmSimd.tileHeight(m));
        } else {
            GemmScalar.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, 0, bRows, beta, c, cOff, ldc, par);
        }
    }

    /** Double-precision {@link #sgemmRows}: plain loops, for gradient checks. */
    public static void dgemmRows(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            int aOff, int lda, double[] b, int bOff, int[] bRows, double beta, double[] c, int cOff, int ldc) {
        checkRows(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, bRows, c.length, cOff, ldc);
        GemmScalar.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, 0, bRows, beta, c, cOff, ldc);
    }

    private static void checkRows(boolean tA, boolean tB, int m, int n, int k, int aLen, int aOff, int lda,
            int bLen, int bOff, int[] bRows, int cLen, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        operand("A", tA ? k : m, tA ? m : k, aLen, aOff, lda);
        operand("C", m, n, cLen, cOff, ldc);
        int rows = tB ? n : k, cols = tB ? k : n;
        String name = tB ? "B^T" : "B";
        if (bRows.length < rows) {
            throw new IllegalArgumentException("gemm: " + bRows.length + " row offsets for the " + rows + " rows of "
                    + name);
        }
        if (cols == 0) return;
        for (int p = 0; p < rows; p++) {
            long start = (long) bOff + bRows[p];
            if (start < 0 || start + cols > bLen) {
                throw new IllegalArgumentException("gemm: row " + p + " of " + name + " (offset " + start + ", " + cols
                        + " columns) lies outside the array of " + bLen + " elements");
            }
        }
    }

    /**
     * {@code batch} independent products: problem i uses A at {@code aOff + i * strideA}, B at
     * {@code bOff + i * strideB} and C at {@code cOff + i * strideC}. A stride of 0 broadcasts that operand. The C
     * blocks must not overlap, except with {@code strideC == 0}: the products are then applied to the one C in batch
     * order (with beta == 1 they sum up). Results do not depend on the number of threads.
     */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int strideA, int lda, float[] b, int bOff, int strideB, int ldb, float beta,
            float[] c, int cOff, int strideC, int ldc) {
        if (batch < 0) throw new IllegalArgumentException("sgemmBatched: batch must be >= 0, got " + batch);
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("sgemmBatched: strides must be >= 0, got " + strideA + ", "
                    + strideB + ", " + strideC);
        }
        if (batch == 0) return;
        long last = batch - 1L;
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        check(transA, transB, m, n, k, a.length, aOff + last * strideA, lda, b.length, bOff + last * strideB, ldb,
                c.length, cOff + last * strideC, ldc);
        if (m == 0 || n == 0) return;
        long macs = (long) m * n * k;
        if (batch == 1 || strideC == 0 || macs > BATCH_SPLIT_MAX_MACS) {
            for (int i = 0; i < batch; i++) {
                sgemm(transA, transB, m, n, k, alpha, a, aOff + i * strideA, lda, b, bOff + i * strideB, ldb, beta,
                        c, cOff + i * strideC, ldc);
            }
            return;
        }
        // Many small or medium products: each runs whole on one thread, tiny ones grouped so a task is worth a
        // hand-off. A product's result is the same on any thread and whether or not it is split itself.
        int per = (int) Math.max(1, Math.min(batch, SERIAL_MAX_MACS / Math.max(1, macs)));
        int tasks = (batch + per - 1) / per;
        Parallel.run(tasks, t -> {
            for (int i = t * per, end = Math.min(batch, i + per); i < end; i++) {
                int ao = aOff + i * strideA, bo = bOff + i * strideB, co = cOff + i * strideC;
                if (k == 0 || alpha == 0f) {
                    scale(m, n, beta, c, co, ldc);
                } else if (SIMD) {
                    simd(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc, false);
                } else {
                    GemmScalar.sgemm(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc, false);
                }
            }
        });
    }

    /** Double-precision {@code C = alpha * op(A) * op(B) + beta * C}: plain loops, for gradient checks. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
            int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        GemmScalar.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Batched {@link #dgemm}, same layout rules as {@link #sgemmBatched}; problems run in order. */
    public static void dgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
            double[] a, int aOff, int strideA, int lda, double[] b, int bOff, int strideB, int ldb, double beta,
            double[] c, int cOff, int strideC, int ldc) {
        if (batch < 0) throw new IllegalArgumentException("dgemmBatched: batch must be >= 0, got " + batch);
        for (int i = 0; i < batch; i++) {
            dgemm(transA, transB, m, n, k, alpha, a, aOff + i * strideA, lda, b, bOff + i * strideB, ldb, beta, c,
                    cOff + i * strideC, ldc);
        }
    }

    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, o, o + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[o + j] *= beta;
            }
        }
    }

    private static void check(boolean tA, boolean tB, int m, int n, int k, int aLen, long aOff, int lda, int bLen,
            long bOff, int ldb, int cLen, long cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        operand("A", tA ? k : m, tA ? m : k, aLen, aOff, lda);
        operand("B", tB ? n : k, tB ? k : n, bLen, bOff, ldb);
        operand("C", m, n, cLen, cOff, ldc);
    }

    /** Checks a stored rows x cols matrix with leading dimension ld at offset off fits an array of length len. */
    private static void operand(String name, int rows, int cols, int len, long off, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("gemm: ld" + name.toLowerCase() + "=" + ld + " is less than the "
                    + cols + " columns of " + name + " (" + rows + "x" + cols + ")");
        }
        if (off < 0) throw new IllegalArgumentException("gemm: negative offset " + off + " for " + name);
        if (rows == 0 || cols == 0) return;
        long end = off + (long) (rows - 1) * ld + cols;
        if (end > len) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + "x" + cols + ", ld " + ld
                    + ", offset " + off + ") needs " + end + " elements, array has " + len);
        }
        if (end > Integer.MAX_VALUE) throw new IllegalArgumentException("gemm: " + name + " exceeds 2^31 elements");
    }
}
