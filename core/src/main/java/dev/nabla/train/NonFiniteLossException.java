package dev.nabla.train;

import java.util.Locale;

/**
 * Thrown by {@link Trainer#fit} when a training batch's loss (or, with gradient clipping, the
 * gradient norm) is NaN or infinite. That step's gradient was not applied: the weights are those
 * after the previous step (unless a callback such as {@link EarlyStopping} restored others in
 * onTrainEnd, which runs before this is thrown). {@link #history()} holds the completed epochs and
 * the stop reason.
 */
public final class NonFiniteLossException extends ArithmeticException {
    private final int epoch;
    private final int step;
    private final long globalStep;
    private final String quantity;
    private final double value;
    private final transient History history;

    NonFiniteLossException(int epoch, int step, long globalStep, String quantity, double value, History history) {
        super(message(epoch, step, globalStep, quantity, value));
        this.epoch = epoch;
        this.step = step;
        this.globalStep = globalStep;
        this.quantity = quantity;
        this.value = value;
        this.history = history;
    }

    static String message(int epoch, int step, long globalStep, String quantity, double value) {
        return String.format(Locale.ROOT, "training stopped: %s is %s at epoch %d, step %d (global step %d); "
                + "the weights were not updated with this step's gradient (try a smaller learning rate or gradient clipping)",
                quantity, value, epoch, step, globalStep);
    }

    /** The epoch of the bad step, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The step within the epoch, from 1. */
    public int step() {
        return step;
    }

    public long globalStep() {
        return globalStep;
    }

    /** "loss" or "gradient norm". */
    public String quantity() {
        return quantity;
    }

    /** The non-finite value (NaN or an infinity). */
    public double value() {
        return value;
    }

    /** The epochs completed before the bad step, with {@link History#stopReason()} set to this message. */
    public History history() {
        return history;
    }
}
