package dev.nabla.optim;

/**
 * Settings of {@link Sgd} (torch.optim.SGD): {@code weightDecay} is an L2 term added to the
 * gradient; Nesterov momentum needs momentum &gt; 0 and no dampening.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code SgdConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record SgdConfig(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) implements OptimizerConfig<SgdConfig> {
    private static final String W = "SgdConfig";
    /** PyTorch's defaults. */
    public static final SgdConfig DEFAULT = new SgdConfig(1e-3, 0, 0, false, 0);

    public SgdConfig {
        Check.nonNegative(W, "lr", lr);
        Check.nonNegative(W, "momentum", momentum);
        if (Double.isNaN(dampening)) throw new IllegalArgumentException(W + ": dampening is NaN");
        Check.nonNegative(W, "weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(W + ": Nesterov momentum requires momentum > 0 and zero dampening");
        }
    }

    /** The group momentum schedules may drive: momentum. */
    @Override
    public double momentum() {
        return momentum;
    }

    public SgdConfig withLr(double lr) {
        return new SgdConfig(lr, momentum, dampening, nesterov, weightDecay);
    }

    public SgdConfig withMomentum(double momentum) {
        return new SgdConfig(lr, momentum, dampening, nesterov, weightDecay);
    }

    public SgdConfig withDampening(double dampening) {
        return new SgdConfig(lr, momentum, dampening, nesterov, weightDecay);
    }

    public SgdConfig withNesterov(boolean nesterov) {
        return new SgdConfig(lr, momentum, dampening, nesterov, weightDecay);
    }

    public SgdConfig withWeightDecay(double weightDecay) {
        return new SgdConfig(lr, momentum, dampening, nesterov, weightDecay);
    }
}
