package dev.nabla.data;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Mini-batches over a dataset, one epoch per {@link #iterator()}: the sampler's order for the
 * epoch (a seeded permutation when shuffling), cut into batches of {@code batchSize}, the last one
 * smaller unless {@code dropLast}. Batches of a {@link TensorDataset} are contiguous tensors
 * assembled with one bulk copy per sample row.
 *
 * <p>With {@code prefetch(depth)} the batches are built on one background thread, at most
 * {@code depth} ahead of the consumer. The order is drawn on the consumer's thread when the epoch
 * starts and the batches are built in that order, so they are exactly those built without
 * prefetch. An exception thrown while building a batch is rethrown to the consumer at that batch.
 * Starting a new epoch, or {@link #close()}, stops an unfinished one and waits for its thread to
 * end; an epoch left by {@code break} is also stopped by {@link Epoch#close()}.
 *
 * <pre>{@code
 * var loader = DataLoader.of(train).batchSize(128).shuffle(Rng.seeded(1)).dropLast(true).prefetch(2).build();
 * for (int epoch = 0; epoch < 10; epoch++)
 *     for (Batch b : loader) step(b.x(), b.y());
 * }</pre>
 *
 * A loader is driven by one consumer thread.
 */
public final class DataLoader<B> implements Iterable<B>, AutoCloseable {
    private final int datasetSize;
    private final Function<int[], ? extends B> collate;
    private final Sampler sampler;
    private final int batchSize;
    private final boolean dropLast;
    private final int prefetch;
    private Epoch<B> current;

    private DataLoader(Builder<B> b) {
        this.datasetSize = b.size;
        this.collate = b.collate;
        this.sampler = b.sampler != null ? b.sampler
                : b.shuffle != null ? Sampler.shuffled(b.size, b.shuffle) : Sampler.sequential(b.size);
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
    }

    /** A loader over in-memory tensors: batches are {@link Batch}es of contiguous row copies. */
    public static Builder<Batch> of(TensorDataset data) {
        Rows xs = Rows.of(data.x());
        Rows ys = Rows.of(data.y());
        return new Builder<>(data.size(), idx -> new Batch(xs.gather(idx), ys.gather(idx)));
    }

    /** A loader over any dataset of samples: each batch stacks the samples' x and y tensors. */
    public static Builder<Batch> of(Dataset<Sample> data) {
        if (data instanceof TensorDataset td) return of(td);
        return new Builder<>(data.size(), idx -> {
            Tensor[] xs = new Tensor[idx.length];
            Tensor[] ys = new Tensor[idx.length];
            for (int i = 0; i < idx.length; i++) {
                Sample s = data.get(idx[i]);
                xs[i] = s.x();
                ys[i] = s.y();
            }
            return new Batch(Rows.stack(xs, "sample x"), Rows.stack(ys, "sample y"));
        });
    }

    /** A loader over {@code size} samples whose batches {@code collate} builds from sample indices. */
    public static <B> Builder<B> of(int size, Function<int[], ? extends B> collate) {
        return new Builder<>(size, collate);
    }

    /** Starts the next epoch (stopping an unfinished one): its batches, in order. */
    @Override
    public Epoch<B> iterator() {
        closeCurrent();
        int[] order = sampler.nextEpoch();
        if (order.length != sampler.length()) {
            throw new IllegalStateException("DataLoader: sampler returned " + order.length + " indices, promised " + sampler.length());
        }
        for (int i = 0; i < order.length; i++) {
            if (order[i] < 0 || order[i] >= datasetSize) {
                throw new IndexOutOfBoundsException("DataLoader: sampler index " + order[i] + " at position " + i
                        + " out of range for a dataset of " + datasetSize);
            }
        }
        int batches = batchesFor(order.length);
        current = prefetch > 0 ? new PrefetchEpoch<>(this::build, order, batches, prefetch) : new SyncEpoch(order, batches);
        return current;
    }

    /** Batch k of an epoch with the given order (the one place batches are built). */
    private B build(int[] order, int k) {
        int from = k * batchSize;
        int to = Math.min(order.length, from + batchSize);
        return collate.apply(Arrays.copyOfRange(order, from, to));
    }

    private int batchesFor(int n) {
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Batches per epoch. */
    public int numBatches() {
        return batchesFor(sampler.length());
    }

    /** Samples visited per epoch (before dropLast). */
    public int samplesPerEpoch() {
        return sampler.length();
    }

    public int batchSize() {
        return batchSize;
    }

    /** Stops an unfinished epoch and its prefetch thread, if any. The loader can still start new epochs. */
    @Override
    public void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** One pass over the data; {@link #close()} stops it early (and its prefetch thread). */
    public interface Epoch<B> extends Iterator<B>, AutoCloseable {
        @Override
        void close();
    }

    /** Builds batches on the caller's thread, as it asks for them. */
    private final class SyncEpoch implements Epoch<B> {
        private final int[] order;
        private final int batches;
        private int next;
        private boolean closed;

        SyncEpoch(int[] order, int batches) {
            this.order = order;
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return !closed && next < batches;
        }

        @Override
        public B next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: epoch has no more batches");
            try {
                return build(order, next++);
            } catch (RuntimeException | Error e) {
                closed = true; // as with prefetch: a failed batch ends the epoch
                throw e;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Settings of a loader; defaults: batch size 1, in order, last batch kept, no prefetch. */
    public static final class Builder<B> {
        private final int size;
        private final Function<int[], ? extends B> collate;
        private int batchSize = 1;
        private Rng shuffle;
        private Sampler sampler;
        private boolean dropLast;
        private int prefetch;

        private Builder(int size, Function<int[], ? extends B> collate) {
            if (size < 0) throw new IllegalArgumentException("DataLoader: dataset size must be non-negative, got " + size);
            this.size = size;
            this.collate = Objects.requireNonNull(collate, "collate");
        }

        public Builder<B> batchSize(int batchSize) {
            if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle every epoch with permutations drawn from rng (null: in order). */
        public Builder<B> shuffle(Rng rng) {
            this.shuffle = rng;
            return this;
        }

        /** Visit samples in the order a sampler gives (e.g. {@link Sampler#weighted}); excludes shuffle. */
        public Builder<B> sampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        public Builder<B> dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Build up to {@code depth} batches ahead on one background thread (0: no prefetch). */
        public Builder<B> prefetch(int depth) {
            if (depth < 0) throw new IllegalArgumentException("DataLoader: prefetch depth must be non-negative, got " + depth);
            this.prefetch = depth;
            return this;
        }

        /** Applies fn to every batch as it is built (on the prefetch thread when prefetching). */
        public <C> Builder<C> map(Function<? super B, ? extends C> fn) {
            Objects.requireNonNull(fn, "fn");
            Function<int[], ? extends B> inner = collate;
            Builder<C> b = new Builder<>(size, idx -> fn.apply(inner.apply(idx)));
            b.batchSize = batchSize;
            b.shuffle = shuffle;
            b.sampler = sampler;
            b.dropLast = dropLast;
            b.prefetch = prefetch;
            return b;
        }

        public DataLoader<B> build() {
            if (sampler != null && shuffle != null) {
                throw new IllegalArgumentException("DataLoader: a sampler and shuffle exclude each other (shuffle inside the sampler)");
            }
            return new DataLoader<>(this);
        }
    }
}
