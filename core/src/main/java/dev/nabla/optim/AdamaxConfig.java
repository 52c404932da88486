package dev.nabla.optim;

/**
 * Settings of {@link Adamax} (torch.optim.Adamax); {@code weightDecay} is L2.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code AdamaxConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record AdamaxConfig(double lr, double beta1, double beta2, double eps, double weightDecay) implements OptimizerConfig<AdamaxConfig> {
    private static final String W = "AdamaxConfig";
    /** PyTorch's defaults. */
    public static final AdamaxConfig DEFAULT = new AdamaxConfig(2e-3, 0.9, 0.999, 1e-8, 0);

    public AdamaxConfig {
        Check.nonNegative(W, "lr", lr);
        Check.unitInterval(W, "beta1", beta1);
        Check.unitInterval(W, "beta2", beta2);
        Check.nonNegative(W, "eps", eps);
        Check.nonNegative(W, "weightDecay", weightDecay);
    }

    /** The group momentum schedules may drive: beta1. */
    @Override
    public double momentum() {
        return beta1;
    }

    public AdamaxConfig withLr(double lr) {
        return new AdamaxConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamaxConfig withBeta1(double beta1) {
        return new AdamaxConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamaxConfig withBeta2(double beta2) {
        return new AdamaxConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamaxConfig withEps(double eps) {
        return new AdamaxConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamaxConfig withWeightDecay(double weightDecay) {
        return new AdamaxConfig(lr, beta1, beta2, eps, weightDecay);
    }

    public AdamaxConfig withBetas(double beta1, double beta2) {
        return new AdamaxConfig(lr, beta1, beta2, eps, weightDecay);
    }
}
