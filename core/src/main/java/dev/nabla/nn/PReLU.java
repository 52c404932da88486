package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * Parametric ReLU with a learnable slope for negative inputs: one slope shared by all elements
 * (numParameters = 1, PyTorch's default) or one per channel (dimension 1 of the input). The state-dict
 * key is {@code weight}, initialized to 0.25 as in PyTorch.
 */
public final class PReLU extends Module {
    private final Tensor weight;

    public PReLU() {
        this(1, 0.25);
    }

    public PReLU(int numParameters) {
        this(numParameters, 0.25);
    }

    public PReLU(int numParameters, double init) {
        if (numParameters <= 0) throw new IllegalArgumentException("PReLU: numParameters must be positive, got " + numParameters);
        this.weight = param("weight", Tensor.full(init, numParameters));
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.prelu(x, weight);
    }

    @Override
    protected String describe() {
        return "num_parameters=" + weight.numel();
    }
}
