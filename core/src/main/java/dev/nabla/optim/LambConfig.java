package dev.nabla.optim;

/**
 * Settings of {@link Lamb}: {@code weightDecay} is decoupled (added to the Adam direction
 * before the trust ratio); {@code trustClip} caps the trust ratio (infinite: no cap, as in the paper's
 * identity scaling function); {@code biasCorrection} divides the moments by 1 - beta^t.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code LambConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record LambConfig(double lr, double beta1, double beta2, double eps, double weightDecay, boolean biasCorrection, double trustClip) implements OptimizerConfig<LambConfig> {
    private static final String W = "LambConfig";
    /** PyTorch's defaults. */
    public static final LambConfig DEFAULT = new LambConfig(1e-3, 0.9, 0.999, 1e-6, 0, true, Double.POSITIVE_INFINITY);

    public LambConfig {
        Check.nonNegative(W, "lr", lr);
        Check.unitInterval(W, "beta1", beta1);
        Check.unitInterval(W, "beta2", beta2);
        Check.nonNegative(W, "eps", eps);
        Check.nonNegative(W, "weightDecay", weightDecay);
        if (!(trustClip > 0)) throw new IllegalArgumentException(W + ": trustClip must be > 0, got " + trustClip);
    }

    /** The group momentum schedules may drive: beta1. */
    @Override
    public double momentum() {
        return beta1;
    }

    public LambConfig withLr(double lr) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }

    public LambConfig withBeta1(double beta1) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }

    public LambConfig withBeta2(double beta2) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }

    public LambConfig withEps(double eps) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }

    public LambConfig withWeightDecay(double weightDecay) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }

    public LambConfig withBiasCorrection(boolean biasCorrection) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }

    public LambConfig withTrustClip(double trustClip) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }

    public LambConfig withBetas(double beta1, double beta2) {
        return new LambConfig(lr, beta1, beta2, eps, weightDecay, biasCorrection, trustClip);
    }
}
