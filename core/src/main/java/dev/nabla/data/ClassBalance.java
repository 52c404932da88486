package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * Class counts and weights for imbalanced labels. Balanced weights follow scikit-learn's
 * {@code compute_class_weight("balanced")}: n_samples / (n_classes * count), where n_classes
 * counts the classes present; a class absent from the labels gets weight 0.
 */
public final class ClassBalance {
    private ClassBalance() {}

    /** Samples per class, for classes 0..max label. */
    public static int[] counts(Tensor labels) {
        int[] y = Labels.of(labels, "ClassBalance.counts");
        return Labels.counts(y, Labels.numClasses(y));
    }

    /** Samples per class, for classes 0..numClasses-1 (a label outside that range is an error). */
    public static int[] counts(Tensor labels, int numClasses) {
        return Labels.counts(Labels.of(labels, "ClassBalance.counts"), numClasses);
    }

    /** Balanced weight per class 0..max label. */
    public static double[] balancedWeights(Tensor labels) {
        int[] y = Labels.of(labels, "ClassBalance.balancedWeights");
        return balanced(y, Labels.numClasses(y));
    }

    /** Balanced weight per class 0..numClasses-1. */
    public static double[] balancedWeights(Tensor labels, int numClasses) {
        return balanced(Labels.of(labels, "ClassBalance.balancedWeights"), numClasses);
    }

    /** Balanced class weights as a FLOAT32 tensor [C], e.g. for a weighted cross-entropy. */
    public static Tensor balancedWeightsTensor(Tensor labels, int numClasses) {
        return Tensor.fromArray(balancedWeights(labels, numClasses), dev.nabla.tensor.DType.FLOAT32, numClasses);
    }

    /**
     * One weight per sample, its class's balanced weight: with {@link Sampler#weighted} each class
     * is drawn equally often in expectation.
     */
    public static double[] sampleWeights(Tensor labels) {
        int[] y = Labels.of(labels, "ClassBalance.sampleWeights");
        double[] w = balanced(y, Labels.numClasses(y));
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) out[i] = w[y[i]];
        return out;
    }

    private static double[] balanced(int[] y, int numClasses) {
        if (y.length == 0) throw new IllegalArgumentException("ClassBalance: no labels");
        int[] c = Labels.counts(y, numClasses);
        int present = 0;
        for (int k : c) if (k > 0) present++;
        double[] w = new double[numClasses];
        for (int k = 0; k < numClasses; k++) w[k] = c[k] == 0 ? 0 : (double) y.length / ((double) present * c[k]);
        return w;
    }
}
