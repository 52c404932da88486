package dev.nabla.optim;

/**
 * Settings of {@link RmsProp} (torch.optim.RMSprop); {@code weightDecay} is L2.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code RmsPropConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record RmsPropConfig(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) implements OptimizerConfig<RmsPropConfig> {
    private static final String W = "RmsPropConfig";
    /** PyTorch's defaults. */
    public static final RmsPropConfig DEFAULT = new RmsPropConfig(1e-2, 0.99, 1e-8, 0, 0, false);

    public RmsPropConfig {
        Check.nonNegative(W, "lr", lr);
        Check.nonNegative(W, "alpha", alpha);
        Check.nonNegative(W, "eps", eps);
        Check.nonNegative(W, "weightDecay", weightDecay);
        Check.nonNegative(W, "momentum", momentum);
    }

    /** The group momentum schedules may drive: momentum. */
    @Override
    public double momentum() {
        return momentum;
    }

    public RmsPropConfig withLr(double lr) {
        return new RmsPropConfig(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RmsPropConfig withAlpha(double alpha) {
        return new RmsPropConfig(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RmsPropConfig withEps(double eps) {
        return new RmsPropConfig(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RmsPropConfig withWeightDecay(double weightDecay) {
        return new RmsPropConfig(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RmsPropConfig withMomentum(double momentum) {
        return new RmsPropConfig(lr, alpha, eps, weightDecay, momentum, centered);
    }

    public RmsPropConfig withCentered(boolean centered) {
        return new RmsPropConfig(lr, alpha, eps, weightDecay, momentum, centered);
    }
}
