package dev.nabla.train;

import dev.nabla.tensor.Tensor;

/**
 * Share of samples whose target class is among the {@code k} highest of its scores [N, C]. A sample
 * counts when fewer than k classes score strictly higher than the target (ties are in its favour);
 * with k &gt;= C every sample counts.
 */
public final class TopKAccuracy implements Metric {
    private final int k;
    private long correct;
    private long total;

    public TopKAccuracy(int k) {
        if (k < 1) throw new IllegalArgumentException("topKAccuracy: k must be >= 1, got " + k);
        this.k = k;
    }

    @Override
    public String name() {
        return "top" + k + "_accuracy";
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void update(Tensor output, Tensor target) {
        String who = name();
        Outputs.checkRows(output, target, who);
        if (output.rank() != 2) throw new IllegalArgumentException(who + ": expects scores [N, C], got " + output.shape());
        int n = output.dim(0);
        int c = output.dim(1);
        double[] s = output.toDoubleArray();
        int[] t = Outputs.targetLabels(target, who);
        for (int i = 0; i < n; i++) {
            if (t[i] >= c) throw new IllegalArgumentException(who + ": target class " + t[i] + " at sample " + i + " but only " + c + " scores");
            double ts = s[i * c + t[i]];
            int higher = 0;
            for (int j = 0; j < c; j++) if (s[i * c + j] > ts) higher++;
            if (higher < k && !Double.isNaN(ts)) correct++;
        }
        total += n;
    }

    @Override
    public double compute() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
