package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * How a loss reduces its per-element (or per-sample) values, as PyTorch's {@code reduction} argument.
 * MEAN is the default. Losses with weights (cross-entropy, NLL) define MEAN as the weighted mean, as
 * PyTorch does. BATCHMEAN (sum divided by the batch size, dimension 0) is accepted only by KL
 * divergence, where it gives the true KL value; the others reject it.
 */
public enum Reduction {
    NONE, MEAN, SUM, BATCHMEAN;

    /** Applies NONE, MEAN or SUM to the unreduced loss values; BATCHMEAN is refused with the loss's name. */
    Tensor apply(Tensor values, String loss) {
        return switch (this) {
            case NONE -> values;
            case MEAN -> values.mean();
            case SUM -> values.sum();
            case BATCHMEAN -> throw new IllegalArgumentException(loss + ": reduction BATCHMEAN is only defined for klDiv; use MEAN, SUM or NONE");
        };
    }
}
