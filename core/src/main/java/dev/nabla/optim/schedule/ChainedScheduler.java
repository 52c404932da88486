package dev.nabla.optim.schedule;

import java.util.List;
import java.util.Map;

/**
 * Steps several schedules of one optimizer together (torch.optim.lr_scheduler.ChainedScheduler); their
 * chainable forms compose, e.g. a {@link ConstantLR} warm-up factor on top of an {@link ExponentialLR} decay.
 */
public final class ChainedScheduler extends LrScheduler {
    private final List<LrScheduler> schedulers;

    public ChainedScheduler(List<LrScheduler> schedulers) {
        super(first(schedulers).optimizer());
        for (int i = 1; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("ChainedScheduler: schedule " + i + " belongs to another optimizer");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.lastEpoch = 0;
        apply(currentLrs());
    }

    private static LrScheduler first(List<LrScheduler> schedulers) {
        if (schedulers.isEmpty()) throw new IllegalArgumentException("ChainedScheduler: no schedules");
        return schedulers.get(0);
    }

    @Override
    public void step() {
        lastEpoch++;
        for (LrScheduler s : schedulers) s.step();
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
        return SequentialLR.withChildren(super.stateDict(), schedulers);
    }

    @Override
    protected Runnable loadExtra(Map<String, Double> state) {
        return SequentialLR.loadChildren(schedulers, state);
    }
}
