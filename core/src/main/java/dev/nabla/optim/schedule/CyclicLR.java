package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Cyclical learning rates (Smith, 2017), as torch.optim.lr_scheduler.CyclicLR: each group's lr moves
 * linearly from {@code baseLr} up to {@code maxLr} over {@code stepSizeUp} steps and back down over
 * {@code stepSizeDown}; the amplitude is scaled per cycle (triangular: 1, triangular2: halved each
 * cycle) or per iteration (exp_range: gamma^iteration). Step it after every batch. With
 * {@code cycleMomentum}, the groups' momentum (SGD's momentum, Adam's beta1, as in PyTorch 2.x) moves
 * inversely between {@code maxMomentum} and {@code baseMomentum}.
 */
public final class CyclicLR extends LrScheduler {
    public enum Mode { TRIANGULAR, TRIANGULAR2, EXP_RANGE }

    public enum ScaleMode { CYCLE, ITERATIONS }

    /**
     * Settings besides the lr bounds. {@code stepSizeDown} NaN means equal to {@code stepSizeUp};
     * a non-null {@code scaleFn} replaces {@code mode} and is evaluated per {@code scaleMode}.
     */
    public record Options(double stepSizeUp, double stepSizeDown, Mode mode, double gamma, DoubleUnaryOperator scaleFn,
                          ScaleMode scaleMode, boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        /** PyTorch's defaults. */
        public static final Options DEFAULT = new Options(2000, Double.NaN, Mode.TRIANGULAR, 1.0, null, ScaleMode.CYCLE, true, 0.8, 0.9);

        public Options {
            if (!(stepSizeUp > 0)) throw new IllegalArgumentException("CyclicLR: stepSizeUp must be > 0, got " + stepSizeUp);
            if (!Double.isNaN(stepSizeDown) && !(stepSizeDown > 0)) throw new IllegalArgumentException("CyclicLR: stepSizeDown must be > 0, got " + stepSizeDown);
            if (mode == null || scaleMode == null) throw new IllegalArgumentException("CyclicLR: mode and scaleMode must not be null");
        }

        public Options withStepSizes(double up, double down) {
            return new Options(up, down, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum);
        }

        public Options withMode(Mode mode) {
            return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum);
        }

        public Options withGamma(double gamma) {
            return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum);
        }

        public Options withScaleFn(DoubleUnaryOperator scaleFn, ScaleMode scaleMode) {
            return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum);
        }

        public Options withCycleMomentum(boolean cycleMomentum) {
            return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum);
        }

        public Options withMomentum(double baseMomentum, double maxMomentum) {
            return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum);
        }
    }

    private final double[] maxLrs;
    private final double totalSize;
    private final double stepRatio;
    private final Options options;
    private final ScaleMode scaleMode;
    private final double[] baseMomenta;
    private final double[] maxMomenta;

    public CyclicLR(Optimizer optimizer, double[] baseLr, double[] maxLr, Options options) {
        super(setLrs(optimizer, perGroup(optimizer, "baseLr", baseLr)));
        double[] base = perGroup(optimizer, "baseLr", baseLr);
        this.maxLrs = perGroup(optimizer, "maxLr", maxLr);
        this.options = options;
        double up = options.stepSizeUp();
        double down = Double.isNaN(options.stepSizeDown()) ? up : options.stepSizeDown();
        this.totalSize = up + down;
        this.stepRatio = up / totalSize;
        this.scaleMode = options.scaleFn() != null ? options.scaleMode()
                : options.mode() == Mode.EXP_RANGE ? ScaleMode.ITERATIONS : ScaleMode.CYCLE;
        if (options.cycleMomentum()) {
            List<Optimizer.Group> groups = optimizer.groups();
            for (Optimizer.Group g : groups) {
                if (!g.hasMomentum()) throw new IllegalArgumentException("CyclicLR: " + optimizer.getClass().getSimpleName() + " has no momentum to cycle; set cycleMomentum false");
            }
            this.baseMomenta = perGroup(optimizer, "baseMomentum", options.baseMomentum());
            this.maxMomenta = perGroup(optimizer, "maxMomentum", options.maxMomentum());
            for (int i = 0; i < groups.size(); i++) groups.get(i).setMomentum(maxMomenta[i]);
        } else {
            this.baseMomenta = null;
            this.maxMomenta = null;
        }
        initialStep();
        this.baseLrs = base;
    }

    /** One lr range for all groups, with the other settings at PyTorch's defaults but for the step size. */
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, int stepSizeUp) {
        this(optimizer, new double[] {baseLr}, new double[] {maxLr}, Options.DEFAULT.withStepSizes(stepSizeUp, Double.NaN));
    }

    private static Optimizer setLrs(Optimizer optimizer, double[] lrs) {
        for (int i = 0; i < lrs.length; i++) optimizer.groups().get(i).setLr(lrs[i]);
        return optimizer;
    }

    private double scale(double x) {
        if (options.scaleFn() != null) return options.scaleFn().applyAsDouble(x);
        return switch (options.mode()) {
            case TRIANGULAR -> 1.;
            case TRIANGULAR2 -> 1 / StrictMath.pow(2., x - 1);
            case EXP_RANGE -> StrictMath.pow(options.gamma(), x);
        };
    }

    @Override
    protected double[] computeLr() {
        double cycle = Math.floor(1 + lastEpoch / totalSize);
        double x = 1. + lastEpoch / totalSize - cycle;
        double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double s = scale(scaleMode == ScaleMode.CYCLE ? cycle : lastEpoch);
        double[] lr = new double[baseLrs.length];
        for (int i = 0; i < lr.length; i++) {
            double baseHeight = (maxLrs[i] - baseLrs[i]) * scaleFactor;
            lr[i] = baseLrs[i] + baseHeight * s;
        }
        if (options.cycleMomentum()) {
            List<Optimizer.Group> groups = optimizer.groups();
            for (int i = 0; i < lr.length; i++) {
                double baseHeight = (maxMomenta[i] - baseMomenta[i]) * scaleFactor;
                groups.get(i).setMomentum(maxMomenta[i] - baseHeight * s);
            }
        }
        return lr;
    }
}
