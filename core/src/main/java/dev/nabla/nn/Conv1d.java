package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * 1-d convolution over [N, C, L] with PyTorch's weight layout [out, in/groups, k] and default init.
 * Padding is {p} or {left, right}; {@link #causal} pads dilation * (k - 1) on the left only, so
 * output t depends on inputs up to t.
 */
public final class Conv1d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int[] padding;
    private final int dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    public Conv1d(int in, int out, int kernel, Rng rng) {
        this(in, out, kernel, 1, new int[] {0}, 1, 1, true, rng);
    }

    public Conv1d(int in, int out, int kernel, int stride, int[] padding, int dilation, int groups, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0 || kernel <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv1d: in=" + in + ", out=" + out + ", kernel=" + kernel
                    + " must be positive and in, out divisible by groups=" + groups);
        }
        if (padding.length != 1 && padding.length != 2) {
            throw new IllegalArgumentException("Conv1d: padding needs 1 or 2 values, got " + padding.length);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding.length == 1 ? new int[] {padding[0], padding[0]} : padding.clone();
        this.dilation = dilation;
        this.groups = groups;
        this.weight = param("weight", Tensor.zeros(out, in / groups, kernel));
        Init.kaimingUniform(weight, rng, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        double bound = 1 / Math.sqrt(Init.fans(weight).fanIn());
        this.bias = bias ? param("bias", Tensor.uniform(rng, -bound, bound, out)) : null;
    }

    /** A causal convolution (stride 1): left padding dilation * (kernel - 1), none on the right. */
    public static Conv1d causal(int in, int out, int kernel, int dilation, Rng rng) {
        return new Conv1d(in, out, kernel, 1, new int[] {dilation * (kernel - 1), 0}, dilation, 1, true, rng);
    }

    /** padding="same" (stride 1): d * (k - 1) split with the odd element on the right, as PyTorch does. */
    public static Conv1d same(int in, int out, int kernel, int dilation, Rng rng) {
        return new Conv1d(in, out, kernel, 1, Tensor.samePadding(kernel, dilation), dilation, 1, true, rng);
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
            throw new IllegalArgumentException("Conv1d(" + describe() + "): input shape " + x.shape() + " must be [N, " + in + ", L]");
        }
        return x.conv1d(weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=["
                + padding[0] + ", " + padding[1] + "]" + (dilation != 1 ? ", dilation=" + dilation : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=false" : "");
    }
}
