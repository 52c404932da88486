package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Multiplies each group's lr by {@code factor} until epoch {@code totalIters}, then restores it
 * (torch.optim.lr_scheduler.ConstantLR).
 */
public final class ConstantLR extends LrScheduler {
    private final double factor;
    private final int totalIters;

    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        super(optimizer);
        if (!(factor > 0 && factor <= 1)) throw new IllegalArgumentException("ConstantLR: factor must be in (0, 1], got " + factor);
        if (totalIters < 0) throw new IllegalArgumentException("ConstantLR: totalIters must be >= 0, got " + totalIters);
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** factor = 1/3, totalIters = 5. */
    public ConstantLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 5);
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0) {
            for (int i = 0; i < lr.length; i++) lr[i] *= factor;
        } else if (lastEpoch == totalIters) {
            for (int i = 0; i < lr.length; i++) lr[i] *= 1.0 / factor;
        }
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = baseLrs[i] * (factor + (lastEpoch >= totalIters ? 1 : 0) * (1 - factor));
        return lr;
    }
}
