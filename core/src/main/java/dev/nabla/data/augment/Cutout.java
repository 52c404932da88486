package dev.nabla.data.augment;

import dev.nabla.data.Transform;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Cutout (DeVries and Taylor 2017): every sample gets a size x size square of zeros, in all channels, centred at a
 * uniformly drawn pixel and clipped at the image border (so near the edges less is cut).
 */
public final class Cutout implements Transform {
    private final int size;
    private final Rng rng;

    public Cutout(int size, Rng rng) {
        if (size <= 0) throw new IllegalArgumentException("Cutout: size must be positive, got " + size);
        this.size = size;
        this.rng = rng;
    }

    @Override
    public Tensor apply(Tensor x) {
        int[] d = Images.check("Cutout", x);
        int n = d[0], h = d[2], w = d[3];
        int[][] boxes = new int[n][];
        for (int i = 0; i < n; i++) {
            int cy = rng.nextInt(h);
            int cx = rng.nextInt(w);
            boxes[i] = new int[] {cy - size / 2, cx - size / 2, cy - size / 2 + size, cx - size / 2 + size};
        }
        return RandomErasing.erase(x, boxes, 0);
    }
}
