package dev.nabla.kernel;

import static dev.nabla.kernel.GemmSimdKernels.ADD;
import static dev.nabla.kernel.GemmSimdKernels.L;
import static dev.nabla.kernel.GemmSimdKernels.NR;
import static dev.nabla.kernel.GemmSimdKernels.OVERWRITE;
import static dev.nabla.kernel.GemmSimdKernels.S;
import static dev.nabla.kernel.GemmSimdKernels.SCALE_ADD;

import java.util.concurrent.atomic.AtomicIntegerArray;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Vector API sgemm (Goto/BLIS scheme): op(A) is packed in MR-row panels (alpha folded in), op(B) in NR-column
 * panels, both zero-padded to whole panels and cut along K into blocks of at most KC, and a register-tiled
 * micro-kernel ({@link GemmSimdKernels}) runs over every MR x NR tile of C. For small products an operand is read
 * in place instead (only a ragged edge panel is packed), because packing would cost as much as it saves.
 *
 * <p>Work is split into tasks that each own a rectangle of C tiles and walk all of K over it, so the rectangle
 * stays in L2 between K blocks and one hand-off to the pool covers the whole product. Panels are packed on demand
 * by whichever task needs them first (see {@link Block}). K block boundaries depend on k only and threads split C,
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
    /**
     * Most floats of packed A, and of packed B, held at once per calling thread (8 MB each); beyond, C is done in
     * blocks of rows and columns (measured: no slower at n = 2048, faster on one thread). Not final so that tests
     * can exercise the blocking with small matrices.
     */
    static long packCap = 1L << 21;
    /** Largest task, in panels along M and along N, so that a task's A, B and C blocks stay in L2. */
    private static final int MAX_TASK_PANELS = 16;
    /** Blocks with fewer than this many big tasks per thread are cut into exactly as many tasks as threads. */
    private static final int MIN_TASKS = 4;
    /** A is read in place (when alpha is 1) if it is reused by at most this many columns of C. */
    static final int RAW_A_MAX_N = 256;
    /** B (not transposed) is read in place if it spans at most this many floats (k * ldb). */
    static final long RAW_B_MAX = 256L * 256;
    /** Where op(A) comes from: packed panels, a transposed A read in place as columns, or A read as rows. */
    private static final int A_PACKED = 0, A_COLUMNS = 1, A_ROWS = 2;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmSimd() {}

    /** Per-thread scratch, grown on demand and kept, so steady-state calls allocate nothing large. */
    static final class Buffers {
        float[] a = new float[0], b = new float[0], t = new float[0];
        final float[] tile = new float[12 * NR];
        /** Gather offsets of the rows of an A panel. */
        final int[] rowAt = new int[L];
        /** Gather offsets of the columns of a B^T panel. */
        final int[] colAt = new int[NR];

        // Both keep NR floats of slack past the last panel: a masked vector store that would run past the end of
        // the array leaves the Vector API's fast path for a per-lane one (measured 10% of a small convolution).
        float[] a(long size) {
            if (a.length < size + NR) a = new float[Math.toIntExact(size + NR)];
            return a;
        }

        float[] b(long size) {
            if (b.length < size + NR) b = new float[Math.toIntExact(size + NR)];
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

    /** Blocked product with the default tile height. */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel) {
        sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc, parallel, tileHeight(m));
    }

    /**
     * The tile height for m rows: MR, or 6 when m is small and its last 12-row panel would be at most half used
     * (m = 6 computes 6 rows instead of 12, m = 16 computes 18 instead of 24).
     */
    static int tileHeight(int m) {
        return MR == 12 && m < 24 && m % 12 != 0 && m % 12 <= 6 ? 6 : MR;
    }

    /** Blocked product with tile height mr (12 or 6; both are tested whatever the hardware). */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel, int mr) {
        sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc, parallel, mr);
    }

    /**
     * The product with op(B) given either by bOff and ldb (as stored, transposed if tB) or, when bRows is not
     * null, row by row: row p of B starts at b[bOff + bRows[p]], or with tB row j of B^T (ldb is then unused).
     */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, int[] bRows, float beta, float[] c, int cOff, int ldc, boolean parallel,
            int mr) {
        if (mr != 12 && mr != 6) throw new IllegalArgumentException("mr must be 12 or 6, got " + mr);
        // B given by row offsets (not transposed) is read in place by the indirect kernels, with packed A.
        boolean bIndirect = bRows != null && !tB;
        int aSrc = alpha != 1f || n > RAW_A_MAX_N || bIndirect ? A_PACKED : tA ? A_COLUMNS : A_ROWS;
        boolean bRaw = bRows == null && !tB && (long) k * ldb <= RAW_B_MAX;
        // Rows and columns of C per block, so that packed A (mb x k) and packed B (k x nb) stay under packCap,
        // in blocks of nearly equal size.
        int mb = aSrc != A_PACKED ? m : blockSize(m, mr, packCap / k);
        int nb = bRaw || bIndirect ? n : blockSize(n, NR, packCap / k);
        Buffers buf = BUFFERS.get();
        float[] ap = buf.a((long) (aSrc == A_PACKED ? ceilDiv(mb, mr) : 1) * mr * k);
        float[] bp = buf.b((long) (bRaw || bIndirect ? 1 : ceilDiv(nb, NR)) * NR * k);
        for (int jc = 0; jc < n; jc += nb) {
            AtomicIntegerArray bReady = null;
            for (int ic = 0; ic < m; ic += mb) {
                Block blk = new Block(tA, tB, alpha, a, aOff, lda, b, bOff, ldb, bRows, beta, c, cOff, ldc, mr, aSrc,
                        bRaw,
                        ic, Math.min(mb, m - ic), jc, Math.min(nb, n - jc), k, ap, bp, bReady);
                bReady = blk.bReady; // B panels packed for the first row block serve the others
                blk.run(parallel);
            }
        }
    }

    /** Size (a multiple of unit) of the nearly equal blocks that cut size into pieces of at most max (>= unit). */
    private static int blockSize(int size, int unit, long max) {
        int blocks = (int) Math.min(size, ceilDiv(size, (int) Math.min(size, Math.max(unit, max / unit * unit))));
        return Math.min(size, ceilDiv(ceilDiv(size, blocks), unit) * unit);
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /**
     * The product restricted to rows [ic, ic+mc) and columns [jc, jc+nc) of C, over all of K. Tasks own rectangles
     * of tiles; for each K block a task packs the A and B panels it needs that nobody has claimed yet (a panel is
     * FREE, BUSY or READY), waits for those others are packing, and computes its tiles. Each panel is packed once,
     * by whichever thread gets there first, with no barrier between packing and computing. Panels read in place
     * need no packing and are always ready.
     */
    private static final class Block {
        private static final int FREE = 0, BUSY = 1, READY = 2, FAILED = 3;
        final boolean tA, tB, bRaw, bIndirect;
        final float alpha, beta;
        final float[] a, b, c, ap, bp;
        final int[] bRows;
        final int aOff, lda, bOff, ldb, cOff, ldc, mr, aSrc, ic, mc, jc, nc, k, mPanels, nPanels, kBlocks;
        /** Claim states, index kb * panels + panel. */
        final AtomicIntegerArray aReady, bReady;

        Block(boolean tA, boolean tB, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                int[] bRows, float beta, float[] c, int cOff, int ldc, int mr, int aSrc, boolean bRaw, int ic, int mc,
                int jc,
                int nc, int k, float[] ap, float[] bp, AtomicIntegerArray bReady) {
            this.tA = tA;
            this.tB = tB;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.bRows = bRows;
            this.bIndirect = bRows != null && !tB;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.mr = mr;
            this.aSrc = aSrc;
            this.bRaw = bRaw;
            this.ic = ic;
            this.mc = mc;
            this.jc = jc;
            this.nc = nc;
            this.k = k;
            this.ap = ap;
            this.bp = bp;
            this.mPanels = ceilDiv(mc, mr);
            this.nPanels = ceilDiv(nc, NR);
            this.kBlocks = ceilDiv(k, KC);
            this.aReady = new AtomicIntegerArray(kBlocks * mPanels);
            this.bReady = bReady != null ? bReady : new AtomicIntegerArray(kBlocks * nPanels);
        }

        int pc(int kb) {
            return (int) ((long) k * kb / kBlocks);
        }

        /** Whether A panel q is packed: always when packing, else only a ragged last panel. */
        boolean packsA(int q) {
            return aSrc == A_PACKED || (q == mPanels - 1 && mc - q * mr < mr);
        }

        boolean packsB(int q) {
            return !(bRaw || bIndirect) || (q == nPanels - 1 && nc - q * NR < NR);
        }

        /** Start of packed A panel q of block kb: blocks lie one after the other, panels kc * mr apart. */
        int aPanel(int kb, int q, int kc) {
            return aSrc == A_PACKED ? mPanels * mr * pc(kb) + q * mr * kc : mr * pc(kb);
        }

        int bPanel(int kb, int q, int kc) {
            return bRaw || bIndirect ? NR * pc(kb) : nPanels * NR * pc(kb) + q * NR * kc;
        }

        void run(boolean parallel) {
            int threads = parallel ? Parallel.threads() : 1;
            // Big blocks: tasks of at most MAX_TASK_PANELS^2 tiles, balanced dynamically. Small ones: as many
            // equal tasks as threads (a multiple of them), the fewest hand-offs. The split never changes results.
            int mChunks = ceilDiv(mPanels, MAX_TASK_PANELS), nChunks = ceilDiv(nPanels, MAX_TASK_PANELS);
            if (mChunks * nChunks < MIN_TASKS * threads) {
                int target = ceilDiv(mChunks * nChunks, threads) * threads;
                // Smallest largest task; on ties split M: tasks then write whole rows of C, while tasks splitting
                // a row share a cache line at their border (false sharing costs more than a small product).
                long best = Long.MAX_VALUE;
                for (int x = 1; x <= Math.min(target, mPanels); x++) {
                    int y = target / x;
                    if (target % x != 0 || y > nPanels) continue;
                    long largest = (long) ceilDiv(mPanels, x) * ceilDiv(nPanels, y);
                    if (largest <= best) {
                        best = largest;
                        mChunks = x;
                        nChunks = y;
                    }
                }
            }
            int mC = mChunks, nC = nChunks;
            java.util.function.IntConsumer task = t -> {
                int ti = t / nC, tj = t % nC;
                int p0 = chunk(mPanels, mC, ti), p1 = chunk(mPanels, mC, ti + 1);
                int q0 = chunk(nPanels, nC, tj), q1 = chunk(nPanels, nC, tj + 1);
                // Tasks sharing panels start at different ones (each packs its own first, no waiting).
                int pRot = (p1 - p0) * tj / nC, qRot = (q1 - q0) * ti / mC;
                for (int kb = 0; kb < kBlocks; kb++) {
                    // Pack whatever nobody has claimed yet, then compute; compute waits for each panel others
                    // are still packing only when it reaches it.
                    for (int x = 0; x < q1 - q0; x++) {
                        int q = q0 + (x + qRot) % (q1 - q0);
                        if (packsB(q)) claim(bReady, kb, q, false);
                    }
                    for (int x = 0; x < p1 - p0; x++) {
                        int p = p0 + (x + pRot) % (p1 - p0);
                        if (packsA(p)) claim(aReady, kb, p, true);
                    }
                    compute(kb, p0, p1, pRot, q0, q1, qRot);
                }
            };
            if (parallel) {
                Parallel.run(mC * nC, task);
            } else {
                for (int t = 0; t < mC * nC; t++) task.accept(t);
            }
        }

        private void claim(AtomicIntegerArray ready, int kb, int q, boolean isA) {
            int i = kb * (isA ? mPanels : nPanels) + q;
            if (ready.get(i) != FREE || !ready.compareAndSet(i, FREE, BUSY)) return;
            boolean ok = false;
            try {
                int pc = pc(kb), kc = pc(kb + 1) - pc;
                if (isA) {
                    GemmSimd.packA(tA, a, aOff, lda, ic + q * mr, Math.min(mr, mc - q * mr), pc, kc, alpha, ap,
                            aPanel(kb, q, kc), mr);
                } else {
                    GemmSimd.packB(tB, b, bOff, ldb, bRows, jc + q * NR, Math.min(NR, nc - q * NR), pc, kc, bp,
                            bPanel(kb, q, kc));
                }
                ok = true;
            } finally {
                ready.set(i, ok ? READY : FAILED);
            }
        }

        private static void await(AtomicIntegerArray ready, int i) {
            int s;
            while ((s = ready.get(i)) != READY) {
                if (s == FAILED) throw new IllegalStateException("gemm: packing a panel failed in another task");
                Thread.onSpinWait();
            }
        }

        private static int chunk(int panels, int chunks, int i) {
            return (int) ((long) panels * i / chunks);
        }

        /** Tiles [p0, p1) x [q0, q1) for K block kb, visiting panels rotated by pRot and qRot. */
        void compute(int kb, int p0, int p1, int pRot, int q0, int q1, int qRot) {
            float[] tile = BUFFERS.get().tile;
            int pc = pc(kb), kc = pc(kb + 1) - pc;
            int mode = kb > 0 || beta == 1f ? ADD : beta == 0f ? OVERWRITE : SCALE_ADD;
            for (int y = 0; y < q1 - q0; y++) {
                int q = q0 + (y + qRot) % (q1 - q0);
                int j = q * NR, cols = Math.min(NR, nc - j);
                boolean bPacked = packsB(q);
                if (bPacked) await(bReady, kb * nPanels + q);
                float[] bs = bPacked ? bp : b;
                int bi = bPacked ? bPanel(kb, q, kc) : bOff + pc * ldb + jc + j, bStep = bPacked ? NR : ldb;
                for (int x = 0; x < p1 - p0; x++) {
                    int p = p0 + (x + pRot) % (p1 - p0);
                    int i = p * mr, rows = Math.min(mr, mc - i);
                    if (y == 0 && packsA(p)) await(aReady, kb * mPanels + p);
                    if (bIndirect && !bPacked) {
                        int ai = aPanel(kb, p, kc), bi0 = bOff + jc + j;
                        if (mr == 6) GemmSimdKernels.kernel6i(kc, ap, ai, b, bi0, bRows, pc, tile);
                        else GemmSimdKernels.kernel12i(kc, ap, ai, b, bi0, bRows, pc, tile);
                    } else if (mr == 6) {
                        if (packsA(p)) GemmSimdKernels.kernel6(kc, ap, aPanel(kb, p, kc), 6, bs, bi, bStep, tile);
                        else if (aSrc == A_COLUMNS) GemmSimdKernels.kernel6(kc, a, aOff + pc * lda + ic + i, lda, bs, bi, bStep, tile);
                        else GemmSimdKernels.kernel6r(kc, a, aOff + (ic + i) * lda + pc, lda, bs, bi, bStep, tile);
                    } else {
                        if (packsA(p)) GemmSimdKernels.kernel12(kc, ap, aPanel(kb, p, kc), 12, bs, bi, bStep, tile);
                        else if (aSrc == A_COLUMNS) GemmSimdKernels.kernel12(kc, a, aOff + pc * lda + ic + i, lda, bs, bi, bStep, tile);
                        else GemmSimdKernels.kernel12r(kc, a, aOff + (ic + i) * lda + pc, lda, bs, bi, bStep, tile);
                    }
                    GemmSimdKernels.store(tile, c, cOff + (ic + i) * ldc + jc + j, ldc, rows, cols, mode, beta);
                }
            }
        }
    }

    /**
     * Packs rows [i0, i0+rows) x cols [p0, p0+kc) of alpha*op(A) as dst[d + p*mr + r], zero rows up to mr. Each
     * packed column is one masked vector: a gather from the rows of A, or a load of a row of A^T.
     */
    static void packA(boolean tA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc, float alpha,
            float[] dst, int d, int mr) {
        if (rows < mr) java.util.Arrays.fill(dst, d, d + mr * kc, 0f);
        if (mr > L) {
            packAScalar(tA, a, aOff, lda, i0, rows, p0, kc, alpha, dst, d, mr);
            return;
        }
        VectorMask<Float> mask = VectorMask.fromLong(S, (1L << rows) - 1);
        if (!tA) {
            int[] rowAt = BUFFERS.get().rowAt;
            for (int r = 0; r < L; r++) rowAt[r] = r < rows ? r * lda : 0;
            int src = aOff + i0 * lda + p0;
            for (int p = 0, o = d; p < kc; p++, o += mr) {
                FloatVector v = FloatVector.fromArray(S, a, src + p, rowAt, 0, mask);
                (alpha == 1f ? v : v.mul(alpha)).intoArray(dst, o, mask);
            }
        } else {
            for (int p = 0, src = aOff + p0 * lda + i0, o = d; p < kc; p++, src += lda, o += mr) {
                FloatVector v = FloatVector.fromArray(S, a, src, mask);
                (alpha == 1f ? v : v.mul(alpha)).intoArray(dst, o, mask);
            }
        }
    }

    private static void packAScalar(boolean tA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
            float alpha, float[] dst, int d, int mr) {
        for (int p = 0; p < kc; p++) {
            for (int r = 0; r < rows; r++) {
                dst[d + p * mr + r] = alpha * a[aOff + (tA ? (p0 + p) * lda + i0 + r : (i0 + r) * lda + p0 + p)];
            }
        }
    }

    /**
     * Packs rows [p0, p0+kc) x cols [j0, j0+cols) of op(B) as dst[d + p*NR + j], zero columns up to NR. Stored rows
     * (of B, or of B^T if tB) start ldb apart, or at bOff + bRows[i]; B^T is read with two masked gathers per
     * packed row.
     */
    static void packB(boolean tB, float[] b, int bOff, int ldb, int[] bRows, int j0, int cols, int p0, int kc,
            float[] dst, int d) {
        if (!tB) {
            if (cols == NR) {
                for (int p = 0, o = d; p < kc; p++, o += NR) {
                    int src = bOff + j0 + (bRows == null ? (p0 + p) * ldb : bRows[p0 + p]);
                    FloatVector.fromArray(S, b, src).intoArray(dst, o);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, o + L);
                }
            } else {
                // A ragged edge panel: masked loads leave zeros in the columns past the edge.
                VectorMask<Float> m0 = VectorMask.fromLong(S, cols >= L ? -1L >>> (64 - L) : (1L << cols) - 1);
                VectorMask<Float> m1 = VectorMask.fromLong(S, cols <= L ? 0 : (1L << (cols - L)) - 1);
                for (int p = 0, o = d; p < kc; p++, o += NR) {
                    int src = bOff + j0 + (bRows == null ? (p0 + p) * ldb : bRows[p0 + p]);
                    if (src + NR <= b.length) {
                        FloatVector.fromArray(S, b, src, m0).intoArray(dst, o);
                        FloatVector.fromArray(S, b, src + L, m1).intoArray(dst, o + L);
                    } else { // near the end of b, where a masked load would take the per-lane path
                        System.arraycopy(b, src, dst, o, cols);
                        java.util.Arrays.fill(dst, o + cols, o + NR, 0f);
                    }
                }
            }
            return;
        }
        int[] colAt = BUFFERS.get().colAt;
        for (int j = 0; j < NR; j++) colAt[j] = j >= cols ? 0 : bRows == null ? j * ldb : bRows[j0 + j] - bRows[j0];
        VectorMask<Float> m0 = VectorMask.fromLong(S, cols >= L ? -1L >>> (64 - L) : (1L << cols) - 1);
        VectorMask<Float> m1 = VectorMask.fromLong(S, cols >= NR ? -1L >>> (64 - L) : cols <= L ? 0 : (1L << (cols - L)) - 1);
        for (int p = 0, src = bOff + (bRows == null ? j0 * ldb : bRows[j0]) + p0, o = d; p < kc; p++, src++, o += NR) {
            FloatVector.fromArray(S, b, src, colAt, 0, m0).intoArray(dst, o);
            FloatVector.fromArray(S, b, src, colAt, L, m1).intoArray(dst, o + L);
        }
    }
}
