package dev.nabla.optim;

/**
 * Settings of {@link AdaMod}: {@code beta3} smooths the per-element step sizes that bound
 * the next ones; {@code weightDecay} is decoupled (as in the authors' code).
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code AdaModConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record AdaModConfig(double lr, double beta1, double beta2, double beta3, double eps, double weightDecay) implements OptimizerConfig<AdaModConfig> {
    private static final String W = "AdaModConfig";
    /** PyTorch's defaults. */
    public static final AdaModConfig DEFAULT = new AdaModConfig(1e-3, 0.9, 0.999, 0.999, 1e-8, 0);

    public AdaModConfig {
        Check.nonNegative(W, "lr", lr);
        Check.unitInterval(W, "beta1", beta1);
        Check.unitInterval(W, "beta2", beta2);
        Check.unitInterval(W, "beta3", beta3);
        Check.nonNegative(W, "eps", eps);
        Check.nonNegative(W, "weightDecay", weightDecay);
    }

    /** The group momentum schedules may drive: beta1. */
    @Override
    public double momentum() {
        return beta1;
    }

    public AdaModConfig withLr(double lr) {
        return new AdaModConfig(lr, beta1, beta2, beta3, eps, weightDecay);
    }

    public AdaModConfig withBeta1(double beta1) {
        return new AdaModConfig(lr, beta1, beta2, beta3, eps, weightDecay);
    }

    public AdaModConfig withBeta2(double beta2) {
        return new AdaModConfig(lr, beta1, beta2, beta3, eps, weightDecay);
    }

    public AdaModConfig withBeta3(double beta3) {
        return new AdaModConfig(lr, beta1, beta2, beta3, eps, weightDecay);
    }

    public AdaModConfig withEps(double eps) {
        return new AdaModConfig(lr, beta1, beta2, beta3, eps, weightDecay);
    }

    public AdaModConfig withWeightDecay(double weightDecay) {
        return new AdaModConfig(lr, beta1, beta2, beta3, eps, weightDecay);
    }

    public AdaModConfig withBetas(double beta1, double beta2) {
        return new AdaModConfig(lr, beta1, beta2, beta3, eps, weightDecay);
    }
}
