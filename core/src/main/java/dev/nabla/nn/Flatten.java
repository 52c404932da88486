package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Flattens all dims but the first (batch) one. */
public final class Flatten extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.rank() <= 1 ? x : x.flatten(1, -1);
    }
}
