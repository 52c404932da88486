package dev.nabla.data.augment;

import dev.nabla.data.Transform;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Random erasing (Zhong et al. 2017; torchvision {@code RandomErasing}): with probability p a sample gets one
 * rectangle, in all channels, set to {@code value}. The rectangle's area is a share U(scaleMin, scaleMax) of the
 * image and its aspect ratio h/w is log-uniform in [ratioMin, ratioMax]; like torchvision, up to 10 draws are
 * tried until the rectangle fits, and the sample is left alone if none does. Defaults: p 0.5, scale
 * (0.02, 0.33), ratio (0.3, 3.3), value 0.
 */
public final class RandomErasing implements Transform {
    private final double p;
    private final double scaleMin;
    private final double scaleMax;
    private final double ratioMin;
    private final double ratioMax;
    private final double value;
    private final Rng rng;

    public RandomErasing(Rng rng) {
        this(0.5, 0.02, 0.33, 0.3, 3.3, 0, rng);
    }

    public RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax, double value, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomErasing: p must be in [0, 1], got " + p);
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException("RandomErasing: scale must satisfy 0 < min <= max <= 1, got (" + scaleMin + ", " + scaleMax + ")");
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException("RandomErasing: ratio must satisfy 0 < min <= max, got (" + ratioMin + ", " + ratioMax + ")");
        }
        this.p = p;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
        this.value = value;
        this.rng = rng;
    }

    @Override
    public Tensor apply(Tensor x) {
        int[] d = Images.check("RandomErasing", x);
        int n = d[0], h = d[2], w = d[3];
        int[][] boxes = new int[n][];
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() >= p) continue;
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = h * w * (scaleMin + (scaleMax - scaleMin) * rng.nextDouble());
                double ratio = Math.exp(Math.log(ratioMin) + (Math.log(ratioMax) - Math.log(ratioMin)) * rng.nextDouble());
                int eh = (int) Math.round(Math.sqrt(area * ratio));
                int ew = (int) Math.round(Math.sqrt(area / ratio));
                if (eh < 1 || ew < 1 || eh >= h || ew >= w) continue;
                int top = rng.nextInt(h - eh + 1);
                int left = rng.nextInt(w - ew + 1);
                boxes[i] = new int[] {top, left, top + eh, left + ew};
                break;
            }
        }
        return erase(x, boxes, value);
    }

    /**
     * Sets the box {top, left, bottom, right} (bottom and right exclusive, clipped to the image) of sample i to
     * value in every channel; a null box leaves the sample unchanged.
     */
    public static Tensor erase(Tensor x, int[][] boxes, double value) {
        int[] d = Images.check("RandomErasing", x);
        int n = d[0], c = d[1], h = d[2], w = d[3];
        Images.perSample("RandomErasing", "boxes", boxes.length, n);
        float[] a = x.toFloatArray();
        for (int i = 0; i < n; i++) {
            int[] b = boxes[i];
            if (b == null) continue;
            if (b.length != 4) throw new IllegalArgumentException("RandomErasing: box of sample " + i + " needs 4 values {top, left, bottom, right}");
            int r0 = Math.max(0, b[0]), s0 = Math.max(0, b[1]), r1 = Math.min(h, b[2]), s1 = Math.min(w, b[3]);
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * h * w;
                for (int r = r0; r < r1; r++) {
                    for (int s = s0; s < s1; s++) a[base + r * w + s] = (float) value;
                }
            }
        }
        return Images.result(a, x, d);
    }
}
