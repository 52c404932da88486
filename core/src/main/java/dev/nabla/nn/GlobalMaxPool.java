package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Maximum over all spatial dims of [N, C, *], giving [N, C]. */
public final class GlobalMaxPool extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.amax(spatialDims("GlobalMaxPool", x), false);
    }

    static int[] spatialDims(String op, Tensor x) {
        if (x.rank() < 3) throw new IllegalArgumentException(op + ": input " + x.shape() + " must be [N, C, *] with spatial dims");
        int[] d = new int[x.rank() - 2];
        for (int i = 0; i < d.length; i++) d[i] = i + 2;
        return d;
    }
}
