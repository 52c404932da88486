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

    public static void im2col(Geometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        int r = 0;
        for (int ch = 0; ch < g.c; ch++) {
            int plane = xOff + ch * g.h * g.w;
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++, r++) {
                    int dst = colOff + r * ld;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int iy = oy * g.sh - g.pt + ki * g.dh;
                        int rowDst = dst + oy * g.ow;
                        if (iy < 0 || iy >= g.h) {
                            java.util.Arrays.fill(col, rowDst, rowDst + g.ow, 0f);
                            continue;
                        }
                        int src = plane + iy * g.w;
                        int ix0 = kj * g.dw - g.pl;
                        if (g.sw == 1 && ix0 >= 0 && ix0 + g.ow <= g.w) {
                            System.arraycopy(x, src + ix0, col, rowDst, g.ow);
                            continue;
                        }
                        for (int ox = 0; ox < g.ow; ox++) {
                            int ix = ix0 + ox * g.sw;
                            col[rowDst + ox] = ix >= 0 && ix < g.w ? x[src + ix] : 0f;
                        }
                    }
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
