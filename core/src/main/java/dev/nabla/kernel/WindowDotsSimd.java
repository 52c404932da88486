package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API path of {@link WindowDots}; loaded only when {@link Simd#ENABLED}. */
final class WindowDotsSimd {
    private WindowDotsSimd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    /**
     * Blocks of 4 output channels by 3 window rows; a block at the edge repeats its last channel or row (the
     * repeats are computed and dropped), so one unrolled body serves every block.
     */
    static void accumulate(float[] v, int vOff, int vStride, int og, int nv, float[] img, int imgOff, int imgStride,
            int[] rows, int ns, float[] out, int outOff) {
        int lanes = F.length(), k = rows.length, full = nv - nv % lanes;
        // the columns past the last whole vector: the last vector of the row (from nv - lanes), with the lanes the
        // whole vectors already covered cleared to +0 in both operands by a bitwise and (plain loads; masked loads
        // ran 1.6x slower, and so did blends), or, in rows shorter than a vector, masked loads
        boolean shifted = nv >= lanes;
        int last = shifted ? nv - lanes : full;
        VectorMask<Float> tail = F.indexInRange(full, nv);
        int[] bits = new int[lanes];
        for (int i = 0; i < lanes; i++) bits[i] = last + i >= full ? -1 : 0;
        IntVector keep = IntVector.fromArray(I, bits, 0);
        float[] lane = new float[12 * lanes];
        for (int o0 = 0; o0 < og; o0 += 4) {
            int nO = Math.min(4, og - o0);
            int o1 = o0 + Math.min(1, nO - 1), o2 = o0 + Math.min(2, nO - 1), o3 = o0 + Math.min(3, nO - 1);
            for (int r0 = 0; r0 < k; r0 += 3) {
                int nR = Math.min(3, k - r0);
                int w0 = rows[r0], w1 = rows[r0 + Math.min(1, nR - 1)], w2 = rows[r0 + Math.min(2, nR - 1)];
                FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
                FloatVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
                for (int s = 0; s < ns; s++) {
                    int vb = vOff + s * vStride, ib = imgOff + s * imgStride;
                    int a0 = vb + o0 * nv, a1 = vb + o1 * nv, a2 = vb + o2 * nv, a3 = vb + o3 * nv;
                    int b0 = ib + w0, b1 = ib + w1, b2 = ib + w2;
                    for (int t = 0; t < full; t += lanes) {
                        FloatVector x0 = FloatVector.fromArray(F, img, b0 + t);
                        FloatVector x1 = FloatVector.fromArray(F, img, b1 + t);
                        FloatVector x2 = FloatVector.fromArray(F, img, b2 + t);
                        FloatVector g = FloatVector.fromArray(F, v, a0 + t);
                        s00 = g.fma(x0, s00); s01 = g.fma(x1, s01); s02 = g.fma(x2, s02);
                        g = FloatVector.fromArray(F, v, a1 + t);
                        s10 = g.fma(x0, s10); s11 = g.fma(x1, s11); s12 = g.fma(x2, s12);
                        g = FloatVector.fromArray(F, v, a2 + t);
                        s20 = g.fma(x0, s20); s21 = g.fma(x1, s21); s22 = g.fma(x2, s22);
                        g = FloatVector.fromArray(F, v, a3 + t);
                        s30 = g.fma(x0, s30); s31 = g.fma(x1, s31); s32 = g.fma(x2, s32);
                    }
                    if (full < nv) { // written out here: through a helper method the vectors were boxed (2x slower)
                        FloatVector x0, x1, x2, g0, g1, g2, g3;
                        if (shifted) {
                            x0 = FloatVector.fromArray(F, img, b0 + last).reinterpretAsInts().and(keep).reinterpretAsFloats();
                            x1 = FloatVector.fromArray(F, img, b1 + last).reinterpretAsInts().and(keep).reinterpretAsFloats();
                            x2 = FloatVector.fromArray(F, img, b2 + last).reinterpretAsInts().and(keep).reinterpretAsFloats();
                            g0 = FloatVector.fromArray(F, v, a0 + last).reinterpretAsInts().and(keep).reinterpretAsFloats();
                            g1 = FloatVector.fromArray(F, v, a1 + last).reinterpretAsInts().and(keep).reinterpretAsFloats();
                            g2 = FloatVector.fromArray(F, v, a2 + last).reinterpretAsInts().and(keep).reinterpretAsFloats();
                            g3 = FloatVector.fromArray(F, v, a3 + last).reinterpretAsInts().and(keep).reinterpretAsFloats();
                        } else {
                            x0 = FloatVector.fromArray(F, img, b0 + last, tail);
                            x1 = FloatVector.fromArray(F, img, b1 + last, tail);
                            x2 = FloatVector.fromArray(F, img, b2 + last, tail);
                            g0 = FloatVector.fromArray(F, v, a0 + last, tail);
                            g1 = FloatVector.fromArray(F, v, a1 + last, tail);
                            g2 = FloatVector.fromArray(F, v, a2 + last, tail);
                            g3 = FloatVector.fromArray(F, v, a3 + last, tail);
                        }
                        s00 = g0.fma(x0, s00); s01 = g0.fma(x1, s01); s02 = g0.fma(x2, s02);
                        s10 = g1.fma(x0, s10); s11 = g1.fma(x1, s11); s12 = g1.fma(x2, s12);
                        s20 = g2.fma(x0, s20); s21 = g2.fma(x1, s21); s22 = g2.fma(x2, s22);
                        s30 = g3.fma(x0, s30); s31 = g3.fma(x1, s31); s32 = g3.fma(x2, s32);
                    }
                }
                // the sums, each added up lane by lane in order (stored first: passed to a method they were boxed)
                s00.intoArray(lane, 0); s01.intoArray(lane, lanes); s02.intoArray(lane, 2 * lanes);
                s10.intoArray(lane, 3 * lanes); s11.intoArray(lane, 4 * lanes); s12.intoArray(lane, 5 * lanes);
                s20.intoArray(lane, 6 * lanes); s21.intoArray(lane, 7 * lanes); s22.intoArray(lane, 8 * lanes);
                s30.intoArray(lane, 9 * lanes); s31.intoArray(lane, 10 * lanes); s32.intoArray(lane, 11 * lanes);
                for (int i = 0; i < nO; i++) {
                    for (int j = 0; j < nR; j++) {
                        float total = 0;
                        for (int e = (i * 3 + j) * lanes, end = e + lanes; e < end; e++) total += lane[e];
                        out[outOff + (o0 + i) * k + r0 + j] += total;
                    }
                }
            }
        }
    }
}
