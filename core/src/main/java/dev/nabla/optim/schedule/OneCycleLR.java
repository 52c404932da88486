package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.List;

/**
 * The one-cycle policy (Smith and Topin), as torch.optim.lr_scheduler.OneCycleLR: over
 * {@code totalSteps} batches the lr rises from maxLr/divFactor to maxLr during the first
 * {@code pctStart} of training, then anneals to maxLr/(divFactor*finalDivFactor); momentum (SGD's
 * momentum or Adam's beta1) moves inversely between maxMomentum and baseMomentum. With
 * {@code threePhase}, the lr first returns to its start symmetrically and then anneals to the minimum.
 * Step it after every batch; stepping past totalSteps is an error.
 */
public final class OneCycleLR extends LrScheduler {
    public enum Anneal { COS, LINEAR }

    /** Settings besides maxLr and totalSteps; {@link #DEFAULT} holds PyTorch's. */
    public record Options(double pctStart, Anneal anneal, boolean cycleMomentum, double baseMomentum, double maxMomentum,
                          double divFactor, double finalDivFactor, boolean threePhase) {
        public static final Options DEFAULT = new Options(0.3, Anneal.COS, true, 0.85, 0.95, 25., 1e4, false);

        public Options {
            if (!(pctStart >= 0 && pctStart <= 1)) throw new IllegalArgumentException("OneCycleLR: pctStart must be in [0, 1], got " + pctStart);
            if (anneal == null) throw new IllegalArgumentException("OneCycleLR: anneal must not be null");
            if (!(divFactor > 0) || !(finalDivFactor > 0)) throw new IllegalArgumentException("OneCycleLR: divFactor and finalDivFactor must be > 0");
        }

        public Options withPctStart(double pctStart) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withAnneal(Anneal anneal) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withCycleMomentum(boolean cycleMomentum) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withMomentum(double baseMomentum, double maxMomentum) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withDivFactors(double divFactor, double finalDivFactor) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }

        public Options withThreePhase(boolean threePhase) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase);
        }
    }

    /** One phase: up to endStep, from one of the anchors to another (0 initial, 1 max, 2 min; momentum 0 max, 1 base). */
    private record Phase(double endStep, int startLr, int endLr, int startMomentum, int endMomentum) {}

    private final int totalSteps;
    private final Options options;
    private final Phase[] phases;
    private final double[][] lrAnchors; // per group: initial, max, min
    private final double[][] momentumAnchors; // per group: max, base

    public OneCycleLR(Optimizer optimizer, double[] maxLr, int totalSteps, Options options) {
        super(prepare(optimizer, maxLr, totalSteps, options));
        this.totalSteps = totalSteps;
        this.options = options;
        double pct = options.pctStart();
        this.phases = options.threePhase()
                ? new Phase[] {
                    new Phase(pct * totalSteps - 1, 0, 1, 0, 1),
                    new Phase(2 * pct * totalSteps - 2, 1, 0, 1, 0),
                    new Phase(totalSteps - 1, 0, 2, 0, 0)}
                : new Phase[] {
                    new Phase(pct * totalSteps - 1, 0, 1, 0, 1),
                    new Phase(totalSteps - 1, 1, 2, 1, 0)};
        double[] max = perGroup(optimizer, "maxLr", maxLr);
        List<Optimizer.Group> groups = optimizer.groups();
        lrAnchors = new double[groups.size()][];
        for (int i = 0; i < groups.size(); i++) {
            double initial = groups.get(i).initialLr();
            lrAnchors[i] = new double[] {initial, max[i], initial / options.finalDivFactor()};
        }
        if (options.cycleMomentum()) {
            double[] mMax = perGroup(optimizer, "maxMomentum", options.maxMomentum());
            double[] mBase = perGroup(optimizer, "baseMomentum", options.baseMomentum());
            momentumAnchors = new double[groups.size()][];
            for (int i = 0; i < groups.size(); i++) momentumAnchors[i] = new double[] {mMax[i], mBase[i]};
        } else {
            momentumAnchors = null;
        }
        initialStep();
    }

    /** One maxLr for all groups and PyTorch's other defaults. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, new double[] {maxLr}, totalSteps, Options.DEFAULT);
    }

    /** Sets each group's initial lr (maxLr/divFactor) and momentum (maxMomentum) before the base class reads them. */
    private static Optimizer prepare(Optimizer optimizer, double[] maxLr, int totalSteps, Options options) {
        if (totalSteps < 1) throw new IllegalArgumentException("OneCycleLR: totalSteps must be >= 1, got " + totalSteps);
        double[] max = perGroup(optimizer, "maxLr", maxLr);
        List<Optimizer.Group> groups = optimizer.groups();
        if (options.cycleMomentum()) {
            for (Optimizer.Group g : groups) {
                if (!g.hasMomentum()) throw new IllegalArgumentException("OneCycleLR: " + optimizer.getClass().getSimpleName() + " has no momentum to cycle; set cycleMomentum false");
            }
        }
        double[] mMax = perGroup(optimizer, "maxMomentum", options.maxMomentum());
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setInitialLr(max[i] / options.divFactor());
            if (options.cycleMomentum()) groups.get(i).setMomentum(mMax[i]);
        }
        return optimizer;
    }

    private double anneal(double start, double end, double pct) {
        if (options.anneal() == Anneal.COS) {
            double cosOut = StrictMath.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
        return (end - start) * pct + start;
    }

    @Override
    protected double[] computeLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new IllegalStateException("OneCycleLR: tried to step " + (stepNum + 1) + " times; totalSteps is " + totalSteps);
        }
        List<Optimizer.Group> groups = optimizer.groups();
        double[] lr = new double[groups.size()];
        for (int i = 0; i < lr.length; i++) {
            double startStep = 0;
            for (int k = 0; k < phases.length; k++) {
                Phase ph = phases[k];
                if (stepNum <= ph.endStep() || k == phases.length - 1) {
                    double pct = (stepNum - startStep) / (ph.endStep() - startStep);
                    lr[i] = anneal(lrAnchors[i][ph.startLr()], lrAnchors[i][ph.endLr()], pct);
                    if (momentumAnchors != null) {
                        groups.get(i).setMomentum(anneal(momentumAnchors[i][ph.startMomentum()], momentumAnchors[i][ph.endMomentum()], pct));
                    }
                    break;
                }
                startStep = ph.endStep();
            }
        }
        return lr;
    }
}
