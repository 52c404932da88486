package dev.nabla.nn;

/** Batch normalization of [N, C] or [N, C, L] (torch.nn.BatchNorm1d; eps 1e-5, momentum 0.1, affine). */
public final class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1, true);
    }

    public BatchNorm1d(int features, double eps, double momentum, boolean affine) {
        super(features, eps, momentum, affine, 2);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }
}
