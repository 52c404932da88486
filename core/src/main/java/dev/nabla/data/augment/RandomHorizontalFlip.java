package dev.nabla.data.augment;

import dev.nabla.data.Transform;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** Mirrors each image left-right with probability p (torchvision {@code RandomHorizontalFlip}, default p = 0.5). */
public final class RandomHorizontalFlip implements Transform {
    private final double p;
    private final Rng rng;

    public RandomHorizontalFlip(Rng rng) {
        this(0.5, rng);
    }

    public RandomHorizontalFlip(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor apply(Tensor x) {
        int n = Images.check("RandomHorizontalFlip", x)[0];
        boolean[] which = new boolean[n];
        for (int i = 0; i < n; i++) which[i] = rng.nextDouble() < p;
        return flip(x, which);
    }

    /** Mirrors the samples i with which[i]: out[i, c, r, s] = x[i, c, r, W - 1 - s]; the others are copied. */
    public static Tensor flip(Tensor x, boolean[] which) {
        int[] d = Images.check("RandomHorizontalFlip", x);
        int n = d[0], rows = d[1] * d[2], w = d[3];
        Images.perSample("RandomHorizontalFlip", "which", which.length, n);
        float[] a = x.toFloatArray();
        for (int i = 0; i < n; i++) {
            if (!which[i]) continue;
            for (int r = 0; r < rows; r++) {
                int base = (i * rows + r) * w;
                for (int s = 0, t = w - 1; s < t; s++, t--) {
                    float tmp = a[base + s];
                    a[base + s] = a[base + t];
                    a[base + t] = tmp;
                }
            }
        }
        return Images.result(a, x, d);
    }
}
