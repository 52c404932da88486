package dev.nabla.kernel;

import static dev.nabla.kernel.GemmSimdKernels.ADD;
import static dev.nabla.kernel.GemmSimdKernels.L;
import static dev.nabla.kernel.GemmSimdKernels.NR;
import static dev.nabla.kernel.GemmSimdKernels.OVERWRITE;
import static dev.nabla.kernel.GemmSimdKernels.S;
import static dev.nabla.kernel.GemmSimdKernels.SCALE_ADD;

import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;

/**
 * Vector API sgemm (Goto/BLIS scheme): op(A) is packed in MR-row panels (alpha folded in), op(B) in NR-column
 * panels, both zero-padded to whole panels, and a register-tiled micro-kernel ({@link GemmSimdKernels}) runs over
 * every MR x NR tile of C. K is cut into blocks whose boundaries depend on k only; threads split the tiles of C,
 * never K, so every element of C is computed by the same FMA chain on 1 or N threads.
 *
 * <p>This class touches {@code jdk.incubator.vector} and is loaded only after {@link Gemm} has checked that the
 * module is readable. Arguments are validated by {@link Gemm}.
 */
final class GemmSimd {
    /** Rows of the register tile: 12 needs 24 + 3 of 32 vector registers (AVX-512); 6 fits 16 (AVX2, NEON). */
    static final int MR = L >= 16 ? 12 : 6;
    /** Depth of a K block: a packed B micro-panel (KC x NR floats) then fills about two thirds of L1. */
    static final int KC = 256;
    /** Rows of op(A) packed at once (KC x MC floats); tasks take at most MAX_TASK_PANELS panels of them. */
    static final int MC = 1536;
    /** Columns of op(B) packed at once (KC x NC floats). */
    static final int NC = 3072;
    /** Largest task, in panels along M and along N, so that a task's A block stays in L2. */
    private static final int MAX_TASK_PANELS = 16;
    /** Fewest compute tasks per block when the product runs in parallel (load balance on a few cores). */
    private static final int MIN_TASKS = 8;
    /** Panels packed per packing task. */
    private static final int PACK_PANELS = 4;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmSimd() {}

    /** Per-thread scratch, grown on demand and kept, so steady-state calls allocate nothing large. */
    static final class Buffers {
        float[] a = new float[0], b = new float[0], t = new float[0];
        final float[] tile = new float[12 * NR];

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }

        float[] t(int size) {
            if (t.length < size) t = new float[size];
            return t;
        }
    }

    static Buffers buffers() {
        return BUFFERS.get();
    }

    /** Packed, blocked product with the default tile height. */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel) {
        sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, parallel, MR);
    }

    /** Packed, blocked product with tile height mr (12 or 6; both are tested whatever the hardware). */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel, int mr) {
        if (mr != 12 && mr != 6) throw new IllegalArgumentException("mr must be 12 or 6, got " + mr);
        Buffers buf = BUFFERS.get();
        int kBlocks = (k + KC - 1) / KC;
        int mcMax = Math.min(MC, m), ncMax = Math.min(NC, n);
        int kcMax = (k + kBlocks - 1) / kBlocks;
        float[] ap = buf.a(ceilDiv(mcMax, mr) * mr * kcMax);
        float[] bp = buf.b(ceilDiv(ncMax, NR) * NR * kcMax);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int nPanels = ceilDiv(nc, NR);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = (int) ((long) k * kb / kBlocks);
                int kc = (int) ((long) k * (kb + 1) / kBlocks) - pc;
                int mode = kb > 0 || beta == 1f ? ADD : beta == 0f ? OVERWRITE : SCALE_ADD;
                for (int ic = 0; ic < m; ic += MC) {
                    Block blk = new Block(kc, Math.min(MC, m - ic), nc, mr, mode, beta, ap, bp, c,
                            cOff + ic * ldc + jc, ldc);
                    blk.run(tA, tB, alpha, a, aOff, lda, ic, b, bOff, ldb, jc, pc, ic == 0, parallel);
                }
            }
        }
    }

    private static int chunk(int panels, int chunks, int i) {
        return (int) ((long) panels * i / chunks);
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** One packed (MC x KC) x (KC x NC) block product; compute covers panel ranges [p0, p1) x [q0, q1). */
    private record Block(int kc, int mc, int nc, int mr, int mode, float beta, float[] ap, float[] bp, float[] c,
            int cBase, int ldc) {
        /** Packs this block's A panels (and the B panels when packB), then computes its tiles. */
        void run(boolean tA, boolean tB, float alpha, float[] a, int aOff, int lda, int ic, float[] b, int bOff,
                int ldb, int jc, int pc, boolean packB, boolean parallel) {
            int mPanels = ceilDiv(mc, mr), nPanels = ceilDiv(nc, NR);
            int aTasks = ceilDiv(mPanels, PACK_PANELS), bTasks = packB ? ceilDiv(nPanels, PACK_PANELS) : 0;
            IntConsumer pack = t -> {
                if (t < aTasks) {
                    for (int q = t * PACK_PANELS, q1 = Math.min(mPanels, q + PACK_PANELS); q < q1; q++) {
                        packA(tA, a, aOff, lda, ic + q * mr, Math.min(mr, mc - q * mr), pc, kc, alpha, ap, q * mr * kc,
                                mr);
                    }
                } else {
                    int t0 = t - aTasks;
                    for (int q = t0 * PACK_PANELS, q1 = Math.min(nPanels, q + PACK_PANELS); q < q1; q++) {
                        packB(tB, b, bOff, ldb, jc + q * NR, Math.min(NR, nc - q * NR), pc, kc, bp, q * NR * kc);
                    }
                }
            };
            if (!parallel) {
                for (int t = 0; t < aTasks + bTasks; t++) pack.accept(t);
                compute(0, mPanels, 0, nPanels);
                return;
            }
            int mChunks = ceilDiv(mPanels, MAX_TASK_PANELS), nChunks = ceilDiv(nPanels, MAX_TASK_PANELS);
            while (mChunks * nChunks < MIN_TASKS && (mChunks < mPanels || nChunks < nPanels)) {
                if (nChunks == nPanels || (mChunks < mPanels && mPanels / mChunks >= nPanels / nChunks)) mChunks++;
                else nChunks++;
            }
            int mC = mChunks, nC = nChunks;
            Parallel.run(aTasks + bTasks, pack);
            Parallel.run(mC * nC, t -> compute(chunk(mPanels, mC, t / nC), chunk(mPanels, mC, t / nC + 1),
                    chunk(nPanels, nC, t % nC), chunk(nPanels, nC, t % nC + 1)));
        }

        void compute(int p0, int p1, int q0, int q1) {
            float[] tile = BUFFERS.get().tile;
            for (int q = q0; q < q1; q++) {
                int j = q * NR, cols = Math.min(NR, nc - j), bi = q * NR * kc;
                for (int p = p0; p < p1; p++) {
                    int i = p * mr, rows = Math.min(mr, mc - i);
                    if (mr == 12) GemmSimdKernels.kernel12(kc, ap, i * kc, bp, bi, tile);
                    else GemmSimdKernels.kernel6(kc, ap, i * kc, bp, bi, tile);
                    GemmSimdKernels.store(tile, c, cBase + i * ldc + j, ldc, rows, cols, mode, beta);
                }
            }
        }
    }

    /** Packs rows [i0, i0+rows) x cols [p0, p0+kc) of alpha*op(A) as dst[d + p*mr + r], zero rows up to mr. */
    static void packA(boolean tA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc, float alpha,
            float[] dst, int d, int mr) {
        if (rows < mr) java.util.Arrays.fill(dst, d, d + mr * kc, 0f);
        if (!tA) {
            for (int r = 0; r < rows; r++) {
                int src = aOff + (i0 + r) * lda + p0;
                if (alpha == 1f) {
                    for (int p = 0; p < kc; p++) dst[d + p * mr + r] = a[src + p];
                } else {
                    for (int p = 0; p < kc; p++) dst[d + p * mr + r] = alpha * a[src + p];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0, o = d + p * mr;
                if (alpha == 1f) {
                    System.arraycopy(a, src, dst, o, rows);
                } else {
                    for (int r = 0; r < rows; r++) dst[o + r] = alpha * a[src + r];
                }
            }
        }
    }

    /** Packs rows [p0, p0+kc) x cols [j0, j0+cols) of op(B) as dst[d + p*NR + j], zero columns up to NR. */
    static void packB(boolean tB, float[] b, int bOff, int ldb, int j0, int cols, int p0, int kc, float[] dst, int d) {
        if (!tB) {
            if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0, o = d + p * NR;
                    FloatVector.fromArray(S, b, src).intoArray(dst, o);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, o + L);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0, o = d + p * NR;
                    System.arraycopy(b, src, dst, o, cols);
                    java.util.Arrays.fill(dst, o + cols, o + NR, 0f);
                }
            }
        } else {
            if (cols < NR) java.util.Arrays.fill(dst, d, d + NR * kc, 0f);
            for (int j = 0; j < cols; j++) {
                int src = bOff + (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) dst[d + p * NR + j] = b[src + p];
            }
        }
    }
}
