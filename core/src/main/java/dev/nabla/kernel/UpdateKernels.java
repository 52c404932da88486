package dev.nabla.kernel;

/**
 * Fused optimizer updates over contiguous float arrays. Each element's arithmetic is the same,
 * operation for operation (no FMA contraction), on the SIMD and scalar paths, so both give
 * bit-identical results, whatever the thread count.
 */
public final class UpdateKernels {
    private UpdateKernels() {}

    /** Elements per task of an update; updates are elementwise, so the split never changes a result. */
    static final int GRAIN = 1 << 13;

    /**
     * One Adam step: p *= decay; m = b1*m + ob1*g; v = b2*v + (ob2*g)*g;
     * p -= stepSize * (m / (sqrt(v) * invSqrtBc2 + eps)), with invSqrtBc2 = 1 / sqrt(1 - beta2^t). torch.optim.Adam
     * divides by sqrt(1 - beta2^t) instead; the multiply by its reciprocal (rounded once, in double) differs by at
     * most an ulp of the denominator and saves one of the two vector divisions, which bound this loop (12-15 us
     * of the MLP bench's 100 us Adam step).
     *
     * <p>With {@code flush}, a new m or v smaller in magnitude than {@link Float#MIN_NORMAL} is stored as
     * zero. Without it, the moments of a gradient that has become zero decay into subnormal numbers and
     * stay there (0.9 times the smallest subnormal rounds back to it), and every instruction that touches a
     * subnormal takes a microcode assist on x86: an MLP whose dead units and empty pixels left a tenth of
     * its moments subnormal spent 8x longer in Adam. Callers flush only where it cannot change a result
     * (see {@link #flushIsInvisible}).
     */
    public static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, int n,
                            float b1, float ob1, float b2, float ob2, float stepSize, float invSqrtBc2, float eps, float decay,
                            boolean flush) {
        float tiny = flush ? Float.MIN_NORMAL : 0f;
        Parallel.forRange(n, GRAIN, (s, e) -> {
            if (Simd.ENABLED) UpdateKernelsSimd.adam(p, po, g, go, m, v, s, e, b1, ob1, b2, ob2, stepSize, invSqrtBc2, eps, decay, tiny);
            else adamScalar(p, po, g, go, m, v, s, e, b1, ob1, b2, ob2, stepSize, invSqrtBc2, eps, decay, tiny);
        });
    }

    /**
     * Whether flushing subnormal moments to zero leaves every Adam-type update {@code m / (sqrt(v) / sqrtBc2 + eps)}
     * as it is to float precision: a subnormal v adds less than 1.1e-19 / sqrtBc2 to the denominator, under half
     * an ulp of eps when {@code eps * sqrtBc2 >= 1e-11}; a subnormal m moves a parameter by less than
     * {@code stepSize * 1.2e-38 / eps}, which changes no parameter larger than about 1e-20 in magnitude.
     * PyTorch's default eps (1e-8) qualifies for every beta2 up to 0.999999; eps = 0 never does.
     */
    public static boolean flushIsInvisible(double eps, double sqrtBc2) {
        return eps * sqrtBc2 >= 1e-11;
    }

    /** Sets x[off .. off+n) to zero, split over the pool (a gradient kept by {@code Optimizer.zeroGrad(false)}). */
    public static void zero(float[] x, int off, int n) {
        Parallel.forRange(n, GRAIN, (s, e) -> java.util.Arrays.fill(x, off + s, off + e, 0f));
    }

    static void adamScalar(float[] p, int po, float[] g, int go, float[] m, float[] v, int from, int to,
                           float b1, float ob1, float b2, float ob2, float stepSize, float invSqrtBc2, float eps, float decay,
                           float tiny) {
        for (int k = from; k < to; k++) {
            float gk = g[go + k];
            float pk = p[po + k] * decay;
            float mk = b1 * m[k] + ob1 * gk;
            float vk = b2 * v[k] + ob2 * gk * gk;
            if (Math.abs(mk) < tiny) mk = 0f;
            if (vk < tiny) vk = 0f;
            m[k] = mk;
            v[k] = vk;
            p[po + k] = pk - stepSize * (mk / ((float) Math.sqrt(vk) * invSqrtBc2 + eps));
        }
    }
}
