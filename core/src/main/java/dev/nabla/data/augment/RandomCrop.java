package dev.nabla.data.augment;

import dev.nabla.data.Transform;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Random crop of zero-padded images (torchvision {@code RandomCrop(size, padding)} with size = the input size,
 * the CIFAR recipe): each sample is padded by {@code padding} zeros on every side and an H x W window is cut at a
 * random offset, i.e. the image shifts by up to {@code padding} pixels in each direction.
 */
public final class RandomCrop implements Transform {
    private final int padding;
    private final Rng rng;

    public RandomCrop(int padding, Rng rng) {
        if (padding < 0) throw new IllegalArgumentException("RandomCrop: padding must be non-negative, got " + padding);
        this.padding = padding;
        this.rng = rng;
    }

    @Override
    public Tensor apply(Tensor x) {
        int n = Images.check("RandomCrop", x)[0];
        int[] top = new int[n];
        int[] left = new int[n];
        for (int i = 0; i < n; i++) {
            top[i] = rng.nextInt(2 * padding + 1);
            left[i] = rng.nextInt(2 * padding + 1);
        }
        return crop(x, padding, top, left);
    }

    /**
     * The deterministic core: sample i is the window at (top[i], left[i]) of the image padded by {@code padding}
     * zeros, so out[i, c, r, s] = x[i, c, r + top[i] - padding, s + left[i] - padding], zero outside the image.
     */
    public static Tensor crop(Tensor x, int padding, int[] top, int[] left) {
        int[] d = Images.check("RandomCrop", x);
        int n = d[0], c = d[1], h = d[2], w = d[3];
        Images.perSample("RandomCrop", "top", top.length, n);
        Images.perSample("RandomCrop", "left", left.length, n);
        float[] src = x.toFloatArray();
        float[] out = new float[src.length];
        for (int i = 0; i < n; i++) {
            int dy = top[i] - padding;
            int dx = left[i] - padding;
            if (Math.abs(dy) > padding || Math.abs(dx) > padding) {
                throw new IllegalArgumentException("RandomCrop: offset (" + top[i] + ", " + left[i] + ") of sample " + i
                        + " outside [0, " + 2 * padding + "]");
            }
            int s0 = Math.max(0, -dx);
            int s1 = Math.min(w, w - dx);
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * h * w;
                for (int r = 0; r < h; r++) {
                    int sr = r + dy;
                    if (sr < 0 || sr >= h || s1 <= s0) continue;
                    System.arraycopy(src, base + sr * w + s0 + dx, out, base + r * w + s0, s1 - s0);
                }
            }
        }
        return Images.result(out, x, d);
    }
}
