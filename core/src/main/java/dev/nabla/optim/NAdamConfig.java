package dev.nabla.optim;

/**
 * Settings of {@link NAdam} (torch.optim.NAdam, 2.x): {@code weightDecay} is L2 unless
 * {@code decoupledWeightDecay} (as in torch &gt;= 2.1).
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code NAdamConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record NAdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay, boolean decoupledWeightDecay) implements OptimizerConfig<NAdamConfig> {
    private static final String W = "NAdamConfig";
    /** PyTorch's defaults. */
    public static final NAdamConfig DEFAULT = new NAdamConfig(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, false);

    public NAdamConfig {
        Check.nonNegative(W, "lr", lr);
        Check.unitInterval(W, "beta1", beta1);
        Check.unitInterval(W, "beta2", beta2);
        Check.nonNegative(W, "eps", eps);
        Check.nonNegative(W, "weightDecay", weightDecay);
        Check.nonNegative(W, "momentumDecay", momentumDecay);
    }

    /** The group momentum schedules may drive: beta1. */
    @Override
    public double momentum() {
        return beta1;
    }

    public NAdamConfig withLr(double lr) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }

    public NAdamConfig withBeta1(double beta1) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }

    public NAdamConfig withBeta2(double beta2) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }

    public NAdamConfig withEps(double eps) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }

    public NAdamConfig withWeightDecay(double weightDecay) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }

    public NAdamConfig withMomentumDecay(double momentumDecay) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }

    public NAdamConfig withDecoupledWeightDecay(boolean decoupledWeightDecay) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }

    public NAdamConfig withBetas(double beta1, double beta2) {
        return new NAdamConfig(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay);
    }
}
