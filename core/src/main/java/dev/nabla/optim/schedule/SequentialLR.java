package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.List;
import java.util.Map;

/**
 * Runs schedules one after another (torch.optim.lr_scheduler.SequentialLR): schedule i drives the lr
 * from milestone i-1 (restarted there at its epoch 0, from the base lrs) until milestone i. Typical
 * use: a {@link LinearLR} warm-up, then {@link CosineAnnealingLR}. Build the schedules on the same
 * optimizer first, then this; it resets the lr and replays the first schedule's initial step.
 */
public final class SequentialLR extends LrScheduler {
    private final List<LrScheduler> schedulers;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LrScheduler> schedulers, int... milestones) {
        super(optimizer);
        if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR: no schedules");
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialLR: schedule " + i + " belongs to another optimizer");
            }
        }
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: " + schedulers.size() + " schedules need " + (schedulers.size() - 1)
                    + " milestones, got " + milestones.length);
        }
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] < milestones[i - 1]) throw new IllegalArgumentException("SequentialLR: milestones must be increasing");
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        this.lastEpoch = 0;
        for (Optimizer.Group g : optimizer.groups()) g.setLr(g.initialLr());
        for (LrScheduler s : schedulers) s.lastEpoch -= 1;
        schedulers.get(0).initialStep();
        apply(currentLrs());
    }

    @Override
    public void step() {
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) idx++;
        LrScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) s.stepTo(0);
        else s.step();
        apply(currentLrs());
    }

    @Override
    protected double[] computeLr() {
        return currentLrs();
    }

    public List<LrScheduler> schedulers() {
        return schedulers;
    }

    @Override
    public Map<String, Double> stateDict() {
        return withChildren(super.stateDict(), schedulers);
    }

    @Override
    protected Runnable loadExtra(Map<String, Double> state) {
        return loadChildren(schedulers, state);
    }

    /** Adds each child's state to out under {@code schedulers.<i>.}; returns out. */
    static Map<String, Double> withChildren(Map<String, Double> out, List<LrScheduler> schedulers) {
        for (int i = 0; i < schedulers.size(); i++) {
            String prefix = "schedulers." + i + ".";
            schedulers.get(i).stateDict().forEach((k, v) -> out.put(prefix + k, v));
        }
        return out;
    }

    /** Takes the {@code schedulers.<i>.} keys out of state, checks them by loading, and returns the commit. */
    static Runnable loadChildren(List<LrScheduler> schedulers, Map<String, Double> state) {
        List<Map<String, Double>> parts = new java.util.ArrayList<>();
        for (int i = 0; i < schedulers.size(); i++) parts.add(new java.util.LinkedHashMap<>());
        var it = state.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getKey().startsWith("schedulers.")) continue;
            String rest = e.getKey().substring("schedulers.".length());
            int dot = rest.indexOf('.');
            int i;
            try {
                i = Integer.parseInt(rest.substring(0, Math.max(dot, 0)));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("loadStateDict: bad key '" + e.getKey() + "'");
            }
            if (i < 0 || i >= schedulers.size()) throw new IllegalArgumentException("loadStateDict: '" + e.getKey() + "' names no schedule");
            parts.get(i).put(rest.substring(dot + 1), e.getValue());
            it.remove();
        }
        // snapshot, try every child, and roll all back on failure
        List<Map<String, Double>> before = new java.util.ArrayList<>();
        for (LrScheduler s : schedulers) before.add(s.stateDict());
        try {
            for (int i = 0; i < schedulers.size(); i++) schedulers.get(i).loadStateDict(parts.get(i));
        } catch (RuntimeException ex) {
            for (int i = 0; i < schedulers.size(); i++) schedulers.get(i).loadStateDict(before.get(i));
            throw ex;
        }
        return () -> {};
    }
}
