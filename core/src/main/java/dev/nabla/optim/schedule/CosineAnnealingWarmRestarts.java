package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.Map;

/**
 * SGDR (Loshchilov and Hutter): cosine annealing from each group's base lr to {@code etaMin} over a
 * period that restarts, the i-th period lasting tI = t0 * tMult^i epochs
 * (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts): lr = etaMin + (base - etaMin)(1 + cos(pi tCur/tI))/2.
 * {@link #step(double)} also accepts fractional epochs (e.g. epoch + batch/batches).
 */
public final class CosineAnnealingWarmRestarts extends LrScheduler {
    private final int t0;
    private final int tMult;
    private final double etaMin;
    private double tI;
    private double tCur;

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: t0 must be >= 1, got " + t0);
        if (tMult < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: tMult must be >= 1, got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tI = t0;
        this.tCur = -1;
        initialStep();
    }

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
        this(optimizer, t0, 1, 0);
    }

    @Override
    public void step() {
        if (lastEpoch < 0) {
            step(0);
            return;
        }
        stepCount++;
        lastEpoch++;
        tCur = tCur + 1;
        if (tCur >= tI) {
            tCur = tCur - tI;
            tI = tI * tMult;
        }
        apply(computeLr());
    }

    /** Sets the schedule to a (possibly fractional) epoch. */
    public void step(double epoch) {
        if (!(epoch >= 0)) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: epoch must be >= 0, got " + epoch);
        stepCount++;
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
            } else {
                int n = (int) (StrictMath.log(epoch / t0 * (tMult - 1) + 1) / StrictMath.log(tMult));
                tCur = epoch - t0 * (StrictMath.pow(tMult, n) - 1) / (tMult - 1);
                tI = t0 * StrictMath.pow(tMult, n);
            }
        } else {
            tI = t0;
            tCur = epoch;
        }
        lastEpoch = (int) Math.floor(epoch);
        apply(computeLr());
    }

    @Override
    void stepTo(int epoch) {
        step((double) epoch);
    }

    @Override
    protected double[] computeLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] = etaMin + (baseLrs[i] - etaMin) * (1 + StrictMath.cos(Math.PI * tCur / tI)) / 2;
        return lr;
    }

    @Override
    public Map<String, Double> stateDict() {
        Map<String, Double> out = super.stateDict();
        out.put("T_i", tI);
        out.put("T_cur", tCur);
        return out;
    }

    @Override
    protected Runnable loadExtra(Map<String, Double> state) {
        double i = require(state, "T_i");
        double c = require(state, "T_cur");
        return () -> {
            tI = i;
            tCur = c;
        };
    }
}
