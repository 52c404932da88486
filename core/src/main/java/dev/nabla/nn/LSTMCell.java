package dev.nabla.nn;

import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** One LSTM step (torch.nn.LSTMCell), gates i, f, g, o. See {@link LSTM} and {@link RNNCellBase}. */
public final class LSTMCell extends RNNCellBase {
    public LSTMCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        super(Recurrent.Mode.LSTM, inputSize, hiddenSize, bias, rng);
    }

    /** The new states (h, c), each [B, H], from input [B, I] and states h, c [B, H] (null: zeros); output() is h. */
    public RnnOutput forward(Tensor x, Tensor h, Tensor c) {
        return step(x, h, c);
    }
}
