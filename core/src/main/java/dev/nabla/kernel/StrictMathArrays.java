package dev.nabla.kernel;

/**
 * Bulk {@code StrictMath.exp}, {@code StrictMath.tanh} and the logistic function of {@link UnaryOp#sigmoid} over
 * double arrays, bit-identical to the scalar functions: vectorized ({@link StrictMathSimd}) when the Vector API is
 * enabled, scalar loops otherwise. For the gate loops of the recurrent kernels.
 */
public final class StrictMathArrays {
    private StrictMathArrays() {}

    private static final boolean SIMD = Simd.ENABLED && StrictMathSimd.lanes() >= 2;

    /** y = StrictMath.exp(x) elementwise (in place allowed). */
    public static void exp(double[] x, int xo, double[] y, int yo, int n) {
        if (SIMD) StrictMathSimd.exp(x, xo, y, yo, n);
        else for (int i = 0; i < n; i++) y[yo + i] = StrictMath.exp(x[xo + i]);
    }

    /** y = StrictMath.tanh(x) elementwise (in place allowed). */
    public static void tanh(double[] x, int xo, double[] y, int yo, int n) {
        if (SIMD) StrictMathSimd.tanh(x, xo, y, yo, n);
        else for (int i = 0; i < n; i++) y[yo + i] = StrictMath.tanh(x[xo + i]);
    }

    /**
     * In place: a = UnaryOp.sigmoid(a) elementwise, i.e. 1 / (1 + exp(-a)) for a >= 0 and e / (1 + e) with
     * e = exp(a) otherwise; {@code scratch} from {@code scratchOff} holds at least n values (used without the
     * Vector API).
     */
    public static void sigmoid(double[] a, int off, int n, double[] scratch, int so) {
        if (SIMD) {
            StrictMathSimd.sigmoid(a, off, n);
            return;
        }
        for (int i = 0; i < n; i++) scratch[so + i] = -Math.abs(a[off + i]);
        exp(scratch, so, scratch, so, n);
        for (int i = 0; i < n; i++) {
            double v = a[off + i];
            double e = scratch[so + i];
            a[off + i] = v >= 0 ? 1.0 / (1.0 + e) : (v == v ? e / (1.0 + e) : v);
        }
    }
}
