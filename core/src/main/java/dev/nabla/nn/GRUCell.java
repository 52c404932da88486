package dev.nabla.nn;

import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** One GRU step (torch.nn.GRUCell), gates r, z, n. See {@link GRU} and {@link RNNCellBase}. */
public final class GRUCell extends RNNCellBase {
    public GRUCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    public GRUCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        super(Recurrent.Mode.GRU, inputSize, hiddenSize, bias, rng);
    }

    /** The new hidden state [B, H] from input [B, I] and state h [B, H] (null: zeros). */
    public Tensor forward(Tensor x, Tensor h) {
        return step(x, h, null).h();
    }
}
