package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** Transposed 1-d convolution over [N, C, L] (torch.nn.ConvTranspose1d): weight [in, out/groups, k]. */
public final class ConvTranspose1d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final int dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    public ConvTranspose1d(int in, int out, int kernel, int stride, Rng rng) {
        this(in, out, kernel, stride, 0, 0, 1, 1, true, rng);
    }

    public ConvTranspose1d(int in, int out, int kernel, int stride, int padding, int outputPadding, int dilation, int groups,
            boolean bias, Rng rng) {
        if (in <= 0 || out <= 0 || kernel <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose1d: in=" + in + ", out=" + out + ", kernel=" + kernel
                    + " must be positive and in, out divisible by groups=" + groups);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = param("weight", Tensor.zeros(in, out / groups, kernel));
        Init.kaimingUniform(weight, rng, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        double bound = 1 / Math.sqrt(Init.fans(weight).fanIn());
        this.bias = bias ? param("bias", Tensor.uniform(rng, -bound, bound, out)) : null;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(1) != in) {
            throw new IllegalArgumentException("ConvTranspose1d(" + describe() + "): input shape " + x.shape() + " must be [N, " + in + ", L]");
        }
        return x.convTranspose1d(weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (outputPadding != 0 ? ", output_padding=" + outputPadding : "") + (dilation != 1 ? ", dilation=" + dilation : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=false" : "");
    }
}
