package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Decays each group's lr to 0 over {@code totalIters} epochs as (1 - t/totalIters)^power
 * (torch.optim.lr_scheduler.PolynomialLR).
 */
public final class PolynomialLR extends LrScheduler {
    private final int totalIters;
    private final double power;

    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        super(optimizer);
        if (totalIters < 1) throw new IllegalArgumentException("PolynomialLR: totalIters must be >= 1, got " + totalIters);
        this.totalIters = totalIters;
        this.power = power;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0 || lastEpoch > totalIters) return lr;
        double f = StrictMath.pow((1.0 - (double) lastEpoch / totalIters) / (1.0 - (double) (lastEpoch - 1) / totalIters), power);
        for (int i = 0; i < lr.length; i++) lr[i] *= f;
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = baseLrs[i] * StrictMath.pow(1.0 - (double) Math.min(totalIters, lastEpoch) / totalIters, power);
        return lr;
    }
}
