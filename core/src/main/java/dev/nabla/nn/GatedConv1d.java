package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A gated temporal convolution block (Dauphin et al. 2017, the gated convolutional language model): a causal
 * Conv1d (child {@code conv}) maps [N, Cin, L] to 2C channels, and a gated linear unit A * sigmoid(B) over the two
 * halves (A = X*W + b, B = X*V + c) gives [N, C, L]; output t sees inputs up to t only. With a residual
 * connection (Cin == C) the input is added to the result.
 */
public final class GatedConv1d extends Module {
    private final Conv1d conv;
    private final boolean residual;
    private final int in;
    private final int out;

    public GatedConv1d(int in, int out, int kernel, int dilation, boolean residual, Rng rng) {
        if (residual && in != out) {
            throw new IllegalArgumentException("GatedConv1d: a residual block needs in == out, got " + in + " and " + out);
        }
        this.in = in;
        this.out = out;
        this.residual = residual;
        this.conv = child("conv", Conv1d.causal(in, 2 * out, kernel, dilation, rng));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(1) != in) {
            throw new IllegalArgumentException("GatedConv1d(in=" + in + ", out=" + out + "): input " + x.shape() + " must be [N, " + in + ", L]");
        }
        Tensor y = F.glu(conv.forward(x), 1);
        return residual ? y.add(x) : y;
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + (residual ? ", residual" : "");
    }
}
