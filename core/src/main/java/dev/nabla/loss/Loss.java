package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Loss functions as static functions, with PyTorch's semantics and defaults (MEAN reduction unless a
 * {@link Reduction} is given), and as {@link Criterion} values from the no-argument factories
 * ({@code Loss.crossEntropy()}). Every loss checks its arguments where it is called and names itself
 * and the shapes in its error messages.
 *
 * <p>Regression: {@link #mse}, {@link #l1}, {@link #smoothL1}, {@link #huber}. Probabilistic:
 * {@link #bce}, {@link #bceWithLogits}, {@link #crossEntropy}, {@link #nll}, {@link #klDiv}. Margin and
 * embedding: {@link #multiMargin}, {@link #multiLabelSoftMargin}, {@link #cosineEmbedding},
 * {@link #marginRanking}, {@link #contrastive}, {@link #tripletMargin}.
 */
public final class Loss {
    private Loss() {}

    // ---------------------------------------------------------------- regression

    /** Mean squared error (input - target)^2, averaged. */
    public static Tensor mse(Tensor input, Tensor target) {
        return Regression.mse(input, target, Reduction.MEAN);
    }

    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        return Regression.mse(input, target, reduction);
    }

    /** Mean absolute error |input - target|. */
    public static Tensor l1(Tensor input, Tensor target) {
        return Regression.l1(input, target, Reduction.MEAN);
    }

    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        return Regression.l1(input, target, reduction);
    }

    /** Smooth L1 (beta 1): 0.5 d^2 / beta where |d| < beta, |d| - beta / 2 elsewhere. */
    public static Tensor smoothL1(Tensor input, Tensor target) {
        return Regression.smoothL1(input, target, 1.0, Reduction.MEAN);
    }

    public static Tensor smoothL1(Tensor input, Tensor target, double beta, Reduction reduction) {
        return Regression.smoothL1(input, target, beta, reduction);
    }

    /** Huber (delta 1): 0.5 d^2 where |d| < delta, delta (|d| - delta / 2) elsewhere. */
    public static Tensor huber(Tensor input, Tensor target) {
        return Regression.huber(input, target, 1.0, Reduction.MEAN);
    }

    public static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        return Regression.huber(input, target, delta, reduction);
    }

    // ---------------------------------------------------------------- probabilistic

    /** Binary cross-entropy of probabilities in [0, 1] against targets in [0, 1] (logs clamped at -100). */
    public static Tensor bce(Tensor input, Tensor target) {
        return Probabilistic.bce(input, target, null, Reduction.MEAN);
    }

    public static Tensor bce(Tensor input, Tensor target, Reduction reduction) {
        return Probabilistic.bce(input, target, null, reduction);
    }

    /** With a weight broadcast to the input (or null). */
    public static Tensor bce(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Probabilistic.bce(input, target, weight, reduction);
    }

    /** Binary cross-entropy of sigmoid(logits), computed stably. */
    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        return Probabilistic.bceWithLogits(logits, target, null, null, Reduction.MEAN);
    }

    public static Tensor bceWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        return Probabilistic.bceWithLogits(logits, target, null, null, reduction);
    }

    /**
     * With a weight broadcast to the input and a positive-class weight broadcast along the last
     * dimension (either may be null): w [(1 - y) x + (1 + (p - 1) y) log(1 + exp(-x))].
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        return Probabilistic.bceWithLogits(logits, target, weight, posWeight, reduction);
    }

    /**
     * Cross-entropy of logits [N, C, ...] (or [C]) against INT64 class indices [N, ...] (or []) or
     * probabilities of the logits' shape: the mean of -log softmax(logits)[y].
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return Classification.crossEntropy(logits, target, CrossEntropyOptions.defaults());
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
        return Classification.crossEntropy(logits, target, CrossEntropyOptions.defaults().withReduction(reduction));
    }

    /** With class weights, ignoreIndex, label smoothing and reduction; see {@link CrossEntropyOptions}. */
    public static Tensor crossEntropy(Tensor logits, Tensor target, CrossEntropyOptions options) {
        return Classification.crossEntropy(logits, target, options);
    }

    /** Negative log-likelihood of log-probabilities [N, C, ...] (or [C]) at INT64 class indices. */
    public static Tensor nll(Tensor logProbs, Tensor target) {
        return Classification.nll(logProbs, target, CrossEntropyOptions.defaults());
    }

    public static Tensor nll(Tensor logProbs, Tensor target, Reduction reduction) {
        return Classification.nll(logProbs, target, CrossEntropyOptions.defaults().withReduction(reduction));
    }

    /** With class weights, ignoreIndex and reduction (label smoothing must be 0). */
    public static Tensor nll(Tensor logProbs, Tensor target, CrossEntropyOptions options) {
        return Classification.nll(logProbs, target, options);
    }

    /**
     * KL divergence of the target distribution from the input's, with the input given as
     * log-probabilities: target (log target - input). Use BATCHMEAN for the true KL per sample.
     */
    public static Tensor klDiv(Tensor logInput, Tensor target, Reduction reduction) {
        return Probabilistic.klDiv(logInput, target, reduction, false);
    }

    /** With logTarget, the target is given as log-probabilities too. */
    public static Tensor klDiv(Tensor logInput, Tensor target, Reduction reduction, boolean logTarget) {
        return Probabilistic.klDiv(logInput, target, reduction, logTarget);
    }

    // ---------------------------------------------------------------- margin and embedding

    /** Multi-class hinge (p = 1, margin 1): per sample sum over i != y of max(0, 1 - x[y] + x[i]), over C. */
    public static Tensor multiMargin(Tensor input, Tensor target) {
        return Margin.multiMargin(input, target, 1, 1.0, null, Reduction.MEAN);
    }

    public static Tensor multiMargin(Tensor input, Tensor target, Reduction reduction) {
        return Margin.multiMargin(input, target, 1, 1.0, null, reduction);
    }

    /** With p (1 or 2), margin and class weights (or null). */
    public static Tensor multiMargin(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        return Margin.multiMargin(input, target, p, margin, weight, reduction);
    }

    /** One-versus-all logistic loss for multi-label targets in {0, 1}, averaged over classes per sample. */
    public static Tensor multiLabelSoftMargin(Tensor input, Tensor target) {
        return Margin.multiLabelSoftMargin(input, target, null, Reduction.MEAN);
    }

    public static Tensor multiLabelSoftMargin(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Margin.multiLabelSoftMargin(input, target, weight, reduction);
    }

    /** 1 - cos for pairs labelled 1, max(0, cos - margin) for pairs labelled -1. */
    public static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor target, double margin, Reduction reduction) {
        return Margin.cosineEmbedding(x1, x2, target, margin, reduction);
    }

    public static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor target) {
        return Margin.cosineEmbedding(x1, x2, target, 0, Reduction.MEAN);
    }

    /** max(0, -y (x1 - x2) + margin) with y in {1, -1}. */
    public static Tensor marginRanking(Tensor x1, Tensor x2, Tensor target, double margin, Reduction reduction) {
        return Margin.marginRanking(x1, x2, target, margin, reduction);
    }

    public static Tensor marginRanking(Tensor x1, Tensor x2, Tensor target) {
        return Margin.marginRanking(x1, x2, target, 0, Reduction.MEAN);
    }

    /**
     * Contrastive loss (Hadsell et al. 2006; not in PyTorch): y d^2 / 2 + (1 - y) max(0, margin - d)^2 / 2
     * with d = |x1 - x2 + 1e-6|_2 and y = 1 for similar pairs, 0 for dissimilar ones.
     */
    public static Tensor contrastive(Tensor x1, Tensor x2, Tensor similar, double margin, Reduction reduction) {
        return Margin.contrastive(x1, x2, similar, margin, reduction);
    }

    public static Tensor contrastive(Tensor x1, Tensor x2, Tensor similar) {
        return Margin.contrastive(x1, x2, similar, 1.0, Reduction.MEAN);
    }

    /** Triplet margin loss with PyTorch's defaults: margin 1, p 2, eps 1e-6, no swap. */
    public static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative) {
        return Margin.tripletMargin(anchor, positive, negative, 1.0, 2, 1e-6, false, Reduction.MEAN);
    }

    /** max(0, margin + d(a, p) - d(a, n)), d the p-norm distance; swap uses min(d(a, n), d(p, n)). */
    public static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
            boolean swap, Reduction reduction) {
        return Margin.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
    }

    // ---------------------------------------------------------------- criteria

    /** Cross-entropy (mean) as a value, for trainers. */
    public static Criterion crossEntropy() {
        return Loss::crossEntropy;
    }

    public static Criterion crossEntropy(CrossEntropyOptions options) {
        return (out, target) -> crossEntropy(out, target, options);
    }

    public static Criterion nll() {
        return Loss::nll;
    }

    public static Criterion mse() {
        return Loss::mse;
    }

    public static Criterion l1() {
        return Loss::l1;
    }

    public static Criterion smoothL1() {
        return Loss::smoothL1;
    }

    public static Criterion huber() {
        return Loss::huber;
    }

    public static Criterion bce() {
        return Loss::bce;
    }

    public static Criterion bceWithLogits() {
        return Loss::bceWithLogits;
    }

    public static Criterion multiMargin() {
        return Loss::multiMargin;
    }

    public static Criterion multiLabelSoftMargin() {
        return Loss::multiLabelSoftMargin;
    }

    /** KL divergence with BATCHMEAN, input as log-probabilities. */
    public static Criterion klDiv() {
        return (out, target) -> klDiv(out, target, Reduction.BATCHMEAN);
    }
}
