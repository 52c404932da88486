package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/** A mini-batch: inputs [B, ...] and targets [B, ...], each one contiguous tensor. */
public record Batch(Tensor x, Tensor y) {
    public Batch {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("Batch: inputs " + x.shape() + " and targets " + y.shape()
                    + " must have the same first dimension");
        }
    }

    /** Number of samples in the batch. */
    public int size() {
        return x.dim(0);
    }
}
