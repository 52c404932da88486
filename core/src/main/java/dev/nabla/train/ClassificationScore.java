package dev.nabla.train;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Precision, recall or F1 from a streamed {@link ConfusionMatrix}, averaged as {@link Average} says.
 * Names: {@code precision_macro}, {@code recall_micro}, {@code f1_weighted}; {@code precision} for
 * {@link Average#BINARY}; with {@link Average#NONE} the values are {@code precision_0},
 * {@code precision_1}, ... and {@link #compute()} refuses.
 */
public final class ClassificationScore implements Metric {
    public enum Kind { PRECISION, RECALL, F1 }

    private final Kind kind;
    private final Average average;
    private final ConfusionMatrix matrix = new ConfusionMatrix();

    public ClassificationScore(Kind kind, Average average) {
        this.kind = kind;
        this.average = average;
    }

    private String base() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return average == Average.BINARY || average == Average.NONE ? base() : base() + "_" + average.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void reset() {
        matrix.reset();
    }

    @Override
    public void update(Tensor output, Tensor target) {
        matrix.update(output, target);
    }

    @Override
    public double compute() {
        if (average == Average.NONE) throw new IllegalStateException(name() + ": per-class scores; use values() or perClass()");
        return matrix.score(score(), average);
    }

    /** The score of each class seen so far. */
    public double[] perClass() {
        return matrix.perClass(score());
    }

    @Override
    public Map<String, Double> values() {
        if (average != Average.NONE) return Metric.super.values();
        Map<String, Double> m = new LinkedHashMap<>();
        double[] per = perClass();
        for (int k = 0; k < per.length; k++) m.put(base() + "_" + k, per[k]);
        return m;
    }

    private ConfusionMatrix.Score score() {
        return ConfusionMatrix.Score.valueOf(kind.name());
    }
}
