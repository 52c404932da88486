package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the learning rate when a monitored metric stops improving
 * (torch.optim.lr_scheduler.ReduceLROnPlateau): after more than {@code patience} epochs without an
 * improvement, each group's lr is multiplied by {@code factor} (not below its {@code minLr}; changes
 * smaller than {@code eps} are skipped), then {@code cooldown} epochs pass before bad epochs count again.
 * An improvement is, for mode MIN, a value below best*(1 - threshold) (REL) or best - threshold (ABS);
 * for MAX, above best*(1 + threshold) or best + threshold.
 */
public final class ReduceLROnPlateau {
    public enum Mode { MIN, MAX }

    public enum ThresholdMode { REL, ABS }

    /** Settings; {@link #DEFAULT} holds PyTorch's. {@code minLr}: one value for all groups or one per group. */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                          int cooldown, double[] minLr, double eps) {
        public static final Options DEFAULT = new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, new double[] {0}, 1e-8);

        public Options {
            if (mode == null || thresholdMode == null) throw new IllegalArgumentException("ReduceLROnPlateau: mode and thresholdMode must not be null");
            if (!(factor < 1.0 && factor >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), got " + factor);
            if (patience < 0 || cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0");
            minLr = minLr.clone();
        }

        public Options withMode(Mode mode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withFactor(double factor) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withPatience(int patience) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withThreshold(double threshold, ThresholdMode thresholdMode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withCooldown(int cooldown) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withMinLr(double... minLr) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withEps(double eps) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }
    }

    private final Optimizer optimizer;
    private final Options options;
    private final double[] minLrs;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;

    public ReduceLROnPlateau(Optimizer optimizer, Options options) {
        this.optimizer = optimizer;
        this.options = options;
        this.minLrs = LrScheduler.perGroup(optimizer, "minLr", options.minLr());
        this.best = worst();
    }

    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Options.DEFAULT);
    }

    private double worst() {
        return options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Records the metric of the epoch just finished and reduces the lr if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > options.patience()) {
            reduce();
            cooldownCounter = options.cooldown();
            numBadEpochs = 0;
        }
    }

    private void reduce() {
        List<Optimizer.Group> groups = optimizer.groups();
        for (int i = 0; i < groups.size(); i++) {
            double old = groups.get(i).lr();
            double lr = Math.max(old * options.factor(), minLrs[i]);
            if (old - lr > options.eps()) groups.get(i).setLr(lr);
        }
    }

    private boolean isBetter(double a, double best) {
        double t = options.threshold();
        boolean rel = options.thresholdMode() == ThresholdMode.REL;
        if (options.mode() == Mode.MIN) return rel ? a < best * (1. - t) : a < best - t;
        return rel ? a > best * (t + 1.) : a > best + t;
    }

    public double best() {
        return best;
    }

    public int numBadEpochs() {
        return numBadEpochs;
    }

    public boolean inCooldown() {
        return cooldownCounter > 0;
    }

    public int lastEpoch() {
        return lastEpoch;
    }

    /** The groups' current learning rates. */
    public double[] lastLr() {
        return optimizer.groups().stream().mapToDouble(Optimizer.Group::lr).toArray();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Map<String, Double> stateDict() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("best", best);
        out.put("num_bad_epochs", (double) numBadEpochs);
        out.put("cooldown_counter", (double) cooldownCounter);
        out.put("last_epoch", (double) lastEpoch);
        return out;
    }

    public void loadStateDict(Map<String, Double> state) {
        for (String k : List.of("best", "num_bad_epochs", "cooldown_counter", "last_epoch")) {
            if (!state.containsKey(k)) throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: missing '" + k + "'");
        }
        if (state.size() != 4) throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: unknown keys in " + state.keySet());
        best = state.get("best");
        numBadEpochs = (int) (double) state.get("num_bad_epochs");
        cooldownCounter = (int) (double) state.get("cooldown_counter");
        lastEpoch = (int) (double) state.get("last_epoch");
    }
}
