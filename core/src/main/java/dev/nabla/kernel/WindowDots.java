package dev.nabla.kernel;

/**
 * The weight gradient of a stride-1 convolution over shifted windows (see {@code tensor.ShiftedConvolution}) as
 * dot products, for the small channel counts where a GEMM would spend its time transposing the windows into
 * panels: out[o, r] += sum over samples s and columns t < nv of v[s, o, t] * img[s, rows[r] + t], with v the
 * output gradient laid out at the virtual width (zeros in the dropped columns) and img the (padded) input image.
 * The SIMD path ({@code WindowDotsSimd}) keeps a 4 x 3 block of (o, r) sums in vector registers over every
 * column and sample of the call, so each window and gradient row is loaded once per block, and reduces each sum
 * once, lane by lane in order (no {@code reduceLanes}, whose order may differ between the interpreter and C2).
 * Results depend on the shapes only, not on the thread count.
 */
public final class WindowDots {
    private WindowDots() {}

    /**
     * For o < og and r < rows.length: out[outOff + o * rows.length + r] += sum over s < ns and t < nv of
     * v[vOff + s * vStride + o * nv + t] * img[imgOff + s * imgStride + rows[r] + t].
     */
    public static void accumulate(float[] v, int vOff, int vStride, int og, int nv, float[] img, int imgOff,
            int imgStride, int[] rows, int ns, float[] out, int outOff) {
        if (Simd.ENABLED) WindowDotsSimd.accumulate(v, vOff, vStride, og, nv, img, imgOff, imgStride, rows, ns, out, outOff);
        else scalar(v, vOff, vStride, og, nv, img, imgOff, imgStride, rows, ns, out, outOff);
    }

    /** The same sums one at a time (float accumulation in order of s, then t). */
    public static void scalar(float[] v, int vOff, int vStride, int og, int nv, float[] img, int imgOff,
            int imgStride, int[] rows, int ns, float[] out, int outOff) {
        int k = rows.length;
        for (int o = 0; o < og; o++) {
            for (int r = 0; r < k; r++) {
                float sum = 0;
                for (int s = 0; s < ns; s++) {
                    int vb = vOff + s * vStride + o * nv, ib = imgOff + s * imgStride + rows[r];
                    for (int t = 0; t < nv; t++) sum = Math.fma(v[vb + t], img[ib + t], sum);
                }
                out[outOff + o * k + r] += sum;
            }
        }
    }
}
