package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Normalizes [N, C, *] over groups of channels (torch.nn.GroupNorm): eps 1e-5, per-channel affine. */
public final class GroupNorm extends Module {
    private final int groups;
    private final int channels;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    public GroupNorm(int groups, int channels) {
        this(groups, channels, 1e-5, true);
    }

    public GroupNorm(int groups, int channels, double eps, boolean affine) {
        if (groups <= 0 || channels <= 0 || channels % groups != 0 || !(eps > 0)) {
            throw new IllegalArgumentException("GroupNorm: channels=" + channels + " must be positive and divisible by groups=" + groups + ", eps > 0");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = affine ? param("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(channels)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(1) != channels) {
            throw new IllegalArgumentException("GroupNorm(" + describe() + "): input shape " + x.shape() + " must be [N, " + channels + ", *]");
        }
        return F.groupNorm(x, groups, weight, bias, eps);
    }

    @Override
    protected String describe() {
        return groups + ", " + channels + ", eps=" + eps + (weight == null ? ", affine=false" : "");
    }
}
