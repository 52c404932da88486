package dev.nabla.train;

import dev.nabla.tensor.Tensor;

/**
 * The coefficient of determination, 1 - SS_res / SS_tot, per output column, then averaged
 * uniformly over columns (scikit-learn's r2_score with multioutput="uniform_average"). A column whose
 * targets are constant scores 1 if predicted exactly, else 0 (force_finite=True). The target mean
 * and SS_tot are streamed with Welford's update, so large offsets do not cancel.
 */
public final class R2Score implements Metric {
    private int columns = -1;
    private long n;
    private double[] mean;
    private double[] m2;
    private double[] ssRes;

    @Override
    public String name() {
        return "r2";
    }

    @Override
    public void reset() {
        columns = -1;
        n = 0;
    }

    @Override
    public void update(Tensor output, Tensor target) {
        double[][] ot = pair(output, target, "r2");
        int rows = Outputs.rows(output);
        if (rows == 0) return;
        int d = ot[0].length / rows;
        if (columns < 0) {
            columns = d;
            mean = new double[d];
            m2 = new double[d];
            ssRes = new double[d];
        } else if (d != columns) {
            throw new IllegalArgumentException("r2: a batch of " + d + " outputs per sample after batches of " + columns);
        }
        double[] o = ot[0];
        double[] t = ot[1];
        for (int i = 0; i < rows; i++) {
            n++;
            for (int j = 0; j < d; j++) {
                double y = t[i * d + j];
                double e = y - o[i * d + j];
                ssRes[j] += e * e;
                double delta = y - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (y - mean[j]);
            }
        }
    }

    @Override
    public double compute() {
        if (n == 0) return Double.NaN;
        double s = 0;
        for (int j = 0; j < columns; j++) {
            if (m2[j] == 0) s += ssRes[j] == 0 ? 1 : 0;
            else s += 1 - ssRes[j] / m2[j];
        }
        return s / columns;
    }

    /** Outputs and targets as flat arrays, checked to hold the same samples and elements. */
    static double[][] pair(Tensor output, Tensor target, String who) {
        Outputs.checkRows(output, target, who);
        if (output.numel() != target.numel()) {
            throw new IllegalArgumentException(who + ": outputs " + output.shape() + " and targets " + target.shape()
                    + " hold different numbers of elements");
        }
        return new double[][] {output.toDoubleArray(), target.toDoubleArray()};
    }
}
