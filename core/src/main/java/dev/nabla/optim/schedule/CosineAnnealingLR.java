package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Cosine annealing from each group's base lr to {@code etaMin} over {@code tMax} epochs, and back up
 * over the next tMax (torch.optim.lr_scheduler.CosineAnnealingLR; the SGDR curve without restarts):
 * lr_t = etaMin + (base - etaMin)(1 + cos(pi t/tMax))/2. Computed in PyTorch's recursive form, so
 * changes made to the lr from outside carry through.
 */
public final class CosineAnnealingLR extends LrScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be >= 1, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0) return lr;
        if (stepCount == 1 && lastEpoch > 0) {
            for (int i = 0; i < lr.length; i++) lr[i] = etaMin + (baseLrs[i] - etaMin) * (1 + StrictMath.cos(lastEpoch * Math.PI / tMax)) / 2;
        } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
            for (int i = 0; i < lr.length; i++) lr[i] = lr[i] + (baseLrs[i] - etaMin) * (1 - StrictMath.cos(Math.PI / tMax)) / 2;
        } else {
            double ratio = (1 + StrictMath.cos(Math.PI * lastEpoch / tMax)) / (1 + StrictMath.cos(Math.PI * (lastEpoch - 1) / tMax));
            for (int i = 0; i < lr.length; i++) lr[i] = ratio * (lr[i] - etaMin) + etaMin;
        }
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = etaMin + (baseLrs[i] - etaMin) * (1 + StrictMath.cos(Math.PI * lastEpoch / tMax)) / 2;
        return lr;
    }
}
