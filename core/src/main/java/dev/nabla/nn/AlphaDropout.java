package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Alpha dropout for self-normalizing (SELU) networks: in training, dropped elements take SELU's
 * negative saturation value and an affine correction keeps zero mean and unit variance; identity in eval.
 */
public final class AlphaDropout extends Module {
    private final double p;
    private final Rng rng;

    public AlphaDropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("AlphaDropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.rng = generator("rng", rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.alphaDropout(x, p, isTraining(), rng);
    }

    @Override
    protected String describe() {
        return "p=" + p;
    }
}
