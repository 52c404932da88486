package dev.nabla.kernel;

import static dev.nabla.kernel.GemmSimdKernels.L;
import static dev.nabla.kernel.GemmSimdKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Vector API sgemm for thin shapes (matrix-vector, a few rows or columns, a short K), where panels would be
 * mostly padding and packing costs more than it saves. Two forms, both reading the operands in place:
 * <ul>
 *   <li>"rows": rows of C as FMA chains over the rows of op(B) (four rows of C at a time, the last vector of a row
 *   masked), used when op(B) has contiguous rows;
 *   <li>"dots": dot products of rows of A with columns of op(B) stored as rows (B^T), for a long K.
 * </ul>
 * When op(B) is laid out for neither form it is first transposed into per-thread scratch. Each element is
 * computed by the same arithmetic wherever the work is split (the form depends on the shape only), so splitting
 * over threads does not change results.
 */
final class GemmSimdSmall {
    /** A dimension at most this small takes this path (measured: the packed kernels win from about 12). */
    static final int THIN = 8;
    /** Products of at most this many multiply-adds take this path whatever their shape (about 20^3). */
    static final long TINY_MACS = 20L * 20 * 20;
    private static final int RB = 4;

    private GemmSimdSmall() {}

    static boolean suits(boolean tA, boolean tB, int m, int n, int k) {
        return m <= THIN || n <= THIN || k <= THIN || (long) m * n * k <= TINY_MACS;
    }

    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel) {
        if (tA && (n < m ? n <= THIN : tB && m <= THIN)) {
            // Both forms would walk A^T across its rows, once per few rows of C: compute C^T = op(B)^T A instead
            // (A's rows are contiguous there), into scratch, and add its transpose to C.
            float[] t = GemmSimd.buffers().a((long) n * m);
            sgemm(!tB, false, n, m, k, 1f, b, bOff, ldb, a, aOff, lda, 0f, t, 0, m, parallel);
            for (int i = 0; i < m; i++) {
                for (int j = 0, o = cOff + i * ldc; j < n; j++) {
                    float v = t[j * m + i] * alpha;
                    c[o + j] = beta == 0f ? v : Math.fma(c[o + j], beta, v);
                }
            }
            return;
        }
        boolean dots = !tA && k >= 4 * L && (tB || n < L);
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
        if (!parallel) {
            run(dots, tA, 0, m, 0, n, k, alpha, a, aOff, lda, bb, bo, lb, beta, c, cOff, ldc);
        } else if (m >= n) {
            int chunks = Parallel.chunks(m, (int) Math.max(1, Gemm.SERIAL_MAX_MACS / ((long) n * k)));
            Parallel.run(chunks, t -> run(dots, tA, Parallel.chunkStart(m, chunks, t),
                    Parallel.chunkStart(m, chunks, t + 1), 0, n, k, alpha, a, aOff, lda, bb, bo, lb, beta, c, cOff,
                    ldc));
        } else {
            int chunks = Parallel.chunks(n, (int) Math.max(L, Gemm.SERIAL_MAX_MACS / ((long) m * k)));
            Parallel.run(chunks, t -> run(dots, tA, 0, m, Parallel.chunkStart(n, chunks, t),
                    Parallel.chunkStart(n, chunks, t + 1), k, alpha, a, aOff, lda, bb, bo, lb, beta, c, cOff, ldc));
        }
    }

    private static void run(boolean dots, boolean tA, int i0, int i1, int j0, int j1, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (dots) dots(i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        else rows(tA, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** dst[j * rows + i] = src[off + i * ld + j] for a stored rows x cols matrix. */
    static void transpose(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        for (int i = 0; i < rows; i++) {
            int s = off + i * ld;
            for (int j = 0; j < cols; j++) dst[j * rows + i] = src[s + j];
        }
    }

    /** C[o..o+L) = alpha * acc (+ beta * C). */
    private static void put(FloatVector acc, float alpha, float beta, float[] c, int o) {
        FloatVector v = acc.mul(alpha);
        if (beta != 0f) v = FloatVector.fromArray(S, c, o).fma(FloatVector.broadcast(S, beta), v);
        v.intoArray(c, o);
    }

    /** The same on the lanes of mask only. */
    private static void put(FloatVector acc, float alpha, float beta, float[] c, int o, VectorMask<Float> mask) {
        FloatVector v = acc.mul(alpha);
        if (beta != 0f) v = FloatVector.fromArray(S, c, o, mask).fma(FloatVector.broadcast(S, beta), v);
        v.intoArray(c, o, mask);
    }

    /**
     * Block [i0, i1) x [j0, j1) of C, row by row as FMA chains over the k rows of op(B) (contiguous, ldb apart):
     * four rows at a time share each load of B. A last partial vector of columns is loaded whole where the array
     * allows (its extra lanes are computed and dropped: masked loads are several times slower) and stored masked.
     * (Masks and vectors are kept out of phis: C2 boxes a vector that merges two definitions.)
     */
    static void rows(boolean tA, int i0, int i1, int j0, int j1, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int aStep = tA ? lda : 1, aRow = tA ? 1 : lda;
        int jFull = j0 + (j1 - j0) / L * L;
        // Rows p < pWhole of the partial vector of columns can be read as whole vectors without leaving b.
        int room = b.length - L - (bOff + jFull);
        int pWhole = room < 0 ? 0 : (int) Math.min(k, (long) room / ldb + 1);
        int i = i0;
        for (; i + RB <= i1; i += RB) {
            int ai = aOff + i * aRow, co = cOff + i * ldc;
            for (int j = j0; j < jFull; j += L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += aStep, bp += ldb) {
                    FloatVector bv = FloatVector.fromArray(S, b, bp);
                    s0 = FloatVector.broadcast(S, a[ap]).fma(bv, s0);
                    s1 = FloatVector.broadcast(S, a[ap + aRow]).fma(bv, s1);
                    s2 = FloatVector.broadcast(S, a[ap + 2 * aRow]).fma(bv, s2);
                    s3 = FloatVector.broadcast(S, a[ap + 3 * aRow]).fma(bv, s3);
                }
                put(s0, alpha, beta, c, co + j);
                put(s1, alpha, beta, c, co + ldc + j);
                put(s2, alpha, beta, c, co + 2 * ldc + j);
                put(s3, alpha, beta, c, co + 3 * ldc + j);
            }
            if (jFull < j1) {
                VectorMask<Float> tail = S.indexInRange(jFull, j1);
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                int p = 0, ap = ai, bp = bOff + jFull;
                for (; p < pWhole; p++, ap += aStep, bp += ldb) {
                    FloatVector bv = FloatVector.fromArray(S, b, bp);
                    s0 = FloatVector.broadcast(S, a[ap]).fma(bv, s0);
                    s1 = FloatVector.broadcast(S, a[ap + aRow]).fma(bv, s1);
                    s2 = FloatVector.broadcast(S, a[ap + 2 * aRow]).fma(bv, s2);
                    s3 = FloatVector.broadcast(S, a[ap + 3 * aRow]).fma(bv, s3);
                }
                for (; p < k; p++, ap += aStep, bp += ldb) {
                    FloatVector bv = FloatVector.fromArray(S, b, bp, tail);
                    s0 = FloatVector.broadcast(S, a[ap]).fma(bv, s0);
                    s1 = FloatVector.broadcast(S, a[ap + aRow]).fma(bv, s1);
                    s2 = FloatVector.broadcast(S, a[ap + 2 * aRow]).fma(bv, s2);
                    s3 = FloatVector.broadcast(S, a[ap + 3 * aRow]).fma(bv, s3);
                }
                put(s0, alpha, beta, c, co + jFull, tail);
                put(s1, alpha, beta, c, co + ldc + jFull, tail);
                put(s2, alpha, beta, c, co + 2 * ldc + jFull, tail);
                put(s3, alpha, beta, c, co + 3 * ldc + jFull, tail);
            }
        }
        for (; i < i1; i++) {
            int ai = aOff + i * aRow, co = cOff + i * ldc, j = j0;
            for (; j + 4 * L <= j1; j += 4 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += aStep, bp += ldb) {
                    FloatVector x = FloatVector.broadcast(S, a[ap]);
                    s0 = x.fma(FloatVector.fromArray(S, b, bp), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, bp + L), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
                    s3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
                }
                put(s0, alpha, beta, c, co + j);
                put(s1, alpha, beta, c, co + j + L);
                put(s2, alpha, beta, c, co + j + 2 * L);
                put(s3, alpha, beta, c, co + j + 3 * L);
            }
            for (; j < jFull; j += L) {
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0, ap = ai, bp = bOff + j; p < k; p++, ap += aStep, bp += ldb) {
                    s0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), s0);
                }
                put(s0, alpha, beta, c, co + j);
            }
            if (jFull < j1) {
                VectorMask<Float> tail = S.indexInRange(jFull, j1);
                FloatVector s0 = FloatVector.zero(S);
                int p = 0, ap = ai, bp = bOff + jFull;
                for (; p < pWhole; p++, ap += aStep, bp += ldb) {
                    s0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), s0);
                }
                for (; p < k; p++, ap += aStep, bp += ldb) {
                    s0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp, tail), s0);
                }
                put(s0, alpha, beta, c, co + jFull, tail);
            }
        }
    }

    /**
     * Block [i0, i1) x [j0, j1) of C as dot products of rows of A (lda apart) with columns of op(B) stored as rows
     * (ldb apart): four vector chains over K, a fixed-order sum of their lanes, then a scalar tail.
     */
    static void dots(int i0, int i1, int j0, int j1, int k, float alpha, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] red = new float[L];
        int kv = k - k % (4 * L);
        for (int i = i0; i < i1; i++) {
            int ai = aOff + i * lda, co = cOff + i * ldc;
            for (int j = j0; j < j1; j++) {
                int bi = bOff + j * ldb;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0; p < kv; p += 4 * L) {
                    s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s0);
                    s1 = FloatVector.fromArray(S, a, ai + p + L).fma(FloatVector.fromArray(S, b, bi + p + L), s1);
                    s2 = FloatVector.fromArray(S, a, ai + p + 2 * L).fma(FloatVector.fromArray(S, b, bi + p + 2 * L), s2);
                    s3 = FloatVector.fromArray(S, a, ai + p + 3 * L).fma(FloatVector.fromArray(S, b, bi + p + 3 * L), s3);
                }
                // Fixed-order lane sum: reduceLanes may associate differently once compiled.
                s0.add(s1).add(s2.add(s3)).intoArray(red, 0);
                float s = 0f;
                for (int l = 0; l < L; l++) s += red[l];
                for (int p = kv; p < k; p++) s = Math.fma(a[ai + p], b[bi + p], s);
                float v = s * alpha;
                c[co + j] = beta == 0f ? v : Math.fma(c[co + j], beta, v);
            }
        }
    }
}
