package dev.nabla.data;

import dev.nabla.tensor.Rng;

/**
 * The order in which a {@link DataLoader} visits samples: {@link #nextEpoch()} is called once per
 * epoch, on the consumer's thread, and returns {@link #length()} sample indices.
 */
public interface Sampler {
    /** Number of indices each epoch yields. */
    int length();

    /** The indices of the next epoch (advances any random state). */
    int[] nextEpoch();

    /** 0, 1, ..., n-1 every epoch. */
    static Sampler sequential(int n) {
        checkSize(n);
        return new Sampler() {
            public int length() {
                return n;
            }

            public int[] nextEpoch() {
                return TensorDataset.identity(n);
            }
        };
    }

    /** A fresh random permutation of 0..n-1 every epoch, drawn from rng. */
    static Sampler shuffled(int n, Rng rng) {
        checkSize(n);
        if (rng == null) throw new IllegalArgumentException("Sampler.shuffled: rng is null (use sequential for a fixed order)");
        return new Sampler() {
            public int length() {
                return n;
            }

            public int[] nextEpoch() {
                return rng.permutation(n);
            }
        };
    }

    /**
     * numSamples indices drawn with replacement, index i with probability weights[i] / sum(weights)
     * (PyTorch's WeightedRandomSampler with replacement=True). Weights need not sum to one; they
     * must be finite and non-negative with a positive sum. For class balance pass
     * {@link ClassBalance#sampleWeights}.
     */
    static Sampler weighted(double[] weights, int numSamples, Rng rng) {
        if (rng == null) throw new IllegalArgumentException("Sampler.weighted: rng is null");
        if (numSamples <= 0) throw new IllegalArgumentException("Sampler.weighted: numSamples must be positive, got " + numSamples);
        if (weights.length == 0) throw new IllegalArgumentException("Sampler.weighted: no weights");
        double[] cum = new double[weights.length];
        double total = 0;
        int lastPositive = -1;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("Sampler.weighted: weight " + w + " at index " + i + " is not finite and non-negative");
            }
            total += w;
            cum[i] = total;
            if (w > 0) lastPositive = i;
        }
        if (!(total > 0)) throw new IllegalArgumentException("Sampler.weighted: all " + weights.length + " weights are zero");
        final double sum = total;
        final int fallback = lastPositive;
        return new Sampler() {
            public int length() {
                return numSamples;
            }

            public int[] nextEpoch() {
                int[] out = new int[numSamples];
                for (int s = 0; s < numSamples; s++) {
                    double u = rng.nextDouble() * sum;
                    int lo = 0, hi = cum.length - 1;
                    while (lo < hi) { // first index with cum > u
                        int mid = (lo + hi) >>> 1;
                        if (cum[mid] > u) hi = mid;
                        else lo = mid + 1;
                    }
                    out[s] = cum[lo] > u ? lo : fallback;
                }
                return out;
            }
        };
    }

    private static void checkSize(int n) {
        if (n < 0) throw new IllegalArgumentException("Sampler: size must be non-negative, got " + n);
    }
}
