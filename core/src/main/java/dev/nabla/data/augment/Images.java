package dev.nabla.data.augment;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/** Shared checks and array access for the image augmentations: batches [N, C, H, W] as flat float rows. */
final class Images {
    private Images() {}

    /** Checks that x is an image batch [N, C, H, W] of a floating dtype; returns its dims. */
    static int[] check(String op, Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input " + x.shape() + " must be an image batch [N, C, H, W]");
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": input must be FLOAT32 or FLOAT64, got " + x.dtype());
        }
        return x.dims();
    }

    /** Checks that a per-sample parameter array has one entry per sample. */
    static void perSample(String op, String what, int length, int n) {
        if (length != n) throw new IllegalArgumentException(op + ": " + what + " has " + length + " entries for a batch of " + n);
    }

    /** A tensor of x's dtype and the given dims holding data. */
    static Tensor result(float[] data, Tensor like, int[] dims) {
        Tensor t = Tensor.wrap(data, dims);
        return like.dtype() == DType.FLOAT32 ? t : t.to(like.dtype());
    }
}
