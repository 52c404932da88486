package dev.nabla.train;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streaming evaluation measure: {@link #reset()}, then {@link #update} with each batch's model
 * outputs and targets, then {@link #compute()} for the value over everything seen since the reset.
 * The value over several batches is the value over their union (not a mean of batch values). With
 * nothing seen, {@code compute()} is NaN.
 *
 * <p>Classification metrics read outputs as logits or probabilities [N, C] (argmax), one score per
 * sample for binary problems (probabilities when all lie in [0, 1], else logits), or INT64 predicted
 * labels; targets are class indices [N] (INT64, or floats holding whole numbers) or one-hot rows.
 * Regression metrics compare outputs and targets elementwise (same number of elements).
 *
 * <p>Metrics only read tensor data; they record no graph. A metric is used by one thread at a time.
 */
public interface Metric {
    /** The name logged by the trainer, with a {@code train_} or {@code val_} prefix (e.g. {@code accuracy}). */
    String name();

    /** Forgets everything seen. */
    void reset();

    /** Adds one batch: model outputs and targets with the same number of samples (first dimension). */
    void update(Tensor output, Tensor target);

    /** The value over everything seen since the last reset; NaN if nothing was seen. */
    double compute();

    /**
     * The values logged by the trainer, by name: {@code {name(): compute()}} for most metrics;
     * per-class metrics give one entry per class.
     */
    default Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(name(), compute());
        return m;
    }

    /** Share of samples whose predicted class is the target (scikit-learn's accuracy_score). */
    static Metric accuracy() {
        return new Accuracy();
    }

    /** Share of samples whose target class is among the k highest scores (top_k_accuracy_score). */
    static Metric topKAccuracy(int k) {
        return new TopKAccuracy(k);
    }

    /** Precision (tp / (tp + fp)) averaged as given; 0 where a class was never predicted. */
    static Metric precision(Average average) {
        return new ClassificationScore(ClassificationScore.Kind.PRECISION, average);
    }

    /** Recall (tp / (tp + fn)) averaged as given; 0 where a class never occurs. */
    static Metric recall(Average average) {
        return new ClassificationScore(ClassificationScore.Kind.RECALL, average);
    }

    /** F1 (2 tp / (2 tp + fp + fn)) averaged as given. */
    static Metric f1(Average average) {
        return new ClassificationScore(ClassificationScore.Kind.F1, average);
    }

    /** Area under the ROC curve: binary from scores, or one-vs-rest macro average for [N, C] outputs. */
    static Metric rocAuc() {
        return new RocAuc();
    }

    /** Mean squared error over all elements. */
    static Metric mse() {
        return new MeanError(true);
    }

    /** Mean absolute error over all elements. */
    static Metric mae() {
        return new MeanError(false);
    }

    /** Coefficient of determination, averaged uniformly over output columns (r2_score). */
    static Metric r2() {
        return new R2Score();
    }
}
