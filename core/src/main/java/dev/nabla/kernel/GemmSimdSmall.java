package dev.nabla.kernel;

import static dev.nabla.kernel.GemmSimdKernels.L;
import static dev.nabla.kernel.GemmSimdKernels.S;

import jdk.incubator.vector.FloatVector;

/**
 * Vector API sgemm for thin or tiny shapes (matrix-vector, a few rows, short K), where packing costs more than it
 * saves. Two forms, both reading the operands in place: rows of C as FMA chains over contiguous rows of op(B)
 * ("rows"), and dot products of contiguous rows of op(A) with contiguous columns of op(B) ("dots"). When op(B) is
 * not laid out for either, it is first transposed into per-thread scratch. Every element is computed by the same
 * arithmetic wherever the work is split, so splitting over threads does not change results.
 */
final class GemmSimdSmall {
    /** A dimension at most this small always takes this path. */
    static final int THIN = 4;
    /** Products of at most this many multiply-adds take this path whatever their shape. */
    static final long TINY_MACS = 24L * 24 * 24;

    private GemmSimdSmall() {}

    static boolean suits(boolean tA, boolean tB, int m, int n, int k) {
        return m <= THIN || n <= THIN || k <= THIN || (long) m * n * k <= TINY_MACS;
    }

    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel) {
        boolean dots = !tA && k >= 2 * L && (tB || n < L);
        if (tB != dots) {
            // op(B) is needed the other way round: copy it (k x n, or n x k for dots) into scratch.
            float[] t = GemmSimd.buffers().t(n * k);
            if (tB) transpose(b, bOff, ldb, n, k, t); else transpose(b, bOff, ldb, k, n, t);
            b = t;
            bOff = 0;
            ldb = dots ? k : n;
        }
        float[] bb = b;
        int bo = bOff, lb = ldb;
        Parallel.RangeBody body = dots
                ? (i0, i1) -> dots(i0, i1, n, k, alpha, a, aOff, lda, bb, bo, lb, beta, c, cOff, ldc)
                : (i0, i1) -> rows(tA, i0, i1, n, k, alpha, a, aOff, lda, bb, bo, lb, beta, c, cOff, ldc);
        if (parallel && m > 1) {
            Parallel.forRange(m, (int) Math.max(1, 2 * Gemm.SERIAL_MAX_MACS / ((long) n * k + 1)), body);
        } else if (parallel) {
            // One row: split columns, each a fixed function of the shape (row 0 of C seen as columns of work).
            int chunks = Parallel.chunks(n, Math.max(4 * L, (int) (2 * Gemm.SERIAL_MAX_MACS / k)));
            Parallel.run(chunks, t -> {
                int j0 = Parallel.chunkStart(n, chunks, t), j1 = Parallel.chunkStart(n, chunks, t + 1);
                if (dots) {
                    dots(0, 1, j1 - j0, k, alpha, a, aOff, lda, bb, bo + j0 * lb, lb, beta, c, cOff + j0, ldc);
                } else {
                    rows(tA, 0, 1, j1 - j0, k, alpha, a, aOff, lda, bb, bo + j0, lb, beta, c, cOff + j0, ldc);
                }
            });
        } else {
            body.run(0, m);
        }
    }

    /** dst[j * rows + i] = src[off + i * ld + j] for a stored rows x cols matrix. */
    static void transpose(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        for (int i = 0; i < rows; i++) {
            int s = off + i * ld;
            for (int j = 0; j < cols; j++) dst[j * rows + i] = src[s + j];
        }
    }

    private static float out(float acc, float alpha, float beta, float cOld) {
        float v = acc * alpha;
        return beta == 0f ? v : Math.fma(cOld, beta, v);
    }

    private static FloatVector out(FloatVector acc, float alpha, float beta, float[] c, int o) {
        FloatVector v = acc.mul(alpha);
        return beta == 0f ? v : FloatVector.fromArray(S, c, o).fma(FloatVector.broadcast(S, beta), v);
    }

    /** Rows [i0, i1) of C, each as FMA chains over the k rows of op(B) (contiguous, ldb apart). */
    static void rows(boolean tA, int i0, int i1, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int aStep = tA ? lda : 1;
        for (int i = i0; i < i1; i++) {
            int ai = aOff + (tA ? i : i * lda), co = cOff + i * ldc, j = 0;
            for (; j + 4 * L <= n; j += 4 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += aStep, bp += ldb) {
                    FloatVector x = FloatVector.broadcast(S, a[ap]);
                    s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
                    s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
                }
                out(s0, alpha, beta, c, co + j).intoArray(c, co + j);
                out(s1, alpha, beta, c, co + j + L).intoArray(c, co + j + L);
                out(s2, alpha, beta, c, co + j + 2 * L).intoArray(c, co + j + 2 * L);
                out(s3, alpha, beta, c, co + j + 3 * L).intoArray(c, co + j + 3 * L);
            }
            for (; j + L <= n; j += L) {
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += aStep, bp += ldb) {
                    s0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), s0);
                }
                out(s0, alpha, beta, c, co + j).intoArray(c, co + j);
            }
            for (; j < n; j++) {
                float s = 0f;
                for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += aStep, bp += ldb) {
                    s = Math.fma(a[ap], b[bp], s);
                }
                c[co + j] = out(s, alpha, beta, c[co + j]);
            }
        }
    }

    /** Rows [i0, i1) of C as dot products of rows of A (lda apart) with columns of op(B) stored as rows ldb apart. */
    static void dots(int i0, int i1, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] red = new float[L];
        for (int i = i0; i < i1; i++) {
            int ai = aOff + i * lda, co = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bi = bOff + j * ldb, p = 0;
                FloatVector s0 = FloatVector.zero(S), s1 = s0;
                for (; p + 2 * L <= k; p += 2 * L) {
                    s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s0);
                    s1 = FloatVector.fromArray(S, a, ai + p + L).fma(FloatVector.fromArray(S, b, bi + p + L), s1);
                }
                if (p + L <= k) {
                    s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s0);
                    p += L;
                }
                // Fixed-order lane sum: reduceLanes may associate differently once compiled.
                s0.add(s1).intoArray(red, 0);
                float s = 0f;
                for (int l = 0; l < L; l++) s += red[l];
                for (; p < k; p++) s = Math.fma(a[ai + p], b[bi + p], s);
                c[co + j] = out(s, alpha, beta, c[co + j]);
            }
        }
    }
}
