package dev.nabla.cli;

import dev.nabla.data.ClassBalance;
import dev.nabla.data.Resample;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.CrossEntropyOptions;
import dev.nabla.loss.Criterion;
import dev.nabla.loss.Loss;
import dev.nabla.tensor.Rng;
import java.util.Locale;

/** {@code --balance}: how training copes with unequal class frequencies, and the loss that goes with it. */
final class Balance {
    private Balance() {}

    /** The training set itself (none, weights), or re-sampled to equal class counts (oversample, undersample). */
    static TensorDataset resample(String mode, TensorDataset train, Rng rng) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "none", "weights" -> train;
            case "oversample" -> Resample.oversample(train, rng);
            case "undersample" -> Resample.undersample(train, rng);
            default -> throw new IllegalArgumentException("unknown --balance '" + mode + "' (known: none, weights, oversample, undersample)");
        };
    }

    /** Cross-entropy, with balanced class weights (n / (k * count)) from the training labels for "weights". */
    static Criterion loss(String mode, double labelSmoothing, TensorDataset train, int classes) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        }
        CrossEntropyOptions o = CrossEntropyOptions.defaults().withLabelSmoothing(labelSmoothing);
        if (mode.equalsIgnoreCase("weights")) o = o.withWeight(ClassBalance.balancedWeightsTensor(train.y(), classes));
        return Loss.crossEntropy(o);
    }
}
