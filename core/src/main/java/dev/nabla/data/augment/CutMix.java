package dev.nabla.data.augment;

import dev.nabla.data.Batch;
import dev.nabla.tensor.Rng;
import java.util.Arrays;

/**
 * CutMix (Yun et al. 2019): one lambda ~ Beta(alpha, alpha) per batch and a random partner permutation; a box
 * with sides sqrt(1 - lambda) H and sqrt(1 - lambda) W (truncated), centred at a uniform pixel and clipped at the
 * border, is pasted from the partner into every sample. The label weight is area-correct: lambda' = 1 - (box area
 * after clipping) / (H W), so targets are lambda' y + (1 - lambda') y[perm], FLOAT32 [N, classes], rows summing to 1.
 */
public final class CutMix implements Augmentation {
    private final double alpha;
    private final int classes;
    private final Rng rng;

    public CutMix(double alpha, int classes, Rng rng) {
        BetaSampler.checkAlpha("CutMix", alpha);
        if (classes < 2) throw new IllegalArgumentException("CutMix: classes must be >= 2, got " + classes);
        this.alpha = alpha;
        this.classes = classes;
        this.rng = rng;
    }

    @Override
    public Batch apply(Batch b) {
        int[] d = Images.check("CutMix", b.x());
        int h = d[2], w = d[3];
        double lam = BetaSampler.beta(rng, alpha, alpha);
        int[] perm = rng.permutation(b.size());
        double cut = Math.sqrt(1 - lam);
        int ch = (int) (h * cut), cw = (int) (w * cut);
        int cy = rng.nextInt(h), cx = rng.nextInt(w);
        int[] box = {clip(cy - ch / 2, h), clip(cx - cw / 2, w), clip(cy + ch / 2, h), clip(cx + cw / 2, w)};
        return paste(b, perm, box, classes);
    }

    private static int clip(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }

    /**
     * The deterministic core: copies the box {top, left, bottom, right} (exclusive ends, inside the image) of sample
     * perm[i] into sample i, in all channels, and mixes the labels with the box's area share.
     */
    public static Batch paste(Batch b, int[] perm, int[] box, int classes) {
        int[] d = Images.check("CutMix", b.x());
        int n = d[0], c = d[1], h = d[2], w = d[3];
        SoftLabels.checkPermutation("CutMix", perm, n);
        if (box.length != 4 || box[0] < 0 || box[1] < 0 || box[2] > h || box[3] > w || box[0] > box[2] || box[1] > box[3]) {
            throw new IllegalArgumentException("CutMix: box " + Arrays.toString(box) + " must be {top, left, bottom, right} inside "
                    + h + "x" + w);
        }
        double[] labels = SoftLabels.of("CutMix", b.y(), n, classes);
        float[] src = b.x().toFloatArray();
        float[] out = src.clone();
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int dst = (i * c + ch) * plane, from = (perm[i] * c + ch) * plane;
                for (int r = box[0]; r < box[2]; r++) {
                    System.arraycopy(src, from + r * w + box[1], out, dst + r * w + box[1], box[3] - box[1]);
                }
            }
        }
        double lam = 1 - (double) (box[2] - box[0]) * (box[3] - box[1]) / plane;
        double[] lams = new double[n];
        Arrays.fill(lams, lam);
        return new Batch(Images.result(out, b.x(), d), SoftLabels.mix(labels, perm, lams, classes));
    }
}
