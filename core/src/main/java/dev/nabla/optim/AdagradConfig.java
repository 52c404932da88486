package dev.nabla.optim;

/**
 * Settings of {@link Adagrad} (torch.optim.Adagrad); {@code weightDecay} is L2.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code AdagradConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record AdagradConfig(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) implements OptimizerConfig<AdagradConfig> {
    private static final String W = "AdagradConfig";
    /** PyTorch's defaults. */
    public static final AdagradConfig DEFAULT = new AdagradConfig(1e-2, 0, 0, 0, 1e-10);

    public AdagradConfig {
        Check.nonNegative(W, "lr", lr);
        Check.nonNegative(W, "lrDecay", lrDecay);
        Check.nonNegative(W, "weightDecay", weightDecay);
        Check.nonNegative(W, "initialAccumulatorValue", initialAccumulatorValue);
        Check.nonNegative(W, "eps", eps);
    }

    public AdagradConfig withLr(double lr) {
        return new AdagradConfig(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
    }

    public AdagradConfig withLrDecay(double lrDecay) {
        return new AdagradConfig(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
    }

    public AdagradConfig withWeightDecay(double weightDecay) {
        return new AdagradConfig(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
    }

    public AdagradConfig withInitialAccumulatorValue(double initialAccumulatorValue) {
        return new AdagradConfig(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
    }

    public AdagradConfig withEps(double eps) {
        return new AdagradConfig(lr, lrDecay, weightDecay, initialAccumulatorValue, eps);
    }
}
