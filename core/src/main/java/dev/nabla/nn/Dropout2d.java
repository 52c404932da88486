package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Channel dropout (torch.nn.Dropout2d): in training zeroes whole channels of [N, C, H, W] (or [N, C, L])
 * with probability p and scales the rest by 1/(1-p); identity in eval.
 */
public final class Dropout2d extends Module {
    private final double p;
    private final Rng rng;

    public Dropout2d(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout2d: p must be in [0, 1), got " + p);
        this.p = p;
        this.rng = generator("rng", rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3) throw new IllegalArgumentException("Dropout2d: input " + x.shape() + " must be [N, C, *]");
        if (!isTraining() || p == 0) return x;
        int[] maskShape = new int[x.rank()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = x.dim(0);
        maskShape[1] = x.dim(1);
        Tensor mask = Tensor.bernoulli(rng, 1 - p, maskShape).mul(1 / (1 - p));
        return x.mul(mask.to(x.dtype()));
    }

    @Override
    protected String describe() {
        return "p=" + p;
    }
}
