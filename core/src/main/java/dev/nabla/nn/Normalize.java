package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * Fixed feature scaling in front of a model, y = (x - mean) / std over the trailing feature dims (Keras'
 * Normalization layer, torchvision's Normalize): the statistics are buffers, fitted on the training split
 * and saved with the model, so a reloaded model takes raw inputs.
 */
public final class Normalize extends Module {
    private final Tensor mean;
    private final Tensor std;

    public Normalize(Tensor mean, Tensor std) {
        if (!java.util.Arrays.equals(mean.dims(), std.dims())) {
            throw new IllegalArgumentException("Normalize: mean " + mean.shape() + " and std " + std.shape() + " differ in shape");
        }
        this.mean = buffer("mean", mean.detach().copy());
        this.std = buffer("std", std.detach().copy());
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.sub(mean).div(std);
    }

    @Override
    protected String describe() {
        return "features=" + mean.shape();
    }
}
