package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernels behind {@link GemmSimd}, written out by hand so that C2 keeps every
 * accumulator in a register: a 12 x NR tile (24 accumulators, for 512-bit vectors and 32 registers) and a
 * 6 x NR tile (12 accumulators, for 256-bit vectors and 16 registers), NR being two vectors. A comes either as
 * columns (a packed panel, or a transposed A read in place) or as rows (a row-major A read in place, for small
 * products where packing costs more than it saves); B as rows of NR floats, packed or in place. Every C element
 * is one FMA chain over k in order, whatever kernel, tile or thread computes it, so results do not depend on
 * how the work is split.
 *
 * <p>The kernels end by spilling the tile to a per-thread buffer and {@link #store} writes it to C: a few dozen
 * extra L1 accesses per tile, but it keeps the kernels small. (A kernel too large for C1, or a static final
 * vector constant, leaves the hot loop boxed and about 100x slower.)
 */
final class GemmSimdKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Columns of a register tile (two vectors). */
    static final int NR = 2 * L;
    /** How a tile is written back: C = acc, C = acc + C, C = acc + beta * C (one rounding). */
    static final int OVERWRITE = 0, ADD = 1, SCALE_ADD = 2;

    private GemmSimdKernels() {}

    /** 12 x NR tile, A read as columns: a[ai + p * aStep + r] (packed: aStep = 12); B rows bStep apart. */
    static void kernel12(int kc, float[] a, int ai, int aStep, float[] b, int bi, int bStep, float[] tile) {
        FloatVector z = FloatVector.zero(S); // a local: a static final vector constant defeats C2's unboxing
        FloatVector r0a = z, r0b = z, r1a = z, r1b = z, r2a = z, r2b = z, r3a = z, r3b = z;
        FloatVector r4a = z, r4b = z, r5a = z, r5b = z, r6a = z, r6b = z, r7a = z, r7b = z;
        FloatVector r8a = z, r8b = z, r9a = z, r9b = z, r10a = z, r10b = z, r11a = z, r11b = z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai + 0]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, a[ai + 1]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, a[ai + 2]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, a[ai + 3]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, a[ai + 4]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, a[ai + 5]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            x = FloatVector.broadcast(S, a[ai + 6]); r6a = x.fma(b0, r6a); r6b = x.fma(b1, r6b);
            x = FloatVector.broadcast(S, a[ai + 7]); r7a = x.fma(b0, r7a); r7b = x.fma(b1, r7b);
            x = FloatVector.broadcast(S, a[ai + 8]); r8a = x.fma(b0, r8a); r8b = x.fma(b1, r8b);
            x = FloatVector.broadcast(S, a[ai + 9]); r9a = x.fma(b0, r9a); r9b = x.fma(b1, r9b);
            x = FloatVector.broadcast(S, a[ai + 10]); r10a = x.fma(b0, r10a); r10b = x.fma(b1, r10b);
            x = FloatVector.broadcast(S, a[ai + 11]); r11a = x.fma(b0, r11a); r11b = x.fma(b1, r11b);
            ai += aStep;
            bi += bStep;
        }
        r0a.intoArray(tile, 0 * NR); r0b.intoArray(tile, 0 * NR + L);
        r1a.intoArray(tile, 1 * NR); r1b.intoArray(tile, 1 * NR + L);
        r2a.intoArray(tile, 2 * NR); r2b.intoArray(tile, 2 * NR + L);
        r3a.intoArray(tile, 3 * NR); r3b.intoArray(tile, 3 * NR + L);
        r4a.intoArray(tile, 4 * NR); r4b.intoArray(tile, 4 * NR + L);
        r5a.intoArray(tile, 5 * NR); r5b.intoArray(tile, 5 * NR + L);
        r6a.intoArray(tile, 6 * NR); r6b.intoArray(tile, 6 * NR + L);
        r7a.intoArray(tile, 7 * NR); r7b.intoArray(tile, 7 * NR + L);
        r8a.intoArray(tile, 8 * NR); r8b.intoArray(tile, 8 * NR + L);
        r9a.intoArray(tile, 9 * NR); r9b.intoArray(tile, 9 * NR + L);
        r10a.intoArray(tile, 10 * NR); r10b.intoArray(tile, 10 * NR + L);
        r11a.intoArray(tile, 11 * NR); r11b.intoArray(tile, 11 * NR + L);
    }

    /** 12 x NR tile, A read as rows: a[ai + r * lda + p]; B rows bStep apart. */
    static void kernel12r(int kc, float[] a, int ai, int lda, float[] b, int bi, int bStep, float[] tile) {
        FloatVector z = FloatVector.zero(S); // a local: a static final vector constant defeats C2's unboxing
        FloatVector r0a = z, r0b = z, r1a = z, r1b = z, r2a = z, r2b = z, r3a = z, r3b = z;
        FloatVector r4a = z, r4b = z, r5a = z, r5b = z, r6a = z, r6b = z, r7a = z, r7b = z;
        FloatVector r8a = z, r8b = z, r9a = z, r9b = z, r10a = z, r10b = z, r11a = z, r11b = z;
        int a0 = ai;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda;
        int a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda, a8 = a7 + lda;
        int a9 = a8 + lda, a10 = a9 + lda, a11 = a10 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + p]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, a[a1 + p]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, a[a2 + p]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, a[a3 + p]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, a[a4 + p]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, a[a5 + p]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            x = FloatVector.broadcast(S, a[a6 + p]); r6a = x.fma(b0, r6a); r6b = x.fma(b1, r6b);
            x = FloatVector.broadcast(S, a[a7 + p]); r7a = x.fma(b0, r7a); r7b = x.fma(b1, r7b);
            x = FloatVector.broadcast(S, a[a8 + p]); r8a = x.fma(b0, r8a); r8b = x.fma(b1, r8b);
            x = FloatVector.broadcast(S, a[a9 + p]); r9a = x.fma(b0, r9a); r9b = x.fma(b1, r9b);
            x = FloatVector.broadcast(S, a[a10 + p]); r10a = x.fma(b0, r10a); r10b = x.fma(b1, r10b);
            x = FloatVector.broadcast(S, a[a11 + p]); r11a = x.fma(b0, r11a); r11b = x.fma(b1, r11b);
            bi += bStep;
        }
        r0a.intoArray(tile, 0 * NR); r0b.intoArray(tile, 0 * NR + L);
        r1a.intoArray(tile, 1 * NR); r1b.intoArray(tile, 1 * NR + L);
        r2a.intoArray(tile, 2 * NR); r2b.intoArray(tile, 2 * NR + L);
        r3a.intoArray(tile, 3 * NR); r3b.intoArray(tile, 3 * NR + L);
        r4a.intoArray(tile, 4 * NR); r4b.intoArray(tile, 4 * NR + L);
        r5a.intoArray(tile, 5 * NR); r5b.intoArray(tile, 5 * NR + L);
        r6a.intoArray(tile, 6 * NR); r6b.intoArray(tile, 6 * NR + L);
        r7a.intoArray(tile, 7 * NR); r7b.intoArray(tile, 7 * NR + L);
        r8a.intoArray(tile, 8 * NR); r8b.intoArray(tile, 8 * NR + L);
        r9a.intoArray(tile, 9 * NR); r9b.intoArray(tile, 9 * NR + L);
        r10a.intoArray(tile, 10 * NR); r10b.intoArray(tile, 10 * NR + L);
        r11a.intoArray(tile, 11 * NR); r11b.intoArray(tile, 11 * NR + L);
    }

    /** 6 x NR tile, A read as columns: a[ai + p * aStep + r] (packed: aStep = 6); B rows bStep apart. */
    static void kernel6(int kc, float[] a, int ai, int aStep, float[] b, int bi, int bStep, float[] tile) {
        FloatVector z = FloatVector.zero(S); // a local: a static final vector constant defeats C2's unboxing
        FloatVector r0a = z, r0b = z, r1a = z, r1b = z, r2a = z, r2b = z, r3a = z, r3b = z;
        FloatVector r4a = z, r4b = z, r5a = z, r5b = z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai + 0]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, a[ai + 1]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, a[ai + 2]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, a[ai + 3]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, a[ai + 4]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, a[ai + 5]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            ai += aStep;
            bi += bStep;
        }
        r0a.intoArray(tile, 0 * NR); r0b.intoArray(tile, 0 * NR + L);
        r1a.intoArray(tile, 1 * NR); r1b.intoArray(tile, 1 * NR + L);
        r2a.intoArray(tile, 2 * NR); r2b.intoArray(tile, 2 * NR + L);
        r3a.intoArray(tile, 3 * NR); r3b.intoArray(tile, 3 * NR + L);
        r4a.intoArray(tile, 4 * NR); r4b.intoArray(tile, 4 * NR + L);
        r5a.intoArray(tile, 5 * NR); r5b.intoArray(tile, 5 * NR + L);
    }

    /** 6 x NR tile, A read as rows: a[ai + r * lda + p]; B rows bStep apart. */
    static void kernel6r(int kc, float[] a, int ai, int lda, float[] b, int bi, int bStep, float[] tile) {
        FloatVector z = FloatVector.zero(S); // a local: a static final vector constant defeats C2's unboxing
        FloatVector r0a = z, r0b = z, r1a = z, r1b = z, r2a = z, r2b = z, r3a = z, r3b = z;
        FloatVector r4a = z, r4b = z, r5a = z, r5b = z;
        int a0 = ai;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda;
        int a5 = a4 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + p]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, a[a1 + p]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, a[a2 + p]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, a[a3 + p]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, a[a4 + p]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, a[a5 + p]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            bi += bStep;
        }
        r0a.intoArray(tile, 0 * NR); r0b.intoArray(tile, 0 * NR + L);
        r1a.intoArray(tile, 1 * NR); r1b.intoArray(tile, 1 * NR + L);
        r2a.intoArray(tile, 2 * NR); r2b.intoArray(tile, 2 * NR + L);
        r3a.intoArray(tile, 3 * NR); r3b.intoArray(tile, 3 * NR + L);
        r4a.intoArray(tile, 4 * NR); r4b.intoArray(tile, 4 * NR + L);
        r5a.intoArray(tile, 5 * NR); r5b.intoArray(tile, 5 * NR + L);
    }

    /**
     * 12 x NR tile from a packed A panel and B read in place through row offsets: row p of the tile's B columns
     * is b[bOff + bRows[p0 + p] ..]. No B packing at all, for products whose B rows are windows of a small image.
     */
    static void kernel12i(int kc, float[] a, int ai, float[] b, int bOff, int[] bRows, int p0, float[] tile) {
        FloatVector z = FloatVector.zero(S); // a local: a static final vector constant defeats C2's unboxing
        FloatVector r0a = z, r0b = z, r1a = z, r1b = z, r2a = z, r2b = z, r3a = z, r3b = z;
        FloatVector r4a = z, r4b = z, r5a = z, r5b = z, r6a = z, r6b = z, r7a = z, r7b = z;
        FloatVector r8a = z, r8b = z, r9a = z, r9b = z, r10a = z, r10b = z, r11a = z, r11b = z;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + bRows[p0 + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai + 0]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, a[ai + 1]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, a[ai + 2]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, a[ai + 3]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, a[ai + 4]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, a[ai + 5]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            x = FloatVector.broadcast(S, a[ai + 6]); r6a = x.fma(b0, r6a); r6b = x.fma(b1, r6b);
            x = FloatVector.broadcast(S, a[ai + 7]); r7a = x.fma(b0, r7a); r7b = x.fma(b1, r7b);
            x = FloatVector.broadcast(S, a[ai + 8]); r8a = x.fma(b0, r8a); r8b = x.fma(b1, r8b);
            x = FloatVector.broadcast(S, a[ai + 9]); r9a = x.fma(b0, r9a); r9b = x.fma(b1, r9b);
            x = FloatVector.broadcast(S, a[ai + 10]); r10a = x.fma(b0, r10a); r10b = x.fma(b1, r10b);
            x = FloatVector.broadcast(S, a[ai + 11]); r11a = x.fma(b0, r11a); r11b = x.fma(b1, r11b);
            ai += 12;
        }
        r0a.intoArray(tile, 0 * NR); r0b.intoArray(tile, 0 * NR + L);
        r1a.intoArray(tile, 1 * NR); r1b.intoArray(tile, 1 * NR + L);
        r2a.intoArray(tile, 2 * NR); r2b.intoArray(tile, 2 * NR + L);
        r3a.intoArray(tile, 3 * NR); r3b.intoArray(tile, 3 * NR + L);
        r4a.intoArray(tile, 4 * NR); r4b.intoArray(tile, 4 * NR + L);
        r5a.intoArray(tile, 5 * NR); r5b.intoArray(tile, 5 * NR + L);
        r6a.intoArray(tile, 6 * NR); r6b.intoArray(tile, 6 * NR + L);
        r7a.intoArray(tile, 7 * NR); r7b.intoArray(tile, 7 * NR + L);
        r8a.intoArray(tile, 8 * NR); r8b.intoArray(tile, 8 * NR + L);
        r9a.intoArray(tile, 9 * NR); r9b.intoArray(tile, 9 * NR + L);
        r10a.intoArray(tile, 10 * NR); r10b.intoArray(tile, 10 * NR + L);
        r11a.intoArray(tile, 11 * NR); r11b.intoArray(tile, 11 * NR + L);
    }

    /** 6 x NR tile from a packed A panel and B read in place through row offsets, as {@link #kernel12i}. */
    static void kernel6i(int kc, float[] a, int ai, float[] b, int bOff, int[] bRows, int p0, float[] tile) {
        FloatVector z = FloatVector.zero(S); // a local: a static final vector constant defeats C2's unboxing
        FloatVector r0a = z, r0b = z, r1a = z, r1b = z, r2a = z, r2b = z, r3a = z, r3b = z;
        FloatVector r4a = z, r4b = z, r5a = z, r5b = z;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + bRows[p0 + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ai + 0]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, a[ai + 1]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, a[ai + 2]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, a[ai + 3]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, a[ai + 4]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, a[ai + 5]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            ai += 6;
        }
        r0a.intoArray(tile, 0 * NR); r0b.intoArray(tile, 0 * NR + L);
        r1a.intoArray(tile, 1 * NR); r1b.intoArray(tile, 1 * NR + L);
        r2a.intoArray(tile, 2 * NR); r2b.intoArray(tile, 2 * NR + L);
        r3a.intoArray(tile, 3 * NR); r3b.intoArray(tile, 3 * NR + L);
        r4a.intoArray(tile, 4 * NR); r4b.intoArray(tile, 4 * NR + L);
        r5a.intoArray(tile, 5 * NR); r5b.intoArray(tile, 5 * NR + L);
    }

    /** Writes the top-left rows x cols of a tile (row stride NR) to C at ci. */
    static void store(float[] tile, float[] c, int ci, int ldc, int rows, int cols, int mode, float beta) {
        float f = mode == ADD ? 1f : beta; // c * 1 + acc rounds once, exactly as c + acc
        if (cols == NR) {
            FloatVector fv = FloatVector.broadcast(S, f);
            for (int r = 0, o = ci, t = 0; r < rows; r++, o += ldc, t += NR) {
                FloatVector a0 = FloatVector.fromArray(S, tile, t), a1 = FloatVector.fromArray(S, tile, t + L);
                if (mode == OVERWRITE) {
                    a0.intoArray(c, o);
                    a1.intoArray(c, o + L);
                } else {
                    FloatVector.fromArray(S, c, o).fma(fv, a0).intoArray(c, o);
                    FloatVector.fromArray(S, c, o + L).fma(fv, a1).intoArray(c, o + L);
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc, t = r * NR;
            for (int j = 0; j < cols; j++) {
                c[o + j] = mode == OVERWRITE ? tile[t + j] : Math.fma(c[o + j], f, tile[t + j]);
            }
        }
    }
}
