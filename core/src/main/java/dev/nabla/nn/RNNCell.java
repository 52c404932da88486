package dev.nabla.nn;

import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** One Elman step (torch.nn.RNNCell): {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}. See {@link RNNCellBase}. */
public final class RNNCell extends RNNCellBase {
    public RNNCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, RNN.Nonlinearity.TANH, rng);
    }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, RNN.Nonlinearity nonlinearity, Rng rng) {
        super(nonlinearity == RNN.Nonlinearity.TANH ? Recurrent.Mode.RNN_TANH : Recurrent.Mode.RNN_RELU, inputSize, hiddenSize,
                bias, rng);
    }

    /** The new hidden state [B, H] from input [B, I] and state h [B, H] (null: zeros). */
    public Tensor forward(Tensor x, Tensor h) {
        return step(x, h, null).h();
    }
}
