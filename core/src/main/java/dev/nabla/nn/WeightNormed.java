package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Tensor;

/**
 * The parameters shared by layers under weight normalization (torch.nn.utils.weight_norm, dim=0): {@code bias}
 * (or none), {@code weight_g} and {@code weight_v}, registered in PyTorch's order and initialized from the plain
 * layer's weight (v = w, g = ||w|| per output), so the layer starts out computing what the plain one would.
 */
abstract class WeightNormed extends Module {
    private final Tensor bias;
    private final Tensor weightG;
    private final Tensor weightV;

    WeightNormed(Tensor plainWeight, Tensor plainBias) {
        try (var g = Grad.off()) {
            this.bias = plainBias != null ? param("bias", plainBias.detach().copy()) : null;
            this.weightG = param("weight_g", WeightNorm.initialG(plainWeight));
            this.weightV = param("weight_v", plainWeight.detach().copy());
        }
    }

    public Tensor weightG() {
        return weightG;
    }

    public Tensor weightV() {
        return weightV;
    }

    public Tensor bias() {
        return bias;
    }

    /** The effective weight g * v / ||v||, in the plain layer's shape. */
    public Tensor weight() {
        return WeightNorm.weight(weightG, weightV);
    }
}
