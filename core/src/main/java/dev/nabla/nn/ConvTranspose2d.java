package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Transposed 2-d convolution (torch.nn.ConvTranspose2d): weight [in, out/groups, kh, kw], the gradient
 * of a convolution with respect to its input; output size (H - 1) * stride - 2 * padding +
 * dilation * (k - 1) + output_padding + 1. Default init as PyTorch (fan_in from weight dim 1).
 */
public final class ConvTranspose2d extends Module {
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    public ConvTranspose2d(int in, int out, int kernel, int stride, Rng rng) {
        this(in, out, new int[] {kernel}, new int[] {stride}, new int[] {0}, new int[] {0}, new int[] {1}, 1, true, rng);
    }

    public ConvTranspose2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] outputPadding, int[] dilation,
            int groups, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: in=" + in + " and out=" + out + " must be positive and divisible by groups=" + groups);
        }
        this.in = in;
        this.out = out;
        this.kernel = Conv2d.pair("kernel_size", kernel);
        this.stride = Conv2d.pair("stride", stride);
        this.padding = Conv2d.pair("padding", padding);
        this.outputPadding = Conv2d.pair("output_padding", outputPadding);
        this.dilation = Conv2d.pair("dilation", dilation);
        this.groups = groups;
        this.weight = param("weight", Tensor.zeros(in, out / groups, this.kernel[0], this.kernel[1]));
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
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException("ConvTranspose2d(" + describe() + "): input shape " + x.shape() + " must be [N, " + in + ", H, W]");
        }
        return x.convTranspose2d(weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + ", kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride)
                + ", padding=" + Arrays.toString(padding)
                + (outputPadding[0] != 0 || outputPadding[1] != 0 ? ", output_padding=" + Arrays.toString(outputPadding) : "")
                + (dilation[0] != 1 || dilation[1] != 1 ? ", dilation=" + Arrays.toString(dilation) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=false" : "");
    }
}
