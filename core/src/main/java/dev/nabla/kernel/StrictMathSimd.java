package dev.nabla.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@code StrictMath.exp} and {@code StrictMath.tanh} (through fdlibm's {@code expm1}) that
 * return exactly StrictMath's bits: lane-by-lane transcriptions of the fdlibm algorithms in the JDK's
 * {@code java.lang.FdLibm}, using only IEEE-exact lane operations (add, multiply, divide, conversions between
 * small integers and doubles, exponent-field arithmetic) and no lanewise transcendental, so results do not depend
 * on JIT compilation. fdlibm's branches become blends: where two branches differ only by whether the argument is
 * reduced with k = +-1 or a general k, the general formula gives the same bits and is used for both. Inputs
 * outside the handled ranges (tiny, huge, non-finite) are recomputed with StrictMath.
 *
 * <p>The work is cut into short stages over blocks held in scratch arrays: one long chain of vector operations
 * exceeds C2's inlining budget, and a vector that crosses a call that was not inlined is boxed, which is slower
 * than scalar code. Loaded only when {@link Simd#ENABLED}.
 */
final class StrictMathSimd {
    private StrictMathSimd() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int BLOCK = 256;
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[7][BLOCK]);

    private static final double LN2_HI = 0x1.62e42feep-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double INV_LN2 = 0x1.71547652b82fep0;
    private static final double P1 = 0x1.555555555553ep-3, P2 = -0x1.6c16c16bebd93p-9, P3 = 0x1.1566aaf25de2cp-14,
            P4 = -0x1.bbd41c5d26bf1p-20, P5 = 0x1.6376972bea4d0p-25;
    private static final double Q1 = -0x1.11111111110f4p-5, Q2 = 0x1.a01a019fe5585p-10, Q3 = -0x1.4ce199eaadbb7p-14,
            Q4 = 0x1.0cfca86e65239p-18, Q5 = -0x1.afdb76e09c32dp-23;
    /** |x| >= this iff the high word of |x| is > 0x3fd62e42 (fdlibm's "|x| > 0.5 ln2" test). */
    private static final double REDUCE = Double.longBitsToDouble(0x3fd62e43L << 32);

    static int lanes() {
        return S.length();
    }

    /**
     * Argument reduction shared by exp and expm1: k = (int)(x / ln2 +- 0.5) where |x| >= {@link #REDUCE} (else 0),
     * hi = x - k ln2_hi, lo = k ln2_lo, r = hi - lo (x itself where k = 0). Writes k, hi, lo, r.
     */
    private static void reduce(double[] x, int xo, int m, double[] k, double[] hi, double[] lo, double[] r) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
            VectorMask<Double> small = v.abs().compare(VectorOperators.LT, REDUCE);
            VectorMask<Double> negative = v.reinterpretAsLongs().compare(VectorOperators.LT, 0L).cast(S);
            DoubleVector half = DoubleVector.broadcast(S, 0.5).blend(-0.5, negative);
            LongVector kl = (LongVector) v.mul(INV_LN2).add(half).convert(VectorOperators.D2L, 0);
            DoubleVector t = ((DoubleVector) kl.convert(VectorOperators.L2D, 0)).blend(0.0, small);
            DoubleVector h = v.sub(t.mul(LN2_HI));
            DoubleVector l = t.mul(LN2_LO);
            t.intoArray(k, i);
            h.intoArray(hi, i);
            l.intoArray(lo, i);
            h.sub(l).blend(v, small).intoArray(r, i);
        }
    }

    /** y[i] = StrictMath.exp(x[i]) for i < n (in place allowed). */
    static void exp(double[] x, int xo, double[] y, int yo, int n) {
        double[][] s = SCRATCH.get();
        double[] x0 = s[0], k = s[1], hi = s[2], lo = s[3], r = s[4];
        int full = S.loopBound(n);
        for (int b = 0; b < full; b += BLOCK) {
            int m = Math.min(BLOCK, full - b);
            System.arraycopy(x, xo + b, x0, 0, m);
            reduce(x0, 0, m, k, hi, lo, r);
            expFinish(k, hi, lo, r, y, yo + b, m);
            for (int i = 0; i < m; i++) {
                double a = Math.abs(x0[i]);
                if (!(a >= 0x1p-28 && a < 708)) y[yo + b + i] = StrictMath.exp(x0[i]);
            }
        }
        for (int i = full; i < n; i++) y[yo + i] = StrictMath.exp(x[xo + i]);
    }

    private static void expFinish(double[] k, double[] hi, double[] lo, double[] r, double[] y, int yo, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, r, i);
            DoubleVector kv = DoubleVector.fromArray(S, k, i);
            DoubleVector h = DoubleVector.fromArray(S, hi, i);
            DoubleVector l = DoubleVector.fromArray(S, lo, i);
            DoubleVector t = x.mul(x);
            DoubleVector c = x.sub(t.mul(t.mul(t.mul(t.mul(t.mul(P5).add(P4)).add(P3)).add(P2)).add(P1)));
            DoubleVector xc = x.mul(c);
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            DoubleVector unreduced = one.sub(xc.div(c.sub(2.0)).sub(x));
            LongVector scale = ((LongVector) kv.convert(VectorOperators.D2L, 0)).lanewise(VectorOperators.LSHL, 52);
            DoubleVector reduced = one.sub(l.sub(xc.div(DoubleVector.broadcast(S, 2.0).sub(c))).sub(h))
                    .reinterpretAsLongs().add(scale).reinterpretAsDoubles(); // times 2^k: k added to the exponent field
            reduced.blend(unreduced, kv.compare(VectorOperators.EQ, 0.0)).intoArray(y, yo + i);
        }
    }

    /** In place: a[i] = UnaryOp.sigmoid(a[i]): 1 / (1 + e) for a >= 0, e / (1 + e) otherwise, e = StrictMath.exp(-|a|). */
    static void sigmoid(double[] a, int off, int n) {
        double[][] s = SCRATCH.get();
        double[] x0 = s[0], k = s[1], hi = s[2], lo = s[3], r = s[4], neg = s[5], e = s[6];
        int full = S.loopBound(n);
        for (int b = 0; b < full; b += BLOCK) {
            int m = Math.min(BLOCK, full - b);
            System.arraycopy(a, off + b, x0, 0, m);
            for (int i = 0; i < m; i += S.length()) DoubleVector.fromArray(S, x0, i).abs().neg().intoArray(neg, i);
            reduce(neg, 0, m, k, hi, lo, r);
            expFinish(k, hi, lo, r, e, 0, m);
            for (int i = 0; i < m; i++) {
                double v = neg[i];
                if (!(v <= -0x1p-28 && v > -708)) e[i] = StrictMath.exp(v);
            }
            for (int i = 0; i < m; i += S.length()) {
                DoubleVector v = DoubleVector.fromArray(S, x0, i);
                DoubleVector ev = DoubleVector.fromArray(S, e, i);
                DoubleVector den = ev.add(1.0);
                ev.div(den).blend(DoubleVector.broadcast(S, 1.0).div(den), v.compare(VectorOperators.GE, 0.0)).intoArray(a, off + b + i);
            }
        }
        for (int i = full; i < n; i++) {
            double v = a[off + i];
            double ev = StrictMath.exp(-Math.abs(v));
            a[off + i] = v >= 0 ? 1.0 / (1.0 + ev) : ev / (1.0 + ev);
        }
    }

    /** y[i] = StrictMath.tanh(x[i]) for i < n (in place allowed). */
    static void tanh(double[] x, int xo, double[] y, int yo, int n) {
        double[][] s = SCRATCH.get();
        double[] x0 = s[0], k = s[1], hi = s[2], lo = s[3], r = s[4], arg = s[5], e = s[6];
        int full = S.loopBound(n);
        for (int b = 0; b < full; b += BLOCK) {
            int m = Math.min(BLOCK, full - b);
            System.arraycopy(x, xo + b, x0, 0, m);
            tanhArgument(x0, arg, m);
            reduce(arg, 0, m, k, hi, lo, r);
            expm1Poly(r, hi, lo, k, e, m);        // e: fdlibm's corrected e; hi now holds x - (x e - hxs) for k = 0
            expm1Finish(r, e, k, hi, arg, m);     // arg: expm1(arg)
            tanhFinish(x0, arg, y, yo + b, m);
            for (int i = 0; i < m; i++) {
                double a = Math.abs(x0[i]);
                if (!(a >= 0x1p-27 && a <= Double.MAX_VALUE)) y[yo + b + i] = StrictMath.tanh(x0[i]);
            }
        }
        for (int i = full; i < n; i++) y[yo + i] = StrictMath.tanh(x[xo + i]);
    }

    /** fdlibm tanh's expm1 argument: 2|x| for |x| >= 1, -2|x| below, a harmless 1 for |x| >= 22 (result +-1). */
    private static void tanhArgument(double[] x, double[] arg, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector ax = DoubleVector.fromArray(S, x, i).abs();
            DoubleVector a = ax.mul(-2.0).blend(ax.mul(2.0), ax.compare(VectorOperators.GE, 1.0));
            a.blend(1.0, ax.compare(VectorOperators.GE, 22.0)).intoArray(arg, i);
        }
    }

    /** expm1's rational approximation on the reduced argument r: e after fdlibm's correction by c; the k = 0 result into res0. */
    private static void expm1Poly(double[] r, double[] res0, double[] lo, double[] k, double[] eOut, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, r, i);
            DoubleVector h = DoubleVector.fromArray(S, res0, i);
            DoubleVector l = DoubleVector.fromArray(S, lo, i);
            VectorMask<Double> k0 = DoubleVector.fromArray(S, k, i).compare(VectorOperators.EQ, 0.0);
            DoubleVector c = h.sub(x).sub(l).blend(0.0, k0);
            DoubleVector hfx = x.mul(0.5);
            DoubleVector hxs = x.mul(hfx);
            DoubleVector r1 = hxs.mul(hxs.mul(hxs.mul(hxs.mul(hxs.mul(Q5).add(Q4)).add(Q3)).add(Q2)).add(Q1)).add(1.0);
            DoubleVector t = DoubleVector.broadcast(S, 3.0).sub(r1.mul(hfx));
            DoubleVector e = hxs.mul(r1.sub(t).div(DoubleVector.broadcast(S, 6.0).sub(x.mul(t))));
            x.sub(x.mul(e).sub(hxs)).intoArray(res0, i);
            x.mul(e.sub(c)).sub(c).sub(hxs).intoArray(eOut, i);
        }
    }

    /** fdlibm expm1's reconstruction from the reduced argument x, corrected e and k (res0: the k = 0 result). */
    private static void expm1Finish(double[] r, double[] ec, double[] k, double[] res0, double[] out, int m) {
        expm1Large(r, ec, k, out, m);
        expm1Middle(r, ec, k, out, m);
        expm1Small(r, ec, k, res0, out, m);
    }

    /** k <= -2 or k > 56: (1 - (e - x)) * 2^k - 1. */
    private static void expm1Large(double[] r, double[] ec, double[] k, double[] out, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, r, i);
            DoubleVector e = DoubleVector.fromArray(S, ec, i);
            LongVector kl = (LongVector) DoubleVector.fromArray(S, k, i).convert(VectorOperators.D2L, 0);
            DoubleVector y = DoubleVector.broadcast(S, 1.0).sub(e.sub(x));
            y.reinterpretAsLongs().add(kl.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().sub(1.0).intoArray(out, i);
        }
    }

    /** 2 <= k < 20: t = 1 - 2^-k (high word 0x3ff00000 - (0x200000 >> k)), (t - (e - x)) * 2^k; 20 <= k <= 56: t = 2^-k, (x - (e + t) + 1) * 2^k. */
    private static void expm1Middle(double[] r, double[] ec, double[] k, double[] out, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, r, i);
            DoubleVector e = DoubleVector.fromArray(S, ec, i);
            DoubleVector kv = DoubleVector.fromArray(S, k, i);
            LongVector kl = (LongVector) kv.convert(VectorOperators.D2L, 0);
            LongVector scale = kl.lanewise(VectorOperators.LSHL, 52);
            DoubleVector tMid = LongVector.broadcast(kl.species(), 0x200000L).lanewise(VectorOperators.ASHR, kl.and(63L)).neg()
                    .add(0x3ff00000L).lanewise(VectorOperators.LSHL, 32).reinterpretAsDoubles();
            DoubleVector resMid = tMid.sub(e.sub(x)).reinterpretAsLongs().add(scale).reinterpretAsDoubles();
            DoubleVector tHigh = LongVector.broadcast(kl.species(), 0x3ffL).sub(kl).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector resHigh = x.sub(e.add(tHigh)).add(1.0).reinterpretAsLongs().add(scale).reinterpretAsDoubles();
            DoubleVector res = DoubleVector.fromArray(S, out, i);
            res = res.blend(resHigh, kv.compare(VectorOperators.GE, 20.0).and(kv.compare(VectorOperators.LE, 56.0)));
            res.blend(resMid, kv.compare(VectorOperators.GE, 2.0).and(kv.compare(VectorOperators.LT, 20.0))).intoArray(out, i);
        }
    }

    /** k = -1: (x - e) / 2 - 1/2; k = 1: -2 (e - (x + 1/2)) for x < -1/4, else 1 + 2 (x - e); k = 0: res0. */
    private static void expm1Small(double[] r, double[] ec, double[] k, double[] res0, double[] out, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, r, i);
            DoubleVector e = DoubleVector.fromArray(S, ec, i);
            DoubleVector kv = DoubleVector.fromArray(S, k, i);
            DoubleVector resM1 = x.sub(e).mul(0.5).sub(0.5);
            DoubleVector resP1 = DoubleVector.broadcast(S, 1.0).add(x.sub(e).mul(2.0))
                    .blend(e.sub(x.add(0.5)).mul(-2.0), x.compare(VectorOperators.LT, -0.25));
            DoubleVector res = DoubleVector.fromArray(S, out, i);
            res = res.blend(resP1, kv.compare(VectorOperators.EQ, 1.0));
            res = res.blend(resM1, kv.compare(VectorOperators.EQ, -1.0));
            res.blend(DoubleVector.fromArray(S, res0, i), kv.compare(VectorOperators.EQ, 0.0)).intoArray(out, i);
        }
    }

    /** tanh from t = expm1(arg): 1 - 2/(t + 2) for |x| >= 1, -t/(t + 2) below, 1 for |x| >= 22; x's sign. */
    private static void tanhFinish(double[] x0, double[] t, double[] y, int yo, int m) {
        for (int i = 0; i < m; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x0, i);
            DoubleVector ax = v.abs();
            DoubleVector tv = DoubleVector.fromArray(S, t, i);
            DoubleVector tp2 = tv.add(2.0);
            DoubleVector zBig = DoubleVector.broadcast(S, 1.0).sub(DoubleVector.broadcast(S, 2.0).div(tp2));
            DoubleVector z = tv.neg().div(tp2).blend(zBig, ax.compare(VectorOperators.GE, 1.0))
                    .blend(1.0, ax.compare(VectorOperators.GE, 22.0));
            VectorMask<Double> negative = v.reinterpretAsLongs().compare(VectorOperators.LT, 0L).cast(S);
            z.blend(z.neg(), negative).intoArray(y, yo + i);
        }
    }
}
