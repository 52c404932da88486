package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learning-rate schedule over an optimizer's parameter groups, as torch.optim.lr_scheduler: call
 * {@link #step()} after {@code optimizer.step()}, once per epoch (or per batch for CyclicLR and
 * OneCycleLR). Construction performs the initial step (epoch 0), which sets each group's lr to the
 * schedule's first value. Every group's {@code initialLr} is set to its current lr by the first
 * schedule attached to it, and {@link #baseLrs()} are those initial lrs.
 *
 * <p>Subclasses give the chainable form ({@link #computeLr()}, which may read the groups' current lr,
 * so schedules compose as in PyTorch) and where PyTorch has one the closed form ({@link #closedFormLr()},
 * used when {@link SequentialLR} restarts a schedule). Subclass constructors end with {@link #initialStep()}.
 */
public abstract class LrScheduler {
    protected final Optimizer optimizer;
    protected double[] baseLrs;
    protected int lastEpoch = -1;
    protected int stepCount;
    private double[] lastLr;

    protected LrScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<Optimizer.Group> groups = optimizer.groups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            Optimizer.Group g = groups.get(i);
            if (Double.isNaN(g.initialLr())) g.setInitialLr(g.lr());
            baseLrs[i] = g.initialLr();
        }
    }

    /** Performs the first step (to epoch 0); the last statement of every subclass constructor. */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /** Advances one epoch and sets each group's learning rate. */
    public void step() {
        stepCount++;
        lastEpoch++;
        apply(computeLr());
    }

    /** Jumps to {@code epoch}, using the closed form where there is one (PyTorch's deprecated step(epoch)). */
    void stepTo(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        double[] closed = closedFormLr();
        apply(closed != null ? closed : computeLr());
    }

    /** The learning rate of each group at {@link #lastEpoch} (just advanced), from the groups' current values. */
    protected abstract double[] computeLr();

    /** The learning rates at {@link #lastEpoch} from the base lrs alone, or null if there is no closed form. */
    protected double[] closedFormLr() {
        return null;
    }

    protected final void apply(double[] lrs) {
        List<Optimizer.Group> groups = optimizer.groups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = currentLrs();
    }

    /** The groups' current learning rates. */
    protected final double[] currentLrs() {
        List<Optimizer.Group> groups = optimizer.groups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
        return out;
    }

    /** The learning rates this schedule last set, one per group. */
    public double[] lastLr() {
        return lastLr.clone();
    }

    /** The epoch (or batch) index of the last step: 0 after construction. */
    public int lastEpoch() {
        return lastEpoch;
    }

    public double[] baseLrs() {
        return baseLrs.clone();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The schedule's counters (and any other mutable values) for checkpoints. */
    public Map<String, Double> stateDict() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("last_epoch", (double) lastEpoch);
        out.put("step_count", (double) stepCount);
        for (int i = 0; i < baseLrs.length; i++) out.put("base_lrs." + i, baseLrs[i]);
        for (int i = 0; i < lastLr.length; i++) out.put("last_lr." + i, lastLr[i]);
        return out;
    }

    /** Restores {@link #stateDict()} (the optimizer's own lrs are restored with its state dict). */
    public void loadStateDict(Map<String, Double> state) {
        Map<String, Double> s = new LinkedHashMap<>(state);
        int epoch = (int) (double) require(s, "last_epoch");
        int count = (int) (double) require(s, "step_count");
        double[] base = new double[baseLrs.length];
        double[] last = new double[baseLrs.length];
        for (int i = 0; i < base.length; i++) {
            base[i] = require(s, "base_lrs." + i);
            last[i] = require(s, "last_lr." + i);
        }
        Runnable commitExtra = loadExtra(s);
        if (!s.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: unknown keys " + s.keySet());
        commitExtra.run();
        lastEpoch = epoch;
        stepCount = count;
        baseLrs = base;
        lastLr = last;
    }

    /**
     * Subclasses with more state put it in {@link #stateDict()} and here remove their keys from
     * {@code state}, validate them, and return what applies them (run only if nothing else fails).
     */
    protected Runnable loadExtra(Map<String, Double> state) {
        return () -> {};
    }

    protected final double require(Map<String, Double> s, String key) {
        Double v = s.remove(key);
        if (v == null) throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: missing '" + key + "'");
        return v;
    }

    /** One value per group: a single value repeated, or exactly one per group. */
    static double[] perGroup(Optimizer optimizer, String name, double... values) {
        int n = optimizer.groups().size();
        if (values.length == 1) {
            double[] out = new double[n];
            Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != n) throw new IllegalArgumentException("expected " + n + " values for " + name + ", got " + values.length);
        return values.clone();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[lastEpoch=" + lastEpoch + ", lr=" + Arrays.toString(lastLr) + "]";
    }
}
