package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Settings of cross-entropy and NLL, with PyTorch's defaults: no class weights, ignoreIndex -100,
 * no label smoothing, MEAN. Build with withers: {@code CrossEntropyOptions.defaults().withWeight(w).withLabelSmoothing(0.1)}.
 *
 * @param weight a 1-d tensor of one weight per class, or null
 * @param ignoreIndex targets equal to this class index contribute nothing (not to the loss, not to the
 *     weight total of MEAN); ignored for probability targets, where it must be negative
 * @param labelSmoothing epsilon in [0, 1]: the target becomes (1 - epsilon) one-hot + epsilon / C
 * @param reduction NONE, MEAN (the weighted mean: sum of w[y_i] * loss_i over the sum of w[y_i]) or SUM
 */
public record CrossEntropyOptions(Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) {
    public CrossEntropyOptions {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        if (reduction == null) throw new IllegalArgumentException("crossEntropy: reduction must not be null");
        if (weight != null && weight.rank() != 1) {
            throw new IllegalArgumentException("crossEntropy: class weights must be 1-d, got shape " + weight.shape());
        }
    }

    public static CrossEntropyOptions defaults() {
        return new CrossEntropyOptions(null, -100, 0, Reduction.MEAN);
    }

    public CrossEntropyOptions withWeight(Tensor w) {
        return new CrossEntropyOptions(w, ignoreIndex, labelSmoothing, reduction);
    }

    public CrossEntropyOptions withIgnoreIndex(int index) {
        return new CrossEntropyOptions(weight, index, labelSmoothing, reduction);
    }

    public CrossEntropyOptions withLabelSmoothing(double epsilon) {
        return new CrossEntropyOptions(weight, ignoreIndex, epsilon, reduction);
    }

    public CrossEntropyOptions withReduction(Reduction r) {
        return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, r);
    }
}
