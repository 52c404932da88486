package dev.nabla.nn;

import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;

/**
 * Long short-term memory (torch.nn.LSTM): gates i, f, g, o in that order in the weights,
 * {@code c' = sigmoid(f) * c + sigmoid(i) * tanh(g)}, {@code h' = sigmoid(o) * tanh(c')}. See {@link RNNBase} for
 * the parameters, input layout, initial states and variable lengths, {@link RnnOptions} for the settings.
 */
public final class LSTM extends RNNBase {
    public LSTM(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, RnnOptions.defaults(), rng);
    }

    public LSTM(int inputSize, int hiddenSize, RnnOptions options, Rng rng) {
        super(Recurrent.Mode.LSTM, inputSize, hiddenSize, options, rng);
    }
}
