package dev.nabla.optim;

/**
 * Settings of {@link Adam} and {@link AdamW} (torch.optim.Adam / AdamW): {@code weightDecay} is an
 * L2 term for Adam and decoupled for AdamW; {@code amsgrad} uses the running maximum of the second moment.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code AdamConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) implements OptimizerConfig<AdamConfig> {
    private static final String W = "AdamConfig";
    /** PyTorch's defaults. */
    public static final AdamConfig DEFAULT = new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false);
    /** AdamW's defaults: as Adam's with weight decay 0.01. */
    public static final AdamConfig ADAMW_DEFAULT = DEFAULT.withWeightDecay(1e-2);

    public AdamConfig {
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

    public AdamConfig withLr(double lr) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withBeta1(double beta1) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withBeta2(double beta2) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withEps(double eps) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withWeightDecay(double weightDecay) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withAmsgrad(boolean amsgrad) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamConfig withBetas(double beta1, double beta2) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }
}
