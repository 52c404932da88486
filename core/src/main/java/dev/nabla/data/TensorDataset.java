package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inputs [N, ...] and targets [N, ...] held in memory, with seeded splitting and batching. As a
 * {@link Dataset} its samples are views of row i of each tensor; {@link DataLoader#of(TensorDataset)}
 * batches it with bulk row copies.
 */
public record TensorDataset(Tensor x, Tensor y) implements Dataset<Sample> {
    public TensorDataset {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs " + x.shape() + " and targets " + y.shape()
                    + " must have the same first dimension");
        }
    }

    @Override
    public int size() {
        return x.dim(0);
    }

    /** Sample i as views of row i of the inputs and targets. */
    @Override
    public Sample get(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("TensorDataset.get: index " + i + " out of range for " + size() + " samples");
        return new Sample(x.select(0, i), y.select(0, i));
    }

    /** The samples at the given indices, in that order (a copy). */
    @Override
    public TensorDataset subset(int[] indices) {
        Tensor idx = Tensor.indices(indices);
        return new TensorDataset(x.indexSelect(0, idx), y.indexSelect(0, idx));
    }

    /** The (train, validation) parts of a split, as {train, validation}. */
    public TensorDataset[] subsets(Split split) {
        return new TensorDataset[] {subset(split.train()), subset(split.validation())};
    }

    /** A random split into (first, second) with the given fraction in the first part. */
    public TensorDataset[] split(double fraction, Rng rng) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("split: fraction must be in (0, 1), got " + fraction);
        int[] perm = rng.permutation(size());
        int cut = (int) Math.round(size() * fraction);
        return new TensorDataset[] {subset(Arrays.copyOfRange(perm, 0, cut)), subset(Arrays.copyOfRange(perm, cut, perm.length))};
    }

    /**
     * A split into (first, second) that keeps each class's share of the targets (1-d class indices)
     * in both parts; see {@link Splits#stratified}.
     */
    public TensorDataset[] stratifiedSplit(double fraction, Rng rng) {
        return subsets(Splits.stratified(y, fraction, rng));
    }

    /** Mini-batches in a seeded random order (or in order when rng is null); the last may be smaller unless dropLast. */
    public List<TensorDataset> batches(int batchSize, Rng rng, boolean dropLast) {
        if (batchSize <= 0) throw new IllegalArgumentException("batches: batch size must be positive, got " + batchSize);
        int n = size();
        int[] order = rng == null ? identity(n) : rng.permutation(n);
        Rows xs = Rows.of(x);
        Rows ys = Rows.of(y);
        List<TensorDataset> out = new ArrayList<>();
        for (int s = 0; s < n; s += batchSize) {
            int e = Math.min(n, s + batchSize);
            if (dropLast && e - s < batchSize) break;
            out.add(new TensorDataset(xs.gather(order, s, e), ys.gather(order, s, e)));
        }
        return out;
    }

    static int[] identity(int n) {
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
