package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-d convolution with PyTorch's weight layout [out, in/groups, kh, kw] and default init
 * (kaiming_uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), bias from the same range).
 * Padding is {p}, {ph, pw} or {top, bottom, left, right}; {@link #same} pads so the size is kept.
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final boolean same;
    private final Tensor weight;
    private final Tensor bias;

    public Conv2d(int in, int out, int kernel, Rng rng) {
        this(in, out, new int[] {kernel}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, rng);
    }

    public Conv2d(int in, int out, int kernel, int stride, int padding, Rng rng) {
        this(in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1, true, rng);
    }

    public Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups, boolean bias, Rng rng) {
        this(in, out, kernel, stride, padding, dilation, groups, bias, false, rng);
    }

    /** padding="same": stride 1, padded so the output has the input's height and width. */
    public static Conv2d same(int in, int out, int[] kernel, int[] dilation, int groups, boolean bias, Rng rng) {
        return new Conv2d(in, out, kernel, new int[] {1}, new int[] {0}, dilation, groups, bias, true, rng);
    }

    private Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups, boolean bias,
            boolean same, Rng rng) {
        this.kernel = pair("kernel_size", kernel);
        this.stride = pair("stride", stride);
        this.dilation = pair("dilation", dilation);
        if (padding.length != 1 && padding.length != 2 && padding.length != 4) {
            throw new IllegalArgumentException("Conv2d: padding needs 1, 2 or 4 values, got " + padding.length);
        }
        if (in <= 0 || out <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv2d: in=" + in + " and out=" + out + " must be positive and divisible by groups=" + groups);
        }
        this.in = in;
        this.out = out;
        this.padding = padding.clone();
        this.groups = groups;
        this.same = same;
        this.weight = param("weight", Tensor.zeros(out, in / groups, this.kernel[0], this.kernel[1]));
        Init.kaimingUniform(weight, rng, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        double bound = 1 / Math.sqrt(Init.fans(weight).fanIn());
        this.bias = bias ? param("bias", Tensor.uniform(rng, -bound, bound, out)) : null;
    }

    static int[] pair(String what, int[] v) {
        if (v.length == 1) return new int[] {v[0], v[0]};
        if (v.length == 2) return v.clone();
        throw new IllegalArgumentException(what + " needs 1 or 2 values, got " + v.length);
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
            throw new IllegalArgumentException("Conv2d(" + describe() + "): input shape " + x.shape() + " must be [N, " + in + ", H, W]");
        }
        if (same) return F.conv2dSame(x, weight, bias, dilation, groups);
        return x.conv2d(weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + ", kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride)
                + ", padding=" + (same ? "same" : Arrays.toString(padding))
                + (dilation[0] != 1 || dilation[1] != 1 ? ", dilation=" + Arrays.toString(dilation) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=false" : "");
    }
}
