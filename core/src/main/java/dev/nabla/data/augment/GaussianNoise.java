package dev.nabla.data.augment;

import dev.nabla.data.Transform;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** Adds independent N(0, std^2) noise to every input value (any shape). */
public final class GaussianNoise implements Transform {
    private final double std;
    private final Rng rng;

    public GaussianNoise(double std, Rng rng) {
        if (!(std >= 0) || Double.isInfinite(std)) throw new IllegalArgumentException("GaussianNoise: std must be finite and >= 0, got " + std);
        this.std = std;
        this.rng = rng;
    }

    @Override
    public Tensor apply(Tensor x) {
        float[] a = x.toFloatArray();
        for (int i = 0; i < a.length; i++) a[i] += (float) (std * rng.nextGaussian());
        return Images.result(a, x, x.dims());
    }
}
