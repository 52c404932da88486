package dev.nabla.train;

/**
 * How per-class precision, recall and F1 are combined, as scikit-learn's {@code average} argument.
 * Classes count when they occur in the targets or the predictions seen (scikit-learn without
 * {@code labels=}); a class that occurs in neither is left out of the averages.
 */
public enum Average {
    /** Unweighted mean over classes. */
    MACRO,
    /** From the pooled counts of all classes; for single-label data it equals accuracy. */
    MICRO,
    /** Mean over classes weighted by their number of true samples (support). */
    WEIGHTED,
    /** The score of class 1 only (binary problems; scikit-learn's default). */
    BINARY,
    /** One value per class: logged as {@code name_0, name_1, ...}; {@code compute()} is undefined. */
    NONE
}
