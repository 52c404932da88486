package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Mean over all spatial dims of [N, C, *], giving [N, C] (adaptive_avg_pool to 1 followed by flatten). */
public final class GlobalAvgPool extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.mean(GlobalMaxPool.spatialDims("GlobalAvgPool", x), false);
    }
}
