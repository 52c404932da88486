package dev.nabla.nn;

import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * One step of a recurrence for custom loops (torch.nn.RNNCellBase): parameters {@code weight_ih [G*H, I]},
 * {@code weight_hh [G*H, H]}, {@code bias_ih}, {@code bias_hh} [G*H], initialized U(-1/sqrt(H), 1/sqrt(H)). The
 * step is the same fused kernel the layers use ({@link Recurrent#sequence} over one step). Input [B, I], states
 * [B, H]; a null state means zeros.
 */
public abstract class RNNCellBase extends Module {
    private final Recurrent.Mode mode;
    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    RNNCellBase(Recurrent.Mode mode, int inputSize, int hiddenSize, boolean bias, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got input " + inputSize
                    + ", hidden " + hiddenSize);
        }
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int g = mode.gates() * hiddenSize;
        double k = 1 / Math.sqrt(hiddenSize);
        this.weightIh = param("weight_ih", Tensor.uniform(rng, -k, k, g, inputSize));
        this.weightHh = param("weight_hh", Tensor.uniform(rng, -k, k, g, hiddenSize));
        this.biasIh = bias ? param("bias_ih", Tensor.uniform(rng, -k, k, g)) : null;
        this.biasHh = bias ? param("bias_hh", Tensor.uniform(rng, -k, k, g)) : null;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** The new hidden state from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return step(x, null, null).h();
    }

    RnnOutput step(Tensor x, Tensor h, Tensor c) {
        String name = getClass().getSimpleName();
        if (x.rank() != 2 || x.dim(1) != inputSize) {
            throw new IllegalArgumentException(name + "(input=" + inputSize + ", hidden=" + hiddenSize + "): input " + x.shape()
                    + " must be [B, " + inputSize + "]");
        }
        Tensor zeros = Tensor.zeros(x.dtype(), x.dim(0), hiddenSize);
        Tensor xproj = Tensor.linear(x, weightIh, biasIh).unsqueeze(0);
        Recurrent.Result r = Recurrent.sequence(mode, xproj, weightHh, biasHh, h == null ? zeros : h,
                mode == Recurrent.Mode.LSTM ? (c == null ? zeros : c) : null, null, false, null);
        return new RnnOutput(r.h(), r.h(), r.c());
    }

    @Override
    protected String describe() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=false" : "");
    }
}
