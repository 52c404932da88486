package dev.nabla.data.augment;

import dev.nabla.data.Batch;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Mixup (Zhang et al. 2018): one lambda ~ Beta(alpha, alpha) per batch and a random partner permutation; inputs
 * become lambda x + (1 - lambda) x[perm] and targets the matching mixture of the two label distributions, a
 * FLOAT32 [N, classes] whose rows each sum to 1. Inputs may have any shape [N, ...].
 */
public final class Mixup implements Augmentation {
    private final double alpha;
    private final int classes;
    private final Rng rng;

    public Mixup(double alpha, int classes, Rng rng) {
        BetaSampler.checkAlpha("Mixup", alpha);
        if (classes < 2) throw new IllegalArgumentException("Mixup: classes must be >= 2, got " + classes);
        this.alpha = alpha;
        this.classes = classes;
        this.rng = rng;
    }

    @Override
    public Batch apply(Batch b) {
        double lam = BetaSampler.beta(rng, alpha, alpha);
        return mix(b, rng.permutation(b.size()), lam, classes);
    }

    /** The deterministic core: mixes sample i with sample perm[i] at weight lam. */
    public static Batch mix(Batch b, int[] perm, double lam, int classes) {
        if (!(lam >= 0 && lam <= 1)) throw new IllegalArgumentException("Mixup: lambda must be in [0, 1], got " + lam);
        int n = b.size();
        SoftLabels.checkPermutation("Mixup", perm, n);
        double[] labels = SoftLabels.of("Mixup", b.y(), n, classes);
        float[] x = b.x().toFloatArray();
        int row = x.length / Math.max(1, n);
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            int a = i * row, p = perm[i] * row;
            for (int k = 0; k < row; k++) out[a + k] = (float) (lam * x[a + k] + (1 - lam) * x[p + k]);
        }
        double[] lams = new double[n];
        Arrays.fill(lams, lam);
        Tensor xs = Tensor.wrap(out, b.x().dims());
        return new Batch(b.x().dtype() == xs.dtype() ? xs : xs.to(b.x().dtype()), SoftLabels.mix(labels, perm, lams, classes));
    }
}
