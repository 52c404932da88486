package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Tensor;

/**
 * Weight normalization (Salimans and Kingma 2016; torch.nn.utils.weight_norm with dim=0): the weight is
 * reparametrized as weight = weight_g * weight_v / ||weight_v||, the norm taken per output row over all other
 * dims, with weight_g of shape [out, 1, ...] and weight_v of the weight's shape. The layers
 * {@link WeightNormLinear} and {@link WeightNormConv2d} hold weight_g and weight_v in place of weight, under
 * PyTorch's names, so a state dict of a weight-normed PyTorch layer loads unchanged.
 */
public final class WeightNorm {
    private WeightNorm() {}

    /** ||v|| over every dim but 0, kept as [out, 1, ...]: torch.norm_except_dim(v, 2, 0). */
    public static Tensor normExceptDim0(Tensor v) {
        if (v.rank() < 1) throw new IllegalArgumentException("WeightNorm: weight_v must have at least 1 dim, got " + v.shape());
        if (v.rank() == 1) return v.abs();
        int[] dims = new int[v.rank() - 1];
        for (int i = 0; i < dims.length; i++) dims[i] = i + 1;
        return v.square().sum(dims, true).sqrt();
    }

    /** weight = g * v / ||v|| (torch._weight_norm(v, g, 0)). */
    public static Tensor weight(Tensor g, Tensor v) {
        Tensor norm = normExceptDim0(v);
        if (!java.util.Arrays.equals(g.dims(), norm.dims())) {
            throw new IllegalArgumentException("WeightNorm: weight_g " + g.shape() + " must have shape " + norm.shape()
                    + " for weight_v " + v.shape());
        }
        return v.mul(g.div(norm));
    }

    /** The initial magnitude of an existing weight: g = ||w|| (as PyTorch sets it when weight_norm is applied). */
    static Tensor initialG(Tensor w) {
        try (var off = Grad.off()) {
            return normExceptDim0(w.detach()).copy();
        }
    }
}
