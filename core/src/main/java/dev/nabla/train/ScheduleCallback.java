package dev.nabla.train;

import dev.nabla.optim.Optimizer;
import java.util.Map;
import java.util.Objects;

/**
 * Calls a user function with the optimizer once per epoch (at its end, after validation) or once per
 * batch (after the optimizer step), to drive a learning-rate or momentum schedule, e.g.
 * <pre>{@code
 * var sched = new StepLR(optimizer, 10, 0.1);
 * ScheduleCallback.perEpoch((opt, epoch, logs) -> sched.step());
 * ScheduleCallback.perEpoch((opt, epoch, logs) -> plateau.step(logs.get("val_loss")));
 * ScheduleCallback.perBatch((opt, step, logs) -> opt.setLr(1e-3 * Math.min(1, step / 500.0)));
 * }</pre>
 * The {@code lr} logged for an epoch is the one in force at its end, before the per-epoch call.
 */
public final class ScheduleCallback implements Callback {
    /** Something stepped with the optimizer: index is the epoch (per epoch) or the global step (per batch), from 1. */
    @FunctionalInterface
    public interface Step {
        void step(Optimizer optimizer, long index, Map<String, Double> logs);
    }

    private final Step step;
    private final boolean perBatch;
    private TrainContext context;

    private ScheduleCallback(Step step, boolean perBatch) {
        this.step = Objects.requireNonNull(step, "step");
        this.perBatch = perBatch;
    }

    /** Calls step after every epoch with the epoch number and the epoch logs (val_loss and so on). */
    public static ScheduleCallback perEpoch(Step step) {
        return new ScheduleCallback(step, false);
    }

    /** Calls step after every optimizer step with the global step number and the batch logs. */
    public static ScheduleCallback perBatch(Step step) {
        return new ScheduleCallback(step, true);
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (!perBatch) step.step(context.optimizer(), epoch, logs);
    }

    @Override
    public void onBatchEnd(int stepInEpoch, Map<String, Double> logs) {
        if (perBatch) step.step(context.optimizer(), context.globalStep(), logs);
    }
}
