package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.function.IntToDoubleFunction;

/** Sets each group's lr to its base lr times {@code factor(epoch)} (torch.optim.lr_scheduler.LambdaLR). */
public final class LambdaLR extends LrScheduler {
    private final IntToDoubleFunction[] factors;

    /** One function for all groups, or one per group. */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction... factors) {
        super(optimizer);
        int n = optimizer.groups().size();
        if (factors.length == 1) {
            this.factors = new IntToDoubleFunction[n];
            java.util.Arrays.fill(this.factors, factors[0]);
        } else if (factors.length == n) {
            this.factors = factors.clone();
        } else {
            throw new IllegalArgumentException("LambdaLR: expected 1 or " + n + " functions, got " + factors.length);
        }
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = baseLrs[i] * factors[i].applyAsDouble(lastEpoch);
        return lr;
    }
}
