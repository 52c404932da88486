package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * Weight penalties and constraints. The penalties are differentiable scalars to add to a loss:
 * {@code loss.add(Regularization.l2(model.parameters()).mul(1e-4))}. Their gradients are sign(theta)
 * (0 at 0) for L1 and 2 theta for L2. The max-norm constraint rescales weights in place after an
 * optimizer step.
 */
public final class Regularization {
    private Regularization() {}

    /** sum_i |theta_i| over all given tensors (a 0-d tensor; 0 for none). */
    public static Tensor l1(Iterable<Tensor> params) {
        Tensor total = null;
        for (Tensor p : params) {
            Tensor s = p.abs().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null ? Tensor.scalar(0) : total;
    }

    /** sum_i theta_i^2 over all given tensors (no factor 1/2; a 0-d tensor; 0 for none). */
    public static Tensor l2(Iterable<Tensor> params) {
        Tensor total = null;
        for (Tensor p : params) {
            Tensor s = p.square().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null ? Tensor.scalar(0) : total;
    }

    /** lambda * sum |theta|. */
    public static Tensor l1(Iterable<Tensor> params, double lambda) {
        return l1(params).mul(lambda);
    }

    /** lambda * sum theta^2. */
    public static Tensor l2(Iterable<Tensor> params, double lambda) {
        return l2(params).mul(lambda);
    }

    /**
     * Max-norm constraint, in place: each slice weight[i] along dimension 0 (one output unit's incoming
     * weights) whose L2 norm exceeds maxNorm is scaled by maxNorm / (norm + 1e-7), exactly as
     * {@code torch.renorm(w, 2, 0, maxNorm)}. Returns the tensor.
     */
    public static Tensor maxNorm(Tensor weight, double maxNorm) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("maxNorm: bound must be >= 0, got " + maxNorm);
        if (weight.rank() < 1) throw new IllegalArgumentException("maxNorm: needs a tensor of rank >= 1, got shape " + weight.shape());
        try (var g = Grad.off()) {
            int rows = weight.dim(0);
            Tensor flat = weight.reshape(rows, -1);
            Tensor norms = flat.toDouble().norm(2, 1, true);
            double[] n = norms.toDoubleArray();
            double[] scale = new double[rows];
            boolean any = false;
            for (int i = 0; i < rows; i++) {
                scale[i] = n[i] > maxNorm ? maxNorm / (n[i] + 1e-7) : 1.0;
                any |= scale[i] != 1.0;
            }
            if (!any) return weight;
            int[] shape = new int[weight.rank()];
            java.util.Arrays.fill(shape, 1);
            shape[0] = rows;
            Tensor s = Tensor.wrap(scale, dev.nabla.tensor.DType.FLOAT64, shape).to(weight.dtype());
            weight.mulInPlace(s);
        }
        return weight;
    }

    /** Applies {@link #maxNorm(Tensor, double)} to every parameter of rank >= 2 whose name ends in "weight". */
    public static Module maxNorm(Module model, double maxNorm) {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            if (e.getValue().rank() >= 2 && e.getKey().endsWith("weight")) maxNorm(e.getValue(), maxNorm);
        }
        return model;
    }
}
