package dev.nabla.nn;

import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;

/** Elman recurrent network (torch.nn.RNN): {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}, act tanh or relu. See {@link RNNBase}. */
public final class RNN extends RNNBase {
    /** The nonlinearity, as PyTorch's {@code nonlinearity='tanh' | 'relu'}. */
    public enum Nonlinearity { TANH, RELU }

    public RNN(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, RnnOptions.defaults(), rng);
    }

    public RNN(int inputSize, int hiddenSize, Nonlinearity nonlinearity, RnnOptions options, Rng rng) {
        super(nonlinearity == Nonlinearity.TANH ? Recurrent.Mode.RNN_TANH : Recurrent.Mode.RNN_RELU, inputSize, hiddenSize,
                options, rng);
    }
}
