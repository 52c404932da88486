package dev.nabla.optim;

/**
 * Settings of {@link RAdam} (torch.optim.RAdam, 2.x): {@code weightDecay} is L2 unless
 * {@code decoupledWeightDecay} (as in torch &gt;= 2.1).
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code RAdamConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record RAdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay) implements OptimizerConfig<RAdamConfig> {
    private static final String W = "RAdamConfig";
    /** PyTorch's defaults. */
    public static final RAdamConfig DEFAULT = new RAdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false);

    public RAdamConfig {
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

    public RAdamConfig withLr(double lr) {
        return new RAdamConfig(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    public RAdamConfig withBeta1(double beta1) {
        return new RAdamConfig(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    public RAdamConfig withBeta2(double beta2) {
        return new RAdamConfig(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    public RAdamConfig withEps(double eps) {
        return new RAdamConfig(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    public RAdamConfig withWeightDecay(double weightDecay) {
        return new RAdamConfig(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    public RAdamConfig withDecoupledWeightDecay(boolean decoupledWeightDecay) {
        return new RAdamConfig(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    public RAdamConfig withBetas(double beta1, double beta2) {
        return new RAdamConfig(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }
}
