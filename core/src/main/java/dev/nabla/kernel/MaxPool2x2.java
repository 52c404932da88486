package dev.nabla.kernel;

/**
 * Max pooling over 2x2 windows with stride 2 and no padding, every window inside the image (LeNet's and most
 * CNNs' pools), one [H, W] plane at a time. Windows are numbered q = oy * OW + ox and located by a table of their
 * top-left input offsets ({@link #table}), so a SIMD pass runs over all windows of a plane, not over output rows
 * (14 and 5 wide in LeNet). The result is that of PyTorch's row-major scan, which takes a value when it is
 * greater than the maximum so far or NaN (the first maximum, or the last NaN): the pairs (top-left, top-right) and
 * (bottom-left, bottom-right) each keep the right element only if it is greater or NaN, then the bottom pair wins
 * only if its value is greater or NaN. The SIMD path ({@code MaxPool2x2Simd}, gathers and blends) gives the same
 * values and indices as the scalar one.
 */
public final class MaxPool2x2 {
    private MaxPool2x2() {}

    /** Top-left input offset (within a plane of width w) of each of the oh * ow windows. */
    public static int[] table(int oh, int ow, int w) {
        int[] t = new int[oh * ow];
        for (int oy = 0, q = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) t[q++] = 2 * oy * w + 2 * ox;
        }
        return t;
    }

    /**
     * y[yOff + q] = max of window q of the plane starting at x[base] (width w), arg[yOff + q] = its offset within
     * the plane, for q in [0, table.length).
     */
    public static void plane(float[] x, int base, int w, int[] table, float[] y, int yOff, int[] arg) {
        int done = Simd.ENABLED ? MaxPool2x2Simd.plane(x, base, w, table, y, yOff, arg) : 0;
        scalar(x, base, w, table, done, table.length, y, yOff, arg);
    }

    /**
     * Windows [from, to) on the scalar path. Written without value selects (int selects for the index, the value
     * read back at the index): C2 compiles float selects to branches, which mispredict on real data (about 3x
     * slower measured).
     */
    public static void scalar(float[] x, int base, int w, int[] table, int from, int to, float[] y, int yOff, int[] arg) {
        for (int q = from; q < to; q++) {
            int i0 = table[q], i1 = i0 + 1, i2 = i0 + w, i3 = i2 + 1;
            float a0 = x[base + i0], a1 = x[base + i1], a2 = x[base + i2], a3 = x[base + i3];
            int j01 = (a1 > a0) | (a1 != a1) ? i1 : i0;
            int j23 = (a3 > a2) | (a3 != a3) ? i3 : i2;
            float m01 = Math.max(a0, a1), m23 = Math.max(a2, a3); // NaN if either is; zero signs do not matter to >
            int bi = (m23 > m01) | (m23 != m23) ? j23 : j01;
            y[yOff + q] = x[base + bi];
            arg[yOff + q] = bi;
        }
    }
}
