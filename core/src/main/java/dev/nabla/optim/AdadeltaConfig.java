package dev.nabla.optim;

/**
 * Settings of {@link Adadelta} (torch.optim.Adadelta); {@code weightDecay} is L2.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code AdadeltaConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record AdadeltaConfig(double lr, double rho, double eps, double weightDecay) implements OptimizerConfig<AdadeltaConfig> {
    private static final String W = "AdadeltaConfig";
    /** PyTorch's defaults. */
    public static final AdadeltaConfig DEFAULT = new AdadeltaConfig(1.0, 0.9, 1e-6, 0);

    public AdadeltaConfig {
        Check.nonNegative(W, "lr", lr);
        Check.closedUnit(W, "rho", rho);
        Check.nonNegative(W, "eps", eps);
        Check.nonNegative(W, "weightDecay", weightDecay);
    }

    public AdadeltaConfig withLr(double lr) {
        return new AdadeltaConfig(lr, rho, eps, weightDecay);
    }

    public AdadeltaConfig withRho(double rho) {
        return new AdadeltaConfig(lr, rho, eps, weightDecay);
    }

    public AdadeltaConfig withEps(double eps) {
        return new AdadeltaConfig(lr, rho, eps, weightDecay);
    }

    public AdadeltaConfig withWeightDecay(double weightDecay) {
        return new AdadeltaConfig(lr, rho, eps, weightDecay);
    }
}
