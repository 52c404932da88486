package dev.nabla.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link Reduce}'s double-accumulated sums; loaded only when {@link Simd#ENABLED}. Eight
 * floats at a time become two vectors of four doubles, so lane l accumulates the elements at index l mod 8, in
 * order, exactly as the scalar loops do; the tail and the final combination are shared with them.
 */
final class ReduceSimd {
    private ReduceSimd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;

    /** Sum of x[off..off+len): the first len - len % 8 elements, lane by lane into acc[0..8). */
    static int sum(float[] x, int off, int len, double[] acc) {
        DoubleVector lo = DoubleVector.zero(D), hi = lo;
        int j = 0;
        for (; j <= len - 8; j += 8) {
            FloatVector v = FloatVector.fromArray(F, x, off + j);
            lo = lo.add(v.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add(v.convertShape(VectorOperators.F2D, D, 1));
        }
        lo.intoArray(acc, 0);
        hi.intoArray(acc, 4);
        return j;
    }

    /** Sum of (x - m)^2 (one fused multiply-add per element) over the first len - len % 8 elements. */
    static int squaredDeviations(float[] x, int off, int len, double m, double[] acc) {
        DoubleVector lo = DoubleVector.zero(D), hi = lo;
        int j = 0;
        for (; j <= len - 8; j += 8) {
            FloatVector v = FloatVector.fromArray(F, x, off + j);
            DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
            DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
            lo = d0.fma(d0, lo);
            hi = d1.fma(d1, hi);
        }
        lo.intoArray(acc, 0);
        hi.intoArray(acc, 4);
        return j;
    }

    /** Sum of g * (x - m) (one fused multiply-add per element) over the first len - len % 8 elements. */
    static int dotDeviations(float[] g, int gOff, float[] x, int xOff, int len, double m, double[] acc) {
        DoubleVector lo = DoubleVector.zero(D), hi = lo;
        int j = 0;
        for (; j <= len - 8; j += 8) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + j), w = FloatVector.fromArray(F, g, gOff + j);
            DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(m);
            DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(m);
            lo = ((DoubleVector) w.convertShape(VectorOperators.F2D, D, 0)).fma(d0, lo);
            hi = ((DoubleVector) w.convertShape(VectorOperators.F2D, D, 1)).fma(d1, hi);
        }
        lo.intoArray(acc, 0);
        hi.intoArray(acc, 4);
        return j;
    }
}
