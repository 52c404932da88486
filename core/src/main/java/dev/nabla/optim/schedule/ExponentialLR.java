package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** Multiplies each group's lr by {@code gamma} every epoch (torch.optim.lr_scheduler.ExponentialLR). */
public final class ExponentialLR extends LrScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = baseLrs[i] * StrictMath.pow(gamma, lastEpoch);
        return lr;
    }
}
