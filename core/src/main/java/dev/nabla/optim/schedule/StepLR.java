package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** Multiplies each group's lr by {@code gamma} every {@code stepSize} epochs (torch.optim.lr_scheduler.StepLR). */
public final class StepLR extends LrScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: stepSize must be >= 1, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    /** gamma = 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = baseLrs[i] * StrictMath.pow(gamma, Math.floorDiv(lastEpoch, stepSize));
        return lr;
    }
}
