package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * Normalizes each channel of each sample of [N, C, *] over its spatial dims (torch.nn.InstanceNorm1d/2d
 * with their defaults: eps 1e-5, affine false, no running statistics, so train and eval agree).
 */
public final class InstanceNorm extends Module {
    private final int channels;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    public InstanceNorm(int channels) {
        this(channels, 1e-5, false);
    }

    public InstanceNorm(int channels, double eps, boolean affine) {
        if (channels <= 0 || !(eps > 0)) throw new IllegalArgumentException("InstanceNorm: channels must be positive and eps > 0");
        this.channels = channels;
        this.eps = eps;
        this.weight = affine ? param("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(channels)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3 || x.dim(1) != channels) {
            throw new IllegalArgumentException("InstanceNorm(" + channels + "): input shape " + x.shape() + " must be [N, " + channels + ", *]");
        }
        return F.instanceNorm(x, weight, bias, eps);
    }

    @Override
    protected String describe() {
        return channels + ", eps=" + eps + (weight == null ? "" : ", affine=true");
    }
}
