package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** Inverted dropout: in training zeroes each element with probability p and scales the rest by 1/(1-p); identity in eval. */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.rng = generator("rng", rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        Tensor mask = Tensor.bernoulli(rng, 1 - p, x.dims()).mul(1 / (1 - p));
        return x.mul(mask);
    }

    @Override
    protected String describe() {
        return "p=" + p;
    }
}
