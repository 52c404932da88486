package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Normalizes over the last dims (torch.nn.LayerNorm): eps 1e-5, elementwise affine weight (ones) and bias (zeros). */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d <= 0) || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: normalized shape " + Arrays.toString(normalizedShape)
                    + " must be non-empty and positive, eps > 0");
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? param("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? param("bias", Tensor.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String describe() {
        return Arrays.toString(normalizedShape) + ", eps=" + eps + (weight == null ? ", elementwise_affine=false" : "");
    }
}
