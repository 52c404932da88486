package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * A {@link Conv2d} under weight normalization (torch.nn.utils.weight_norm(nn.Conv2d(...)), dim=0): parameters
 * bias [out], weight_g [out, 1, 1, 1] and weight_v [out, in/groups, kh, kw], initialized from Conv2d's default
 * init (v = w, g = ||w|| per output channel).
 */
public final class WeightNormConv2d extends WeightNormed {
    private final int in;
    private final int out;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;

    public WeightNormConv2d(int in, int out, int kernel, int stride, int padding, Rng rng) {
        this(in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1, true, rng);
    }

    public WeightNormConv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups, boolean bias, Rng rng) {
        Conv2d plain = new Conv2d(in, out, kernel, stride, padding, dilation, groups, bias, rng);
        super(plain.weight(), plain.bias());
        this.in = in;
        this.out = out;
        this.stride = Conv2d.pair("stride", stride);
        this.padding = padding.clone();
        this.dilation = Conv2d.pair("dilation", dilation);
        this.groups = groups;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException("WeightNormConv2d(" + describe() + "): input shape " + x.shape() + " must be [N, " + in + ", H, W]");
        }
        return x.conv2d(weight(), bias(), stride, padding, dilation, groups);
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + ", kernel=" + weightV().dim(2) + "x" + weightV().dim(3) + ", stride=" + Arrays.toString(stride)
                + ", padding=" + Arrays.toString(padding) + (groups != 1 ? ", groups=" + groups : "") + (bias() == null ? ", bias=false" : "");
    }
}
