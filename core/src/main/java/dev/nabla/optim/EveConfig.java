package dev.nabla.optim;

/**
 * Settings of {@link Eve}: Adam's plus {@code beta3} (smoothing of the feedback d), {@code clip}
 * (c &gt;= 1: 1/c &lt;= 1/d &lt;= c) and {@code lossMin} (L*, a lower bound of the loss, 0 by default).
 * {@code weightDecay} is L2.
 * Defaults are {@link #DEFAULT}; change settings with the withers, e.g.
 * {@code EveConfig.DEFAULT.withLr(0.1)}. Invalid values fail in the constructor.
 */
public record EveConfig(double lr, double beta1, double beta2, double beta3, double eps, double clip, double lossMin, double weightDecay) implements OptimizerConfig<EveConfig> {
    private static final String W = "EveConfig";
    /** PyTorch's defaults. */
    public static final EveConfig DEFAULT = new EveConfig(1e-3, 0.9, 0.999, 0.999, 1e-8, 10, 0, 0);

    public EveConfig {
        Check.nonNegative(W, "lr", lr);
        Check.unitInterval(W, "beta1", beta1);
        Check.unitInterval(W, "beta2", beta2);
        Check.unitInterval(W, "beta3", beta3);
        Check.nonNegative(W, "eps", eps);
        if (!(clip >= 1) || Double.isInfinite(clip)) throw new IllegalArgumentException(W + ": clip must be a finite number >= 1, got " + clip);
        if (!Double.isFinite(lossMin)) throw new IllegalArgumentException(W + ": lossMin must be finite, got " + lossMin);
        Check.nonNegative(W, "weightDecay", weightDecay);
    }

    /** The group momentum schedules may drive: beta1. */
    @Override
    public double momentum() {
        return beta1;
    }

    public EveConfig withLr(double lr) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withBeta1(double beta1) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withBeta2(double beta2) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withBeta3(double beta3) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withEps(double eps) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withClip(double clip) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withLossMin(double lossMin) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withWeightDecay(double weightDecay) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }

    public EveConfig withBetas(double beta1, double beta2) {
        return new EveConfig(lr, beta1, beta2, beta3, eps, clip, lossMin, weightDecay);
    }
}
