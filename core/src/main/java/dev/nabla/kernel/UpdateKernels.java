package dev.nabla.kernel;

/**
 * Fused optimizer updates over contiguous float arrays. Each element's arithmetic is the same,
 * operation for operation (no FMA contraction), on the SIMD and scalar paths, so both give
 * bit-identical results, whatever the thread count.
 */
public final class UpdateKernels {
    private UpdateKernels() {}

    /**
     * One Adam step: p *= decay; m = b1*m + ob1*g; v = b2*v + (ob2*g)*g;
     * p -= stepSize * (m / (sqrt(v) / sqrtBc2 + eps)).
     */
    public static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, int n,
                            float b1, float ob1, float b2, float ob2, float stepSize, float sqrtBc2, float eps, float decay) {
        Parallel.forRange(n, Elementwise.GRAIN, (s, e) -> {
            if (Simd.ENABLED) UpdateKernelsSimd.adam(p, po, g, go, m, v, s, e, b1, ob1, b2, ob2, stepSize, sqrtBc2, eps, decay);
            else adamScalar(p, po, g, go, m, v, s, e, b1, ob1, b2, ob2, stepSize, sqrtBc2, eps, decay);
        });
    }

    static void adamScalar(float[] p, int po, float[] g, int go, float[] m, float[] v, int from, int to,
                           float b1, float ob1, float b2, float ob2, float stepSize, float sqrtBc2, float eps, float decay) {
        for (int k = from; k < to; k++) {
            float gk = g[go + k];
            float pk = p[po + k] * decay;
            float mk = b1 * m[k] + ob1 * gk;
            float vk = b2 * v[k] + ob2 * gk * gk;
            m[k] = mk;
            v[k] = vk;
            p[po + k] = pk - stepSize * (mk / ((float) Math.sqrt(vk) / sqrtBc2 + eps));
        }
    }
}
