package dev.nabla.optim;

/**
 * Settings of {@link Rprop} (torch.optim.Rprop): step sizes start at {@code lr}, grow by
 * {@code etaPlus} and shrink by {@code etaMinus}, clamped to [{@code stepSizeMin}, {@code stepSizeMax}].
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code RpropConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record RpropConfig(double lr, double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax) implements OptimizerConfig<RpropConfig> {
    private static final String W = "RpropConfig";
    /** PyTorch's defaults. */
    public static final RpropConfig DEFAULT = new RpropConfig(1e-2, 0.5, 1.2, 1e-6, 50);

    public RpropConfig {
        Check.nonNegative(W, "lr", lr);
        Check.nonNegative(W, "stepSizeMin", stepSizeMin);
        Check.nonNegative(W, "stepSizeMax", stepSizeMax);
        if (!(etaMinus > 0 && etaMinus < 1 && etaPlus > 1)) {
            throw new IllegalArgumentException(W + ": need 0 < etaMinus < 1 < etaPlus, got " + etaMinus + ", " + etaPlus);
        }
        if (stepSizeMin > stepSizeMax) throw new IllegalArgumentException(W + ": stepSizeMin " + stepSizeMin + " > stepSizeMax " + stepSizeMax);
    }

    public RpropConfig withLr(double lr) {
        return new RpropConfig(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax);
    }

    public RpropConfig withEtaMinus(double etaMinus) {
        return new RpropConfig(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax);
    }

    public RpropConfig withEtaPlus(double etaPlus) {
        return new RpropConfig(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax);
    }

    public RpropConfig withStepSizeMin(double stepSizeMin) {
        return new RpropConfig(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax);
    }

    public RpropConfig withStepSizeMax(double stepSizeMax) {
        return new RpropConfig(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax);
    }

    public RpropConfig withEtas(double etaMinus, double etaPlus) {
        return new RpropConfig(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax);
    }

    public RpropConfig withStepSizes(double stepSizeMin, double stepSizeMax) {
        return new RpropConfig(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax);
    }
}
