package dev.nabla.nn;

/** Batch normalization of [N, C, H, W] (torch.nn.BatchNorm2d; eps 1e-5, momentum 0.1, affine). */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int features) {
        this(features, 1e-5, 0.1, true);
    }

    public BatchNorm2d(int features, double eps, double momentum, boolean affine) {
        super(features, eps, momentum, affine, 4);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }
}
