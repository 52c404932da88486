package dev.nabla.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}; every method does nothing by default. Callbacks run in the order
 * they were given to the trainer, on the training thread. A callback that needs the model, the
 * optimizer, the history or the stop switch keeps the {@link TrainContext} passed to
 * {@link #onTrainBegin}; a callback instance serves one fit at a time and starts afresh in
 * onTrainBegin.
 *
 * <p>Epochs and steps count from 1. {@code logs} maps are read-only:
 * <ul>
 * <li>batch logs: {@code epoch}, {@code step} (within the epoch), {@code global_step}, {@code loss}
 * (this batch's), {@code size} (samples), {@code lr}, and {@code grad_norm} when clipping;</li>
 * <li>epoch logs (also the {@link History} entry): {@code epoch}, {@code train_loss},
 * {@code train_<metric>}, {@code val_loss} and {@code val_<metric>} when there is validation data,
 * {@code lr}, {@code seconds}, {@code samples_per_sec}.</li>
 * </ul>
 */
public interface Callback {
    /** Before the first epoch. */
    default void onTrainBegin(TrainContext context) {}

    /**
     * After the last epoch, after a stop request, and also before a {@link NonFiniteLossException}
     * leaves {@code fit} (so loggers finish and best weights are restored).
     */
    default void onTrainEnd(TrainContext context) {}

    default void onEpochBegin(int epoch) {}

    /** After the epoch's training and validation; its entry is already in the history. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /** After the optimizer step of a batch. */
    default void onBatchEnd(int step, Map<String, Double> logs) {}
}
