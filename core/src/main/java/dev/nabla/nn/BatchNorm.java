package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * Batch normalization over the channel dim 1 (the shared body of {@link BatchNorm1d} and
 * {@link BatchNorm2d}). Training normalizes with the batch mean and biased variance and updates
 * running_mean and running_var with momentum (the variance with the unbiased estimate) and counts
 * num_batches_tracked; eval uses the running statistics. Keys as in PyTorch: weight, bias,
 * running_mean, running_var, num_batches_tracked.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final int features;
    private final double eps;
    private final double momentum;
    private final int inputRank;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    BatchNorm(int features, double eps, double momentum, boolean affine, int inputRank) {
        if (features <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": features must be positive, got " + features);
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be > 0 and momentum in [0, 1], got eps="
                    + eps + ", momentum=" + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.inputRank = inputRank;
        this.weight = affine ? param("weight", Tensor.ones(features)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(features)) : null;
        this.runningMean = buffer("running_mean", Tensor.zeros(features));
        this.runningVar = buffer("running_var", Tensor.ones(features));
        this.numBatchesTracked = buffer("num_batches_tracked", Tensor.scalar(0, DType.INT64));
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    public long numBatchesTracked() {
        return (long) numBatchesTracked.item();
    }

    /** True if the input's rank suits this layer. */
    abstract boolean acceptsRank(int rank);

    @Override
    public Tensor forward(Tensor x) {
        if (!acceptsRank(x.rank()) || x.dim(1) != features) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + features + "): input shape " + x.shape()
                    + " must be " + (inputRank == 4 ? "[N, " + features + ", H, W]" : "[N, " + features + "] or [N, " + features + ", L]"));
        }
        if (isTraining()) {
            try (var g = Grad.off()) {
                numBatchesTracked.fillInPlace(numBatchesTracked.item() + 1);
            }
        }
        return F.batchNorm(x, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
    }

    @Override
    protected String describe() {
        return features + ", eps=" + eps + ", momentum=" + momentum + (weight == null ? ", affine=false" : "");
    }
}
