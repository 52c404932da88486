package dev.nabla.kernel;

import static dev.nabla.kernel.SoftmaxRows.LN2_HI;
import static dev.nabla.kernel.SoftmaxRows.LN2_LO;
import static dev.nabla.kernel.SoftmaxRows.LOG2E;
import static dev.nabla.kernel.SoftmaxRows.MAGIC;
import static dev.nabla.kernel.SoftmaxRows.MIN_X;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API versions of {@link SoftmaxRows}; the same arithmetic lane by lane. Loaded only when {@link Simd#ENABLED}. */
final class SoftmaxRowsSimd {
    private SoftmaxRowsSimd() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector NLN2_HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector NLN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector P0 = FloatVector.broadcast(S, SoftmaxRows.P0);
    private static final FloatVector P1 = FloatVector.broadcast(S, SoftmaxRows.P1);
    private static final FloatVector P2 = FloatVector.broadcast(S, SoftmaxRows.P2);
    private static final FloatVector P3 = FloatVector.broadcast(S, SoftmaxRows.P3);
    private static final FloatVector P4 = FloatVector.broadcast(S, SoftmaxRows.P4);
    private static final FloatVector P5 = FloatVector.broadcast(S, SoftmaxRows.P5);

    /** {@link SoftmaxRows#exp} on every lane. */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> under = x.compare(VectorOperators.GE, MIN_X).not();
        FloatVector xc = x.max(MIN_X);
        FloatVector t = xc.mul(LOG2E).add(MAGIC);
        FloatVector n = t.sub(MAGIC);
        FloatVector r = n.fma(NLN2_HI, xc);
        r = n.fma(NLN2_LO, r);
        FloatVector p = P0.fma(r, P1);
        p = p.fma(r, P2);
        p = p.fma(r, P3);
        p = p.fma(r, P4);
        p = p.fma(r, P5);
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector res = p.mul(bits.reinterpretAsFloats());
        // NaN stays NaN (the compare is false for it); below MIN_X (and -inf) gives 0
        VectorMask<Float> nan = x.compare(VectorOperators.NE, x);
        return res.blend(0f, under.andNot(nan)).blend(x, nan);
    }

    /** The lanes summed in lane order (the intrinsic reduction's order may change under the JIT), through scratch[off..]. */
    private static float sum(FloatVector v, float[] scratch, int off) {
        v.intoArray(scratch, off);
        float s = 0f;
        for (int i = 0; i < L; i++) s += scratch[off + i];
        return s;
    }

    static void forward(float[] x, int xo, float scale, float[] mask, int limit, int len, float[] y, int yo, float[] buf) {
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        int bound = S.loopBound(limit);
        for (; j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + j).mul(scale);
            if (mask != null) v = v.add(FloatVector.fromArray(S, mask, j));
            v.intoArray(buf, j);
            vmax = vmax.max(v);
        }
        float max = vmax.reduceLanes(VectorOperators.MAX); // exact in any order
        for (; j < limit; j++) {
            float v = x[xo + j] * scale;
            if (mask != null) v += mask[j];
            buf[j] = v;
            max = Math.max(max, v);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(y, yo, yo + len, 0f);
            return;
        }
        FloatVector vsum = FloatVector.zero(S);
        j = 0;
        for (; j < bound; j += L) {
            FloatVector e = exp(FloatVector.fromArray(S, buf, j).sub(max));
            e.intoArray(y, yo + j);
            vsum = vsum.add(e);
        }
        float sum = sum(vsum, buf, len);
        for (; j < limit; j++) {
            float e = SoftmaxRows.exp(buf[j] - max);
            y[yo + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        j = 0;
        for (; j < bound; j += L) FloatVector.fromArray(S, y, yo + j).mul(inv).intoArray(y, yo + j);
        for (; j < limit; j++) y[yo + j] *= inv;
        java.util.Arrays.fill(y, yo + limit, yo + len, 0f);
    }

    static void backward(float[] y, int yo, float[] g, int go, float scale, int len, float[] dx, int dxo, float[] scratch) {
        int bound = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) acc = FloatVector.fromArray(S, g, go + j).fma(FloatVector.fromArray(S, y, yo + j), acc);
        float dot = sum(acc, scratch, 0);
        for (; j < len; j++) dot += g[go + j] * y[yo + j];
        j = 0;
        for (; j < bound; j += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yo + j);
            FloatVector gv = FloatVector.fromArray(S, g, go + j);
            gv.sub(dot).mul(yv).mul(scale).intoArray(dx, dxo + j);
        }
        for (; j < len; j++) dx[dxo + j] = (g[go + j] - dot) * y[yo + j] * scale;
    }
}
