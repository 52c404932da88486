package dev.nabla.nn;

import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;

/**
 * Gated recurrent unit (torch.nn.GRU): gates r, z, n in that order in the weights,
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, {@code h' = (1 - z) * n + z * h}. See {@link RNNBase}.
 */
public final class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, RnnOptions.defaults(), rng);
    }

    public GRU(int inputSize, int hiddenSize, RnnOptions options, Rng rng) {
        super(Recurrent.Mode.GRU, inputSize, hiddenSize, options, rng);
    }
}
