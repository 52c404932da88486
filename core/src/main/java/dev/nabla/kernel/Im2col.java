package dev.nabla.kernel;

/**
 * Patch unfolding for convolution: {@code im2col} copies the receptive fields of one image
 * [C, H, W] into a matrix [C * kh * kw, OH * OW] (zero where a patch overlaps the padding), and
 * {@code col2im} adds such a matrix back onto an image, the adjoint used for input gradients and
 * transposed convolution. Row r of the matrix starts at {@code colOff + r * ld} (ld >= OH * OW, so several
 * images can sit side by side in one matrix). Padding is given as top and left; bottom and right
 * follow from OH and OW.
 * Float and double versions are the same loops.
 */
public final class Im2col {
    private Im2col() {}

    /** The geometry of one 2-d convolution over one image (all sizes positive, padding may be asymmetric). */
    public record Geometry(int c, int h, int w, int kh, int kw, int sh, int sw, int pt, int pl, int dh, int dw,
            int oh, int ow) {
        public int rows() {
            return c * kh * kw;
        }

        public int cols() {
            return oh * ow;
        }
    }

    /** First output column whose input column ix0 + ox * sw is inside the image (>= 0), at most ow. */
    static int validStart(int ix0, int sw, int ow) {
        return ix0 >= 0 ? 0 : Math.min(ow, (-ix0 + sw - 1) / sw);
    }

    /** One past the last output column whose input column is inside an image of width w; never below start. */
    static int validEnd(int ix0, int sw, int w, int ow, int start) {
        if (ix0 > w - 1) return start;
        return Math.max(start, Math.min(ow, (w - 1 - ix0) / sw + 1));
    }

    public static void im2col(Geometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        int r = 0;
        for (int ch = 0; ch < g.c; ch++) {
            int plane = xOff + ch * g.h * g.w;
            for (int ki = 0; ki < g.kh; ki++) {
                // output rows whose input row is inside the image: [y0, y1); the same for every kj
                int iy0 = ki * g.dh - g.pt;
                int y0 = validStart(iy0, g.sh, g.oh);
                int y1 = validEnd(iy0, g.sh, g.h, g.oh, y0);
                for (int kj = 0; kj < g.kw; kj++, r++) {
                    int dst = colOff + r * ld;
                    int ix0 = kj * g.dw - g.pl;
                    int a = validStart(ix0, g.sw, g.ow);
                    int b = validEnd(ix0, g.sw, g.w, g.ow, a);
                    if (y0 > 0) java.util.Arrays.fill(col, dst, dst + y0 * g.ow, 0f);
                    for (int oy = y0; oy < y1; oy++) {
                        int rowDst = dst + oy * g.ow;
                        int src = plane + (iy0 + oy * g.sh) * g.w + ix0;
                        if (a > 0) java.util.Arrays.fill(col, rowDst, rowDst + a, 0f);
                        if (g.sw == 1) {
                            System.arraycopy(x, src + a, col, rowDst + a, b - a);
                        } else {
                            for (int ox = a; ox < b; ox++) col[rowDst + ox] = x[src + ox * g.sw];
                        }
                        if (b < g.ow) java.util.Arrays.fill(col, rowDst + b, rowDst + g.ow, 0f);
                    }
                    if (y1 < g.oh) java.util.Arrays.fill(col, dst + y1 * g.ow, dst + g.oh * g.ow, 0f);
                }
            }
        }
    }

    /** Adds the columns back onto the image (x += col2im(col)). */
    public static void col2im(Geometry g, float[] col, int colOff, int ld, float[] x, int xOff) {
        int r = 0;
        for (int ch = 0; ch < g.c; ch++) {
            int plane = xOff + ch * g.h * g.w;
            for (int ki = 0; ki < g.kh; ki++) {
                int iy0 = ki * g.dh - g.pt;
                int y0 = validStart(iy0, g.sh, g.oh);
                int y1 = validEnd(iy0, g.sh, g.h, g.oh, y0);
                for (int kj = 0; kj < g.kw; kj++, r++) {
                    int src = colOff + r * ld;
                    int ix0 = kj * g.dw - g.pl;
                    int a = validStart(ix0, g.sw, g.ow);
                    int b = validEnd(ix0, g.sw, g.w, g.ow, a);
                    for (int oy = y0; oy < y1; oy++) {
                        int dst = plane + (iy0 + oy * g.sh) * g.w + ix0;
                        int rowSrc = src + oy * g.ow;
                        if (g.sw == 1) {
                            for (int ox = a; ox < b; ox++) x[dst + ox] += col[rowSrc + ox];
                        } else {
                            for (int ox = a; ox < b; ox++) x[dst + ox * g.sw] += col[rowSrc + ox];
                        }
                    }
                }
            }
        }
    }

    public static void im2col(Geometry g, double[] x, int xOff, double[] col, int colOff, int ld) {
        int r = 0;
        for (int ch = 0; ch < g.c; ch++) {
            int plane = xOff + ch * g.h * g.w;
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++, r++) {
                    int dst = colOff + r * ld;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int iy = oy * g.sh - g.pt + ki * g.dh;
                        int rowDst = dst + oy * g.ow;
                        int src = plane + iy * g.w;
                        int ix0 = kj * g.dw - g.pl;
                        for (int ox = 0; ox < g.ow; ox++) {
                            int ix = ix0 + ox * g.sw;
                            col[rowDst + ox] = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w ? x[src + ix] : 0.0;
                        }
                    }
                }
            }
        }
    }

    public static void col2im(Geometry g, double[] col, int colOff, int ld, double[] x, int xOff) {
        int r = 0;
        for (int ch = 0; ch < g.c; ch++) {
            int plane = xOff + ch * g.h * g.w;
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++, r++) {
                    int src = colOff + r * ld;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int iy = oy * g.sh - g.pt + ki * g.dh;
                        if (iy < 0 || iy >= g.h) continue;
                        int dst = plane + iy * g.w;
                        int rowSrc = src + oy * g.ow;
                        int ix0 = kj * g.dw - g.pl;
                        for (int ox = 0; ox < g.ow; ox++) {
                            int ix = ix0 + ox * g.sw;
                            if (ix >= 0 && ix < g.w) x[dst + ix] += col[rowSrc + ox];
                        }
                    }
                }
            }
        }
    }
}
