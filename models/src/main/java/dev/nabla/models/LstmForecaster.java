package dev.nabla.models;

import dev.nabla.nn.LSTM;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.RnnOptions;
import dev.nabla.nn.RnnOutput;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * An LSTM time-series forecaster: a window of inputs [B, L, F] -> {@code lstm} (batch-first) -> the last layer's
 * final hidden state -> {@code head} (Linear) -> the next {@code horizon} values of {@code targets} series,
 * [B, horizon, targets] (direct multi-step forecasting).
 */
public final class LstmForecaster extends Module {
    private final int horizon;
    private final int targets;
    private final LSTM lstm;
    private final Linear head;

    public LstmForecaster(int features, int hidden, int layers, int horizon, int targets, Rng rng) {
        if (horizon <= 0 || targets <= 0) {
            throw new IllegalArgumentException("LstmForecaster: horizon and targets must be positive, got " + horizon + ", " + targets);
        }
        this.horizon = horizon;
        this.targets = targets;
        this.lstm = child("lstm", new LSTM(features, hidden, RnnOptions.defaults().numLayers(layers).batchFirst(true), rng));
        this.head = child("head", new Linear(hidden, horizon * targets, rng));
    }

    @Override
    public Tensor forward(Tensor window) {
        RnnOutput r = lstm.run(window);
        Tensor last = r.h().select(0, r.h().dim(0) - 1);
        return head.forward(last).reshape(window.dim(0), horizon, targets);
    }
}
