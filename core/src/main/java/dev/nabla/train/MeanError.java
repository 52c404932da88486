package dev.nabla.train;

import dev.nabla.tensor.Tensor;

/**
 * Mean squared ({@code mse}) or absolute ({@code mae}) error over all elements of outputs and
 * targets, which must hold the same number of elements (an output [N, 1] against targets [N] is fine).
 */
public final class MeanError implements Metric {
    private final boolean squared;
    private double sum;
    private long count;

    public MeanError(boolean squared) {
        this.squared = squared;
    }

    @Override
    public String name() {
        return squared ? "mse" : "mae";
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public void update(Tensor output, Tensor target) {
        double[][] ot = R2Score.pair(output, target, name());
        double[] o = ot[0];
        double[] t = ot[1];
        double s = 0;
        for (int i = 0; i < o.length; i++) {
            double d = o[i] - t[i];
            s += squared ? d * d : Math.abs(d);
        }
        sum += s;
        count += o.length;
    }

    @Override
    public double compute() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
