package dev.nabla.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link Reduce}'s double-accumulated sums; loaded only when {@link Simd#ENABLED}. Lane l
 * accumulates the elements at index l mod 8, in order, exactly as the scalar loops do; the tail and the final
 * combination are shared with them. With 512-bit vectors, 16 floats become two vectors of 8 doubles added one
 * after the other into one accumulator; with 256-bit vectors, 8 floats become two vectors of 4 doubles, one per
 * half of the lanes.
 *
 * <p>Only the preferred species appear here, as in every other kernel: a 256-bit species next to the GEMM's
 * 512-bit one made the JDK's shared vector methods see two classes, and in about one run in three C2 then left
 * the GEMM's tile store to code that allocated an array per vector (the transformer benchmark: 355 instead of
 * 216 MiB per step, 15-20 % slower).
 */
final class ReduceSimd {
    private ReduceSimd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final boolean WIDE = F.length() == 16 && D.length() == 8;
    private static final boolean NARROW = F.length() == 8 && D.length() == 4;

    /** Sum of x[off..off+len): a leading part, lane by lane into acc[0..8); returns its length (0: none). */
    static int sum(float[] x, int off, int len, double[] acc) {
        int j = 0;
        if (WIDE) {
            DoubleVector a = DoubleVector.zero(D);
            for (; j <= len - 16; j += 16) {
                FloatVector v = FloatVector.fromArray(F, x, off + j);
                a = a.add(v.convertShape(VectorOperators.F2D, D, 0));
                a = a.add(v.convertShape(VectorOperators.F2D, D, 1));
            }
            a.intoArray(acc, 0);
        } else if (NARROW) {
            DoubleVector lo = DoubleVector.zero(D), hi = lo;
            for (; j <= len - 8; j += 8) {
                FloatVector v = FloatVector.fromArray(F, x, off + j);
                lo = lo.add(v.convertShape(VectorOperators.F2D, D, 0));
                hi = hi.add(v.convertShape(VectorOperators.F2D, D, 1));
            }
            lo.intoArray(acc, 0);
            hi.intoArray(acc, 4);
        }
        return j;
    }

    /** Sum of (x - m)^2 (one fused multiply-add per element) over a leading part, as {@link #sum}. */
    static int squaredDeviations(float[] x, int off, int len, double m, double[] acc) {
        int j = 0;
        if (WIDE) {
            DoubleVector a = DoubleVector.zero(D);
            for (; j <= len - 16; j += 16) {
                FloatVector v = FloatVector.fromArray(F, x, off + j);
                DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
                DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
                a = d0.fma(d0, a);
                a = d1.fma(d1, a);
            }
            a.intoArray(acc, 0);
        } else if (NARROW) {
            DoubleVector lo = DoubleVector.zero(D), hi = lo;
            for (; j <= len - 8; j += 8) {
                FloatVector v = FloatVector.fromArray(F, x, off + j);
                DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
                DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
                lo = d0.fma(d0, lo);
                hi = d1.fma(d1, hi);
            }
            lo.intoArray(acc, 0);
            hi.intoArray(acc, 4);
        }
        return j;
    }

    /** Sum of g * (x - m) (one fused multiply-add per element) over a leading part, as {@link #sum}. */
    static int dotDeviations(float[] g, int gOff, float[] x, int xOff, int len, double m, double[] acc) {
        int j = 0;
        if (WIDE) {
            DoubleVector a = DoubleVector.zero(D);
            for (; j <= len - 16; j += 16) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + j), w = FloatVector.fromArray(F, g, gOff + j);
                DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
                DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
                a = ((DoubleVector) w.convertShape(VectorOperators.F2D, D, 0)).fma(d0, a);
                a = ((DoubleVector) w.convertShape(VectorOperators.F2D, D, 1)).fma(d1, a);
            }
            a.intoArray(acc, 0);
        } else if (NARROW) {
            DoubleVector lo = DoubleVector.zero(D), hi = lo;
            for (; j <= len - 8; j += 8) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + j), w = FloatVector.fromArray(F, g, gOff + j);
                DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
                DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
                lo = ((DoubleVector) w.convertShape(VectorOperators.F2D, D, 0)).fma(d0, lo);
                hi = ((DoubleVector) w.convertShape(VectorOperators.F2D, D, 1)).fma(d1, hi);
            }
            lo.intoArray(acc, 0);
            hi.intoArray(acc, 4);
        }
        return j;
    }
}
