package dev.nabla.train;

import java.util.Locale;

/** Whether a monitored value improves by going down or up. */
public enum Mode {
    MIN,
    MAX,
    /**
     * MAX for names that contain {@code acc}, {@code auc}, {@code f1}, {@code precision},
     * {@code recall} or {@code r2}; MIN otherwise (losses, errors).
     */
    AUTO;

    /** This mode for the given monitored name, with AUTO resolved. */
    public Mode resolve(String monitor) {
        if (this != AUTO) return this;
        String m = monitor.toLowerCase(Locale.ROOT);
        for (String up : new String[] {"acc", "auc", "f1", "precision", "recall", "r2"}) if (m.contains(up)) return MAX;
        return MIN;
    }

    /** Whether {@code value} improves on {@code best} by more than {@code minDelta} (NaN never improves). */
    boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(value)) return false;
        if (Double.isNaN(best)) return true;
        return this == MAX ? value > best + minDelta : value < best - minDelta;
    }
}
