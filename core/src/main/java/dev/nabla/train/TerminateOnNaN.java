package dev.nabla.train;

import java.util.List;
import java.util.Map;

/**
 * Asks training to stop when an epoch log value is NaN or infinite (for instance {@code val_loss}, or
 * a metric), with a reason naming the key and the epoch. The training loss itself needs no callback:
 * {@link Trainer} checks it at every step and throws {@link NonFiniteLossException} before the bad
 * gradient is applied. Given keys, only those are watched; otherwise every value is.
 */
public final class TerminateOnNaN implements Callback {
    private final List<String> keys;
    private TrainContext context;

    public TerminateOnNaN(String... keys) {
        this.keys = List.of(keys);
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (var e : logs.entrySet()) {
            if ((keys.isEmpty() || keys.contains(e.getKey())) && !Double.isFinite(e.getValue())) {
                context.requestStop("training stopped: " + e.getKey() + " is " + e.getValue() + " at epoch " + epoch);
                return;
            }
        }
    }
}
