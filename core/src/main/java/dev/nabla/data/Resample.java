package dev.nabla.data;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Random over- and under-sampling to balance classes (as imbalanced-learn's RandomOverSampler
 * and RandomUnderSampler): the results are sample indices, to pass to {@link TensorDataset#subset}.
 * Apply them to the training split only.
 */
public final class Resample {
    private Resample() {}

    /**
     * Every sample once (ascending), then, for each class smaller than the largest, samples of that
     * class drawn with replacement until it is as large: every class ends with the largest count.
     */
    public static int[] oversample(Tensor labels, Rng rng) {
        int[] y = Labels.of(labels, "Resample.oversample");
        int[][] byClass = Labels.byClass(y, Labels.numClasses(y));
        int max = 0;
        for (int[] m : byClass) max = Math.max(max, m.length);
        int total = 0;
        for (int[] m : byClass) if (m.length > 0) total += max;
        int[] out = Arrays.copyOf(TensorDataset.identity(y.length), total);
        int k = y.length;
        for (int[] m : byClass) {
            for (int extra = m.length == 0 ? 0 : max - m.length; extra > 0; extra--) out[k++] = m[rng.nextInt(m.length)];
        }
        return out;
    }

    /**
     * For each class, a random subset (without replacement) of the size of the smallest class
     * present; the kept indices are returned ascending (original order).
     */
    public static int[] undersample(Tensor labels, Rng rng) {
        int[] y = Labels.of(labels, "Resample.undersample");
        int[][] byClass = Labels.byClass(y, Labels.numClasses(y));
        int min = Integer.MAX_VALUE;
        int present = 0;
        for (int[] m : byClass) {
            if (m.length > 0) {
                min = Math.min(min, m.length);
                present++;
            }
        }
        if (present == 0) throw new IllegalArgumentException("Resample.undersample: no labels");
        int[] out = new int[min * present];
        int k = 0;
        for (int[] m : byClass) {
            if (m.length == 0) continue;
            int[] p = rng.permutation(m.length);
            for (int i = 0; i < min; i++) out[k++] = m[p[i]];
        }
        Arrays.sort(out);
        return out;
    }

    /** The dataset oversampled by {@link #oversample} on its targets. */
    public static TensorDataset oversample(TensorDataset data, Rng rng) {
        return data.subset(oversample(data.y(), rng));
    }

    /** The dataset undersampled by {@link #undersample} on its targets. */
    public static TensorDataset undersample(TensorDataset data, Rng rng) {
        return data.subset(undersample(data.y(), rng));
    }
}
