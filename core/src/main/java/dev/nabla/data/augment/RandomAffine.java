package dev.nabla.data.augment;

import dev.nabla.data.Transform;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Small random rotations and translations (a subset of torchvision {@code RandomAffine(degrees, translate)}):
 * each sample is rotated by an angle drawn from U(-degrees, degrees) about the image centre (positive is
 * counter-clockwise as displayed, as in torchvision) and shifted by U(-translate*W, translate*W) pixels right and
 * U(-translate*H, translate*H) down. Pixels are resampled bilinearly or from the nearest neighbour; those that
 * come from outside the image are zero.
 */
public final class RandomAffine implements Transform {
    private final double degrees;
    private final double translate;
    private final boolean bilinear;
    private final Rng rng;

    public RandomAffine(double degrees, double translate, boolean bilinear, Rng rng) {
        if (!(degrees >= 0 && degrees <= 180)) throw new IllegalArgumentException("RandomAffine: degrees must be in [0, 180], got " + degrees);
        if (!(translate >= 0 && translate <= 1)) throw new IllegalArgumentException("RandomAffine: translate must be in [0, 1], got " + translate);
        this.degrees = degrees;
        this.translate = translate;
        this.bilinear = bilinear;
        this.rng = rng;
    }

    @Override
    public Tensor apply(Tensor x) {
        int[] d = Images.check("RandomAffine", x);
        int n = d[0];
        double[] angle = new double[n];
        double[] tx = new double[n];
        double[] ty = new double[n];
        for (int i = 0; i < n; i++) {
            angle[i] = (2 * rng.nextDouble() - 1) * degrees;
            tx[i] = (2 * rng.nextDouble() - 1) * translate * d[3];
            ty[i] = (2 * rng.nextDouble() - 1) * translate * d[2];
        }
        return transform(x, angle, tx, ty, bilinear);
    }

    /**
     * The deterministic core: out[i, c, y', x'] = x[i, c, y, x] sampled at the source point of the inverse map,
     * with (u, v) = (x' - tx - cx, y' - ty - cy), x = cx + cos(a) u - sin(a) v, y = cy + sin(a) u + cos(a) v,
     * a = angle in degrees, (cx, cy) = ((W - 1) / 2, (H - 1) / 2).
     */
    public static Tensor transform(Tensor x, double[] angleDegrees, double[] tx, double[] ty, boolean bilinear) {
        int[] d = Images.check("RandomAffine", x);
        int n = d[0], c = d[1], h = d[2], w = d[3];
        Images.perSample("RandomAffine", "angles", angleDegrees.length, n);
        Images.perSample("RandomAffine", "tx", tx.length, n);
        Images.perSample("RandomAffine", "ty", ty.length, n);
        float[] src = x.toFloatArray();
        float[] out = new float[src.length];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            double a = Math.toRadians(angleDegrees[i]);
            double cos = Math.cos(a), sin = Math.sin(a);
            for (int r = 0; r < h; r++) {
                for (int s = 0; s < w; s++) {
                    double u = s - tx[i] - cx, v = r - ty[i] - cy;
                    double sx = cx + cos * u - sin * v;
                    double sy = cy + sin * u + cos * v;
                    for (int ch = 0; ch < c; ch++) {
                        int base = (i * c + ch) * plane;
                        out[base + r * w + s] = bilinear ? bilinearAt(src, base, h, w, sy, sx) : nearestAt(src, base, h, w, sy, sx);
                    }
                }
            }
        }
        return Images.result(out, x, d);
    }

    private static float nearestAt(float[] a, int base, int h, int w, double y, double x) {
        int r = (int) Math.round(y), s = (int) Math.round(x);
        return r < 0 || r >= h || s < 0 || s >= w ? 0f : a[base + r * w + s];
    }

    private static float bilinearAt(float[] a, int base, int h, int w, double y, double x) {
        int r0 = (int) Math.floor(y), s0 = (int) Math.floor(x);
        double fy = y - r0, fx = x - s0;
        double v = (1 - fy) * ((1 - fx) * at(a, base, h, w, r0, s0) + fx * at(a, base, h, w, r0, s0 + 1))
                + fy * ((1 - fx) * at(a, base, h, w, r0 + 1, s0) + fx * at(a, base, h, w, r0 + 1, s0 + 1));
        return (float) v;
    }

    private static double at(float[] a, int base, int h, int w, int r, int s) {
        return r < 0 || r >= h || s < 0 || s >= w ? 0 : a[base + r * w + s];
    }
}
