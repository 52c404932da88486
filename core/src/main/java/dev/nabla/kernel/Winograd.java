package dev.nabla.kernel;

/**
 * Winograd's minimal filtering F(2x2, 3x3) for stride-1 3x3 convolutions in float32 (Lavin and Gray, 2015). Each
 * 2x2 block of outputs is A^T [(G g G^T) . (B^T d B)] A for the 4x4 input tile d around it: per tile and channel
 * pair 16 multiplies instead of 36, so the 16 products over the channels (one GEMM per transform position xi)
 * take 2.25 times fewer multiply-adds than im2col. The transforms are additions only, apart from G's halves.
 *
 * <p>Layouts: transformed weights u [16, inC, kp] with the output channels padded to kp (a multiple of 32) by
 * zeros. The weight gradient is accumulated as du [16, inC, kp] per image ({@link #weightProducts}) and turned
 * back into [O, C, 3, 3] by {@link #weightGradient}. Images are processed one at a time by the calling thread;
 * callers spread images over the pool. Needs the Vector API kernels ({@link #available}) and channel counts that
 * are multiples of 16.
 */
public final class Winograd {
    private Winograd() {}

    /** Whether the vectorized kernels are in use (the scalar fallback has no Winograd path). */
    public static boolean available() {
        return Gemm.simd();
    }

    /** Whether c input and o output channels fit the kernels: whole vectors of channels. */
    public static boolean fits(int c, int o) {
        return c % 16 == 0 && o % 16 == 0 && c > 0 && o > 0;
    }

    /** Output channels padded to whole micro-kernel columns. */
    public static int padded(int o) {
        return (o + 31) / 32 * 32;
    }

    /**
     * u [16, inC, kp] = G g G^T for every 3x3 kernel g of w [o, c, 3, 3] at wOff, G = [[1,0,0],[1/2,1/2,1/2],
     * [1/2,-1/2,1/2],[0,0,1]]. With adjoint, the transformed kernels of the input gradient's convolution: input
     * channels o, output channels c, each kernel rotated by 180 degrees.
     */
    public static float[] transformWeights(float[] w, int wOff, int o, int c, boolean adjoint) {
        int inC = adjoint ? o : c, outC = adjoint ? c : o, kp = padded(outC);
        float[] u = new float[16 * inC * kp];
        double[] gg = new double[12];
        for (int oc = 0; oc < outC; oc++) {
            for (int ic = 0; ic < inC; ic++) {
                int src = wOff + (adjoint ? ic * c + oc : oc * c + ic) * 9;
                // G g: rows g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2 (rows of 3).
                for (int j = 0; j < 3; j++) {
                    double g0 = at(w, src, 0, j, adjoint), g1 = at(w, src, 1, j, adjoint);
                    double g2 = at(w, src, 2, j, adjoint);
                    gg[j] = g0;
                    gg[3 + j] = (g0 + g1 + g2) / 2;
                    gg[6 + j] = (g0 - g1 + g2) / 2;
                    gg[9 + j] = g2;
                }
                // (G g) G^T: each row (a, b, d) becomes (a, (a+b+d)/2, (a-b+d)/2, d).
                for (int r = 0; r < 4; r++) {
                    double a = gg[3 * r], b = gg[3 * r + 1], d = gg[3 * r + 2];
                    int xi = 4 * r;
                    u[((xi) * inC + ic) * kp + oc] = (float) a;
                    u[((xi + 1) * inC + ic) * kp + oc] = (float) ((a + b + d) / 2);
                    u[((xi + 2) * inC + ic) * kp + oc] = (float) ((a - b + d) / 2);
                    u[((xi + 3) * inC + ic) * kp + oc] = (float) d;
                }
            }
        }
        return u;
    }

    private static double at(float[] w, int src, int i, int j, boolean rotated) {
        return rotated ? w[src + (2 - i) * 3 + 2 - j] : w[src + i * 3 + j];
    }

    /**
     * y[o, oh, ow] at yOff = the 3x3 stride-1 correlation of one image x [c, h, w] at xOff, read as zero outside
     * and placed at (pt, pl) of the padded input, with the weights transformed by {@link #transformWeights}.
     */
    public static void forward(float[] x, int xOff, int c, int h, int w, int pt, int pl, float[] u, int o, float[] y,
            int yOff, int oh, int ow) {
        WinogradSimd.forward(x, xOff, c, h, w, pt, pl, u, o, padded(o), y, yOff, oh, ow);
    }

    /** The size of a weight-gradient accumulator for c input and o output channels. */
    public static int productsSize(int c, int o) {
        return 16 * c * padded(o);
    }

    /**
     * Adds one image's weight-gradient products to du [16, c, kp]: x [c, h, w] at xOff as in {@link #forward},
     * gy [o, oh, ow] at gyOff.
     */
    public static void weightProducts(float[] x, int xOff, int c, int h, int w, int pt, int pl, float[] gy, int gyOff,
            int o, int oh, int ow, float[] du) {
        WinogradSimd.weightProducts(x, xOff, c, h, w, pt, pl, gy, gyOff, o, padded(o), oh, ow, du);
    }

    /**
     * dw [o, c, 3, 3] = G^T du G for every channel pair, du [16, c, kp] summed over the batch. G^T turns each row
     * (z0, z1, z2, z3) into (z0 + (z1+z2)/2, (z1-z2)/2, (z1+z2)/2 + z3).
     */
    public static void weightGradient(float[] du, int c, int o, float[] dw, int dwOff) {
        int kp = padded(o);
        double[] z = new double[16], t = new double[12];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                for (int xi = 0; xi < 16; xi++) z[xi] = du[(xi * c + ic) * kp + oc];
                for (int r = 0; r < 4; r++) { // rows: z G
                    double z0 = z[4 * r], z1 = z[4 * r + 1], z2 = z[4 * r + 2], z3 = z[4 * r + 3];
                    t[3 * r] = z0 + (z1 + z2) / 2;
                    t[3 * r + 1] = (z1 - z2) / 2;
                    t[3 * r + 2] = (z1 + z2) / 2 + z3;
                }
                int dst = dwOff + (oc * c + ic) * 9;
                for (int j = 0; j < 3; j++) { // columns: G^T t
                    double t0 = t[j], t1 = t[3 + j], t2 = t[6 + j], t3 = t[9 + j];
                    dw[dst + j] = (float) (t0 + (t1 + t2) / 2);
                    dw[dst + 3 + j] = (float) ((t1 - t2) / 2);
                    dw[dst + 6 + j] = (float) ((t1 + t2) / 2 + t3);
                }
            }
        }
    }
}
