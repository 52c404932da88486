package dev.nabla.kernel;

import static dev.nabla.kernel.GemmSimdKernels.ADD;
import static dev.nabla.kernel.GemmSimdKernels.L;
import static dev.nabla.kernel.GemmSimdKernels.NR;
import static dev.nabla.kernel.GemmSimdKernels.OVERWRITE;
import static dev.nabla.kernel.GemmSimdKernels.S;
import static dev.nabla.kernel.GemmSimdKernels.SCALE_ADD;

import java.util.concurrent.atomic.AtomicIntegerArray;
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
    static final int KC = Integer.getInteger("tune.kc", 256);
    /** Rows of op(A) packed at once (KC x MC floats); tasks take at most MAX_TASK_PANELS panels of them. */
    static final int MC = 1536;
    /** Columns of op(B) packed at once (KC x NC floats). */
    static final int NC = 3072;
    /** Largest task, in panels along M and along N, so that a task's A block stays in L2. */
    private static final int MAX_TASK_PANELS = Integer.getInteger("tune.maxPanels", 16);
    /** Fewest compute tasks per block when the product runs in parallel (load balance on a few cores). */
    private static final int MIN_TASKS = Integer.getInteger("tune.minTasks", 8);

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
        int kBlocks = ceilDiv(k, KC);
        int kcMax = ceilDiv(k, kBlocks);
        float[] ap = buf.a(ceilDiv(Math.min(MC, m), mr) * mr * kcMax);
        float[] bp = buf.b(ceilDiv(Math.min(NC, n), NR) * NR * kcMax);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = (int) ((long) k * kb / kBlocks);
                int kc = (int) ((long) k * (kb + 1) / kBlocks) - pc;
                int mode = kb > 0 || beta == 1f ? ADD : beta == 0f ? OVERWRITE : SCALE_ADD;
                AtomicIntegerArray bReady = parallel ? new AtomicIntegerArray(ceilDiv(nc, NR)) : null;
                for (int ic = 0; ic < m; ic += MC) {
                    Block blk = new Block(tA, tB, alpha, a, aOff, lda, b, bOff, ldb, beta, c, ldc, mr, mode, ic,
                            Math.min(MC, m - ic), jc, nc, pc, kc, ap, bp, ic == 0, bReady);
                    blk.cBase = cOff + ic * ldc + jc;
                    if (parallel) blk.runParallel(); else blk.runSerial();
                }
            }
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /**
     * One (mc x kc) by (kc x nc) block: rows [ic, ic+mc) of op(A), columns [jc, jc+nc) of op(B), depth [pc, pc+kc).
     * In parallel, tasks own rectangles of tiles and pack the panels they need on demand: a panel is claimed by
     * the first task to reach it (0 = free, 1 = being packed, 2 = ready), so each is packed once, by whichever
     * thread gets there first, with no barrier between packing and computing.
     */
    private static final class Block {
        private static final int FREE = 0, BUSY = 1, READY = 2, FAILED = 3;
        final boolean tA, tB, packB;
        final float alpha, beta;
        final float[] a, b, c, ap, bp;
        final int aOff, lda, bOff, ldb, ldc, mr, mode, ic, mc, jc, nc, pc, kc, mPanels, nPanels;
        final AtomicIntegerArray aReady, bReady;
        int cBase;

        Block(boolean tA, boolean tB, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                float beta, float[] c, int ldc, int mr, int mode, int ic, int mc, int jc, int nc, int pc, int kc,
                float[] ap, float[] bp, boolean packB, AtomicIntegerArray bReady) {
            this.tA = tA;
            this.tB = tB;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.ldc = ldc;
            this.mr = mr;
            this.mode = mode;
            this.ic = ic;
            this.mc = mc;
            this.jc = jc;
            this.nc = nc;
            this.pc = pc;
            this.kc = kc;
            this.ap = ap;
            this.bp = bp;
            this.packB = packB;
            this.mPanels = ceilDiv(mc, mr);
            this.nPanels = ceilDiv(nc, NR);
            this.aReady = bReady == null ? null : new AtomicIntegerArray(mPanels);
            this.bReady = bReady;
        }

        void packA(int q) {
            GemmSimd.packA(tA, a, aOff, lda, ic + q * mr, Math.min(mr, mc - q * mr), pc, kc, alpha, ap, q * mr * kc, mr);
        }

        void packB(int q) {
            GemmSimd.packB(tB, b, bOff, ldb, jc + q * NR, Math.min(NR, nc - q * NR), pc, kc, bp, q * NR * kc);
        }

        void runSerial() {
            for (int q = 0; q < mPanels; q++) packA(q);
            if (packB) for (int q = 0; q < nPanels; q++) packB(q);
            compute(0, mPanels, 0, nPanels);
        }

        void runParallel() {
            int mChunks = ceilDiv(mPanels, MAX_TASK_PANELS), nChunks = ceilDiv(nPanels, MAX_TASK_PANELS);
            while (mChunks * nChunks < MIN_TASKS && (mChunks < mPanels || nChunks < nPanels)) {
                if (nChunks == nPanels || (mChunks < mPanels && mPanels / mChunks >= nPanels / nChunks)) mChunks++;
                else nChunks++;
            }
            int mC = mChunks, nC = nChunks;
            Parallel.run(mC * nC, t -> {
                int p0 = chunk(mPanels, mC, t / nC), p1 = chunk(mPanels, mC, t / nC + 1);
                int q0 = chunk(nPanels, nC, t % nC), q1 = chunk(nPanels, nC, t % nC + 1);
                // Pack whatever nobody has claimed yet, then compute, waiting for panels others are packing.
                for (int q = q0; q < q1; q++) claim(bReady, q, false);
                for (int p = p0; p < p1; p++) claim(aReady, p, true);
                for (int q = q0; q < q1; q++) await(bReady, q);
                for (int p = p0; p < p1; p++) await(aReady, p);
                compute(p0, p1, q0, q1);
            });
        }

        private void claim(AtomicIntegerArray ready, int q, boolean isA) {
            if (ready.get(q) != FREE || !ready.compareAndSet(q, FREE, BUSY)) return;
            boolean ok = false;
            try {
                if (isA) packA(q); else packB(q);
                ok = true;
            } finally {
                ready.set(q, ok ? READY : FAILED);
            }
        }

        private static void await(AtomicIntegerArray ready, int q) {
            int s;
            while ((s = ready.get(q)) != READY) {
                if (s == FAILED) throw new IllegalStateException("gemm: packing a panel failed in another task");
                Thread.onSpinWait();
            }
        }

        private static int chunk(int panels, int chunks, int i) {
            return (int) ((long) panels * i / chunks);
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
