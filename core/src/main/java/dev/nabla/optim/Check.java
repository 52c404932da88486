package dev.nabla.optim;

/** Validation helpers for optimizer configs; messages name the config and the value. */
final class Check {
    private Check() {}

    static void nonNegative(String where, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(where + ": " + name + " must be a finite number >= 0, got " + v);
        }
    }

    static void positive(String where, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(where + ": " + name + " must be a finite number > 0, got " + v);
        }
    }

    /** 0 <= v < 1. */
    static void unitInterval(String where, String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(where + ": " + name + " must be in [0, 1), got " + v);
        }
    }

    /** 0 <= v <= 1. */
    static void closedUnit(String where, String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(where + ": " + name + " must be in [0, 1], got " + v);
        }
    }
}
