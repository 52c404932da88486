package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Sliding windows over a time series for forecasting. A window starting at time s has the inputs
 * at times s .. s+L-1 and the targets at s+L-1+h .. s+L-1+h+steps-1 ({@code horizon} h = 1 is the
 * next step); windows start every {@code stride} steps from 0. For a series [T] the inputs are
 * [N, L] and the targets [N] (one step) or [N, steps]; for [T, F] the inputs are [N, L, F] and the
 * targets [N, F'] or [N, steps, F'] over the {@code targetColumns} (all columns when null).
 */
public record Windows(int inputLength, int horizon, int steps, int stride, int[] targetColumns) {
    public Windows {
        if (inputLength < 1 || horizon < 1 || steps < 1 || stride < 1) {
            throw new IllegalArgumentException("Windows: inputLength " + inputLength + ", horizon " + horizon + ", steps " + steps
                    + " and stride " + stride + " must all be >= 1");
        }
        targetColumns = targetColumns == null ? null : targetColumns.clone();
    }

    /** Inputs of length L, the next step as target, a window at every step. */
    public static Windows of(int inputLength) {
        return new Windows(inputLength, 1, 1, 1, null);
    }

    public Windows horizon(int h) {
        return new Windows(inputLength, h, steps, stride, targetColumns);
    }

    public Windows steps(int n) {
        return new Windows(inputLength, horizon, n, stride, targetColumns);
    }

    public Windows stride(int s) {
        return new Windows(inputLength, horizon, steps, s, targetColumns);
    }

    public Windows targets(int... columns) {
        return new Windows(inputLength, horizon, steps, stride, columns);
    }

    /** Time steps one window covers, inputs to last target: L + h - 1 + steps. */
    public int span() {
        return inputLength + horizon - 1 + steps;
    }

    /** Number of windows in a series of the given length. */
    public int count(int length) {
        return length < span() ? 0 : (length - span()) / stride + 1;
    }

    /** Time of the first target of window i. */
    public int firstTargetTime(int i) {
        return i * stride + inputLength - 1 + horizon;
    }

    /** The windows of a series [T] or [T, F] as inputs and targets of the series' dtype. */
    public TensorDataset apply(Tensor series) {
        if (series.rank() != 1 && series.rank() != 2) {
            throw new IllegalArgumentException("Windows: series must be [T] or [T, features], got " + series.shape());
        }
        int t = series.dim(0);
        int n = count(t);
        if (n == 0) {
            throw new IllegalArgumentException("Windows: series " + series.shape() + " is shorter than one window (input " + inputLength
                    + " + horizon " + horizon + " - 1 + steps " + steps + " = " + span() + " steps)");
        }
        boolean multi = series.rank() == 2;
        int f = multi ? series.dim(1) : 1;
        int[] cols = targetColumns;
        if (cols == null) {
            cols = new int[f];
            for (int c = 0; c < f; c++) cols[c] = c;
        } else {
            for (int c : cols) {
                if (c < 0 || c >= f || !multi) {
                    throw new IllegalArgumentException("Windows: target column " + c + " out of range for series " + series.shape()
                            + (multi ? "" : " (a 1-d series has no columns to choose)"));
                }
            }
        }
        double[] v = series.toDoubleArray();
        int fo = cols.length;
        double[] x = new double[n * inputLength * f];
        double[] y = new double[n * steps * fo];
        for (int i = 0; i < n; i++) {
            int s = i * stride;
            System.arraycopy(v, s * f, x, i * inputLength * f, inputLength * f);
            int t0 = firstTargetTime(i);
            for (int k = 0; k < steps; k++) {
                for (int c = 0; c < fo; c++) y[(i * steps + k) * fo + c] = v[(t0 + k) * f + cols[c]];
            }
        }
        int[] xs = multi ? new int[] {n, inputLength, f} : new int[] {n, inputLength};
        int[] ys;
        if (multi) ys = steps == 1 ? new int[] {n, fo} : new int[] {n, steps, fo};
        else ys = steps == 1 ? new int[] {n} : new int[] {n, steps};
        return new TensorDataset(Tensor.fromArray(x, series.dtype(), xs), Tensor.fromArray(y, series.dtype(), ys));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Windows w && w.inputLength == inputLength && w.horizon == horizon && w.steps == steps
                && w.stride == stride && Arrays.equals(w.targetColumns, targetColumns);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(inputLength, horizon, steps, stride) + Arrays.hashCode(targetColumns);
    }

    @Override
    public String toString() {
        return "Windows(input=" + inputLength + ", horizon=" + horizon + ", steps=" + steps + ", stride=" + stride
                + (targetColumns == null ? "" : ", targets=" + Arrays.toString(targetColumns)) + ")";
    }
}
