package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.Arrays;

/**
 * Multiplies each group's lr by {@code gamma} when the epoch reaches a milestone
 * (torch.optim.lr_scheduler.MultiStepLR); a milestone listed k times multiplies by gamma^k.
 */
public final class MultiStepLR extends LrScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    /** gamma = 0.1. */
    public MultiStepLR(Optimizer optimizer, int... milestones) {
        this(optimizer, milestones, 0.1);
    }

    @Override
    protected double[] computeLr() {
        double[] lr = currentLrs();
        int count = 0;
        for (int m : milestones) if (m == lastEpoch) count++;
        if (count == 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= StrictMath.pow(gamma, count);
        return lr;
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) if (m <= lastEpoch) passed++;
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = baseLrs[i] * StrictMath.pow(gamma, passed);
        return lr;
    }
}
