package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Inputs [N, ...] and targets [N, ...] held in memory, with seeded splitting and batching. */
public record TensorDataset(Tensor x, Tensor y) {
    public TensorDataset {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs " + x.shape() + " and targets " + y.shape()
                    + " must have the same first dimension");
        }
    }

    public int size() {
        return x.dim(0);
    }

    /** The samples at the given indices, in that order. */
    public TensorDataset subset(int[] indices) {
        Tensor idx = Tensor.indices(indices);
        return new TensorDataset(x.indexSelect(0, idx), y.indexSelect(0, idx));
    }

    /** A random split into (first, second) with the given fraction in the first part. */
    public TensorDataset[] split(double fraction, Rng rng) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("split: fraction must be in (0, 1), got " + fraction);
        int[] perm = rng.permutation(size());
        int cut = (int) Math.round(size() * fraction);
        return new TensorDataset[] {subset(java.util.Arrays.copyOfRange(perm, 0, cut)), subset(java.util.Arrays.copyOfRange(perm, cut, perm.length))};
    }

    /** Mini-batches in a seeded random order (or in order when rng is null); the last may be smaller unless dropLast. */
    public List<TensorDataset> batches(int batchSize, Rng rng, boolean dropLast) {
        if (batchSize <= 0) throw new IllegalArgumentException("batches: batch size must be positive, got " + batchSize);
        int n = size();
        int[] order = rng == null ? identity(n) : rng.permutation(n);
        List<TensorDataset> out = new ArrayList<>();
        for (int s = 0; s < n; s += batchSize) {
            int e = Math.min(n, s + batchSize);
            if (dropLast && e - s < batchSize) break;
            out.add(subset(java.util.Arrays.copyOfRange(order, s, e)));
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** Number of distinct classes in INT64 targets (max label + 1). */
    public int numClasses() {
        if (y.dtype() != DType.INT64) throw new IllegalStateException("numClasses: targets are " + y.dtype() + ", not class indices");
        return (int) y.max().item() + 1;
    }
}
