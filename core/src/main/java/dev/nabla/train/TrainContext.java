package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;

/** What a running {@link Trainer#fit} shows its callbacks. */
public interface TrainContext {
    Module model();

    Optimizer optimizer();

    /** The epochs completed so far. */
    History history();

    /** The number of epochs fit was asked for. */
    int epochs();

    /** The current epoch, counted from 1 (0 before the first begins). */
    int epoch();

    /** Optimizer steps taken so far in this fit. */
    long globalStep();

    /**
     * Ends training after the current batch (its epoch is finished with validation and logged) or,
     * when called at an epoch's end, before the next epoch. The first reason given is recorded as
     * {@link History#stopReason()}.
     */
    void requestStop(String reason);

    boolean stopRequested();
}
