package dev.nabla.kernel;

/**
 * Row kernels of the attention softmax: {@code y = softmax(scale * x + mask)} over the first {@code limit}
 * elements of a row (the rest are zero), and its backward {@code dx = scale * y * (g - sum(g * y))}.
 *
 * <p>The exponential is {@link #exp}, a polynomial (Cephes' expf: Cody-Waite reduction by ln 2 and a degree-6
 * minimax polynomial, within 2 ulp of exp for x <= 0) built only from adds, multiplies and fused multiply-adds, so
 * the Vector API path ({@link SoftmaxRowsSimd}) and the scalar one compute it to the same bits, interpreted or
 * compiled; the Vector API's own EXP does not promise that. A row with every element -inf (all keys masked) is
 * written as zeros.
 */
public final class SoftmaxRows {
    private SoftmaxRows() {}

    static final boolean SIMD = Simd.ENABLED;

    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    static final float MIN_X = -87.33654f; // below this the result is 0 (e^-87.3 is the smallest normal float)
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    /** e^x for x <= 0 (larger x are outside this kernel's use), to within 2 ulp; 0 below -87.3 and for -inf. */
    public static float exp(float x) {
        if (!(x >= MIN_X)) return x != x ? x : 0f;
        float t = x * LOG2E + MAGIC;
        float n = t - MAGIC;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    /**
     * One row: {@code v = scale * x[xo + j] + (mask == null ? 0 : mask[j])} for j < limit, then its softmax into
     * y[yo..yo+len) with zeros from limit on. {@code buf} holds at least {@code len + SCRATCH} floats.
     */
    public static void forward(float[] x, int xo, float scale, float[] mask, int limit, int len, float[] y, int yo, float[] buf) {
        if (SIMD) {
            SoftmaxRowsSimd.forward(x, xo, scale, mask, limit, len, y, yo, buf);
        } else {
            scalarForward(x, xo, scale, mask, limit, len, y, yo, buf);
        }
    }

    static void scalarForward(float[] x, int xo, float scale, float[] mask, int limit, int len, float[] y, int yo, float[] buf) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < limit; j++) {
            float v = x[xo + j] * scale;
            if (mask != null) v += mask[j];
            buf[j] = v;
            max = Math.max(max, v);
        }
        finish(buf, max, limit, len, y, yo);
    }

    static void finish(float[] buf, float max, int limit, int len, float[] y, int yo) {
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(y, yo, yo + len, 0f);
            return;
        }
        float sum = 0f;
        for (int j = 0; j < limit; j++) {
            float e = exp(buf[j] - max);
            y[yo + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < limit; j++) y[yo + j] *= inv;
        java.util.Arrays.fill(y, yo + limit, yo + len, 0f);
    }

    /** Extra floats the kernels' buffers need beyond the row length. */
    public static final int SCRATCH = 64;

    /** dx[j] = scale * y[j] * (g[j] - sum_k g[k] y[k]) over one row of length len; scratch holds SCRATCH floats. */
    public static void backward(float[] y, int yo, float[] g, int go, float scale, int len, float[] dx, int dxo, float[] scratch) {
        if (SIMD) {
            SoftmaxRowsSimd.backward(y, yo, g, go, scale, len, dx, dxo, scratch);
        } else {
            scalarBackward(y, yo, g, go, scale, len, dx, dxo);
        }
    }

    static void scalarBackward(float[] y, int yo, float[] g, int go, float scale, int len, float[] dx, int dxo) {
        float dot = 0f;
        for (int j = 0; j < len; j++) dot += g[go + j] * y[yo + j];
        for (int j = 0; j < len; j++) dx[dxo + j] = (g[go + j] - dot) * y[yo + j] * scale;
    }
}
