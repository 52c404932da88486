package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernels behind {@link GemmSimd}, written out by hand so that C2 keeps every
 * accumulator in a register: a 12 x 2L tile (24 accumulators, for 512-bit vectors and 32 registers) and a
 * 6 x 2L tile (12 accumulators, for 256-bit vectors and 16 registers). Each C element is one FMA chain over
 * k in order, whatever tile or thread computes it, which is what makes results independent of threading.
 */
final class GemmSimdKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Columns of a register tile (two vectors). */
    static final int NR = 2 * L;
    /** How a tile is written back: C = acc, C = acc + C, C = acc + beta * C (one rounding). */
    static final int OVERWRITE = 0, ADD = 1, SCALE_ADD = 2;
    private static final FloatVector ZERO = FloatVector.zero(S);

    private GemmSimdKernels() {}

    /** 12 x NR register tile over kc steps of a packed 12-row A panel and a packed NR-column B panel. */
    static void kernel12(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
            int rows, int cols, int mode, float beta, float[] tmp) {
        FloatVector r0a = ZERO, r0b = ZERO, r1a = ZERO, r1b = ZERO, r2a = ZERO, r2b = ZERO, r3a = ZERO, r3b = ZERO;
        FloatVector r4a = ZERO, r4b = ZERO, r5a = ZERO, r5b = ZERO, r6a = ZERO, r6b = ZERO, r7a = ZERO, r7b = ZERO;
        FloatVector r8a = ZERO, r8b = ZERO, r9a = ZERO, r9b = ZERO, r10a = ZERO, r10b = ZERO, r11a = ZERO, r11b = ZERO;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai + 0]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, ap[ai + 1]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, ap[ai + 2]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, ap[ai + 3]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, ap[ai + 4]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, ap[ai + 5]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            x = FloatVector.broadcast(S, ap[ai + 6]); r6a = x.fma(b0, r6a); r6b = x.fma(b1, r6b);
            x = FloatVector.broadcast(S, ap[ai + 7]); r7a = x.fma(b0, r7a); r7b = x.fma(b1, r7b);
            x = FloatVector.broadcast(S, ap[ai + 8]); r8a = x.fma(b0, r8a); r8b = x.fma(b1, r8b);
            x = FloatVector.broadcast(S, ap[ai + 9]); r9a = x.fma(b0, r9a); r9b = x.fma(b1, r9b);
            x = FloatVector.broadcast(S, ap[ai + 10]); r10a = x.fma(b0, r10a); r10b = x.fma(b1, r10b);
            x = FloatVector.broadcast(S, ap[ai + 11]); r11a = x.fma(b0, r11a); r11b = x.fma(b1, r11b);
            ai += 12;
            bi += NR;
        }
        if (rows == 12 && cols == NR && mode == OVERWRITE) {
            r0a.intoArray(c, ci); r0b.intoArray(c, ci + L);
            r1a.intoArray(c, ci + ldc); r1b.intoArray(c, ci + ldc + L);
            r2a.intoArray(c, ci + 2 * ldc); r2b.intoArray(c, ci + 2 * ldc + L);
            r3a.intoArray(c, ci + 3 * ldc); r3b.intoArray(c, ci + 3 * ldc + L);
            r4a.intoArray(c, ci + 4 * ldc); r4b.intoArray(c, ci + 4 * ldc + L);
            r5a.intoArray(c, ci + 5 * ldc); r5b.intoArray(c, ci + 5 * ldc + L);
            r6a.intoArray(c, ci + 6 * ldc); r6b.intoArray(c, ci + 6 * ldc + L);
            r7a.intoArray(c, ci + 7 * ldc); r7b.intoArray(c, ci + 7 * ldc + L);
            r8a.intoArray(c, ci + 8 * ldc); r8b.intoArray(c, ci + 8 * ldc + L);
            r9a.intoArray(c, ci + 9 * ldc); r9b.intoArray(c, ci + 9 * ldc + L);
            r10a.intoArray(c, ci + 10 * ldc); r10b.intoArray(c, ci + 10 * ldc + L);
            r11a.intoArray(c, ci + 11 * ldc); r11b.intoArray(c, ci + 11 * ldc + L);
        } else if (rows == 12 && cols == NR) {
            FloatVector f = FloatVector.broadcast(S, mode == ADD ? 1f : beta);
            int o = ci;
            FloatVector.fromArray(S, c, o).fma(f, r0a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r0b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r1a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r1b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r2a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r2b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r3a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r3b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r4a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r4b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r5a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r5b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r6a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r6b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r7a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r7b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r8a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r8b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r9a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r9b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r10a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r10b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r11a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r11b).intoArray(c, o + L);
        } else {
            r0a.intoArray(tmp, 0 * NR); r0b.intoArray(tmp, 0 * NR + L);
            r1a.intoArray(tmp, 1 * NR); r1b.intoArray(tmp, 1 * NR + L);
            r2a.intoArray(tmp, 2 * NR); r2b.intoArray(tmp, 2 * NR + L);
            r3a.intoArray(tmp, 3 * NR); r3b.intoArray(tmp, 3 * NR + L);
            r4a.intoArray(tmp, 4 * NR); r4b.intoArray(tmp, 4 * NR + L);
            r5a.intoArray(tmp, 5 * NR); r5b.intoArray(tmp, 5 * NR + L);
            r6a.intoArray(tmp, 6 * NR); r6b.intoArray(tmp, 6 * NR + L);
            r7a.intoArray(tmp, 7 * NR); r7b.intoArray(tmp, 7 * NR + L);
            r8a.intoArray(tmp, 8 * NR); r8b.intoArray(tmp, 8 * NR + L);
            r9a.intoArray(tmp, 9 * NR); r9b.intoArray(tmp, 9 * NR + L);
            r10a.intoArray(tmp, 10 * NR); r10b.intoArray(tmp, 10 * NR + L);
            r11a.intoArray(tmp, 11 * NR); r11b.intoArray(tmp, 11 * NR + L);
            storeEdge(tmp, c, ci, ldc, rows, cols, mode, beta);
        }
    }

    /** 6 x NR register tile over kc steps of a packed 6-row A panel and a packed NR-column B panel. */
    static void kernel6(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
            int rows, int cols, int mode, float beta, float[] tmp) {
        FloatVector r0a = ZERO, r0b = ZERO, r1a = ZERO, r1b = ZERO, r2a = ZERO, r2b = ZERO, r3a = ZERO, r3b = ZERO;
        FloatVector r4a = ZERO, r4b = ZERO, r5a = ZERO, r5b = ZERO;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai + 0]); r0a = x.fma(b0, r0a); r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(S, ap[ai + 1]); r1a = x.fma(b0, r1a); r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(S, ap[ai + 2]); r2a = x.fma(b0, r2a); r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(S, ap[ai + 3]); r3a = x.fma(b0, r3a); r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(S, ap[ai + 4]); r4a = x.fma(b0, r4a); r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(S, ap[ai + 5]); r5a = x.fma(b0, r5a); r5b = x.fma(b1, r5b);
            ai += 6;
            bi += NR;
        }
        if (rows == 6 && cols == NR && mode == OVERWRITE) {
            r0a.intoArray(c, ci); r0b.intoArray(c, ci + L);
            r1a.intoArray(c, ci + ldc); r1b.intoArray(c, ci + ldc + L);
            r2a.intoArray(c, ci + 2 * ldc); r2b.intoArray(c, ci + 2 * ldc + L);
            r3a.intoArray(c, ci + 3 * ldc); r3b.intoArray(c, ci + 3 * ldc + L);
            r4a.intoArray(c, ci + 4 * ldc); r4b.intoArray(c, ci + 4 * ldc + L);
            r5a.intoArray(c, ci + 5 * ldc); r5b.intoArray(c, ci + 5 * ldc + L);
        } else if (rows == 6 && cols == NR) {
            FloatVector f = FloatVector.broadcast(S, mode == ADD ? 1f : beta);
            int o = ci;
            FloatVector.fromArray(S, c, o).fma(f, r0a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r0b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r1a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r1b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r2a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r2b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r3a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r3b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r4a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r4b).intoArray(c, o + L); o += ldc;
            FloatVector.fromArray(S, c, o).fma(f, r5a).intoArray(c, o); FloatVector.fromArray(S, c, o + L).fma(f, r5b).intoArray(c, o + L);
        } else {
            r0a.intoArray(tmp, 0 * NR); r0b.intoArray(tmp, 0 * NR + L);
            r1a.intoArray(tmp, 1 * NR); r1b.intoArray(tmp, 1 * NR + L);
            r2a.intoArray(tmp, 2 * NR); r2b.intoArray(tmp, 2 * NR + L);
            r3a.intoArray(tmp, 3 * NR); r3b.intoArray(tmp, 3 * NR + L);
            r4a.intoArray(tmp, 4 * NR); r4b.intoArray(tmp, 4 * NR + L);
            r5a.intoArray(tmp, 5 * NR); r5b.intoArray(tmp, 5 * NR + L);
            storeEdge(tmp, c, ci, ldc, rows, cols, mode, beta);
        }
    }

    /** Writes the top-left rows x cols of a tile spilled to tmp (row stride NR), with the full tiles' arithmetic. */
    static void storeEdge(float[] tmp, float[] c, int ci, int ldc, int rows, int cols, int mode, float beta) {
        float f = mode == ADD ? 1f : beta; // c * 1 + acc rounds once, exactly as c + acc
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc, t = r * NR;
            for (int j = 0; j < cols; j++) {
                float acc = tmp[t + j];
                c[o + j] = mode == OVERWRITE ? acc : Math.fma(c[o + j], f, acc);
            }
        }
    }
}
