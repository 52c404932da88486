package dev.nabla.train;

import dev.nabla.tensor.Tensor;

/** Share of samples whose predicted class equals the target class; see {@link Metric} for the accepted shapes. */
public final class Accuracy implements Metric {
    private long correct;
    private long total;

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void update(Tensor output, Tensor target) {
        Outputs.checkRows(output, target, "accuracy");
        int[] p = Outputs.predictedLabels(output, "accuracy");
        int[] t = Outputs.targetLabels(target, "accuracy");
        for (int i = 0; i < p.length; i++) if (p[i] == t[i]) correct++;
        total += p.length;
    }

    @Override
    public double compute() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
