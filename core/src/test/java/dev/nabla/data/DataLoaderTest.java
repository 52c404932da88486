package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batching, shuffling, dropLast, prefetch equivalence, failures and shutdown of the DataLoader. */
class DataLoaderTest {
    /** n samples [n, 2, 3] whose values encode the sample index; labels = index. */
    static TensorDataset indexed(int n) {
        float[] x = new float[n * 6];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) x[i * 6 + j] = i * 10 + j;
            y[i] = i;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2, 3), Tensor.wrap(y, DType.INT64, n));
    }

    static List<int[]> labelsPerBatch(Iterable<Batch> loader) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : loader) out.add(b.y().toIntArray());
        return out;
    }

    @Test
    void batchesAreContiguousRowCopiesInOrder() {
        TensorDataset d = indexed(10);
        DataLoader<Batch> loader = DataLoader.of(d).batchSize(4).build();
        assertEquals(3, loader.numBatches());
        List<Batch> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {4, 2, 3}, batches.get(0).x().dims());
        assertArrayEquals(new int[] {2, 2, 3}, batches.get(2).x().dims());
        assertEquals(DType.FLOAT32, batches.get(0).x().dtype());
        assertEquals(DType.INT64, batches.get(0).y().dtype());
        assertTrue(batches.get(1).x().isContiguous());
        assertArrayEquals(new int[] {4, 5, 6, 7}, batches.get(1).y().toIntArray());
        assertEquals(53f, batches.get(1).x().get(1, 1, 0), 0);
        assertArrayEquals(new int[] {8, 9}, batches.get(2).y().toIntArray());
    }

    @Test
    void dropLastDropsTheShortBatch() {
        DataLoader<Batch> loader = DataLoader.of(indexed(10)).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.numBatches());
        List<int[]> b = labelsPerBatch(loader);
        assertEquals(2, b.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, b.get(0));
        // exact multiple: nothing dropped
        assertEquals(5, DataLoader.of(indexed(10)).batchSize(2).dropLast(true).build().numBatches());
    }

    @Test
    void shufflingIsSeededDiffersPerEpochAndCoversEverySample() {
        TensorDataset d = indexed(50);
        DataLoader<Batch> a = DataLoader.of(d).batchSize(8).shuffle(Rng.seeded(7)).build();
        DataLoader<Batch> b = DataLoader.of(d).batchSize(8).shuffle(Rng.seeded(7)).build();
        List<int[]> a1 = labelsPerBatch(a), a2 = labelsPerBatch(a);
        List<int[]> b1 = labelsPerBatch(b), b2 = labelsPerBatch(b);
        assertBatchesEqual(a1, b1);
        assertBatchesEqual(a2, b2);
        assertFalse(Arrays.equals(flatten(a1), flatten(a2)), "each epoch draws a new order");
        int[] all = flatten(a1);
        Arrays.sort(all);
        for (int i = 0; i < 50; i++) assertEquals(i, all[i]);
        DataLoader<Batch> c = DataLoader.of(d).batchSize(8).shuffle(Rng.seeded(8)).build();
        assertFalse(Arrays.equals(flatten(a1), flatten(labelsPerBatch(c))), "another seed, another order");
        // x rows travel with their labels
        for (Batch batch : DataLoader.of(d).batchSize(8).shuffle(Rng.seeded(3)).build()) {
            int[] y = batch.y().toIntArray();
            for (int i = 0; i < y.length; i++) assertEquals(y[i] * 10 + 5, batch.x().get(i, 1, 2), 0);
        }
    }

    @Test
    void prefetchGivesExactlyTheSameBatches() {
        TensorDataset d = indexed(103);
        DataLoader<Batch> plain = DataLoader.of(d).batchSize(10).shuffle(Rng.seeded(11)).build();
        try (DataLoader<Batch> pre = DataLoader.of(d).batchSize(10).shuffle(Rng.seeded(11)).prefetch(2).build()) {
            for (int epoch = 0; epoch < 3; epoch++) {
                List<Batch> p = new ArrayList<>(), q = new ArrayList<>();
                plain.forEach(p::add);
                pre.forEach(q::add);
                assertEquals(p.size(), q.size());
                for (int k = 0; k < p.size(); k++) {
                    assertArrayEquals(p.get(k).x().toFloatArray(), q.get(k).x().toFloatArray());
                    assertArrayEquals(p.get(k).y().toDoubleArray(), q.get(k).y().toDoubleArray());
                }
            }
        }
    }

    @Test
    void prefetchBuildsOnOneOtherThreadAheadOfTheConsumer() {
        AtomicInteger built = new AtomicInteger();
        List<String> threads = new ArrayList<>();
        DataLoader<int[]> loader = DataLoader.of(100, idx -> {
            built.incrementAndGet();
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
            }
            return idx;
        }).batchSize(10).prefetch(3).build();
        DataLoader.Epoch<int[]> e = loader.iterator();
        assertTrue(e.hasNext());
        int[] first = e.next();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, first);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (built.get() < 5 && System.nanoTime() < deadline) Thread.onSpinWait();
        // one taken + 3 queued + at most 1 blocked in put: never the whole epoch
        assertTrue(built.get() <= 5, "built " + built.get() + " batches with a queue of 3");
        e.close();
        assertTrue(((PrefetchEpoch<?>) e).producerDone(), "close() waits for the prefetch thread");
        assertTrue(threads.stream().allMatch("nabla-prefetch"::equals), threads.toString());
        assertFalse(e.hasNext());
    }

    @Test
    void producerExceptionSurfacesInTheConsumerAtThatBatch() {
        for (int prefetch : new int[] {0, 2}) {
            IllegalStateException boom = new IllegalStateException("bad sample");
            DataLoader<int[]> loader = DataLoader.of(40, idx -> {
                if (idx[0] == 20) throw boom;
                return idx;
            }).batchSize(10).prefetch(prefetch).build();
            DataLoader.Epoch<int[]> e = loader.iterator();
            assertEquals(0, e.next()[0]);
            assertEquals(10, e.next()[0]);
            IllegalStateException got = assertThrows(IllegalStateException.class, () -> {
                e.hasNext();
                e.next();
            });
            assertSame(boom, got, "prefetch=" + prefetch);
            assertFalse(e.hasNext(), "a failed batch ends the epoch");
            loader.close();
        }
    }

    @Test
    void breakingEarlyThenStartingAnEpochStopsTheOldThread() {
        try (DataLoader<Batch> loader = DataLoader.of(indexed(1000)).batchSize(10).prefetch(2).build()) {
            DataLoader.Epoch<Batch> first = loader.iterator();
            first.next();
            DataLoader.Epoch<Batch> second = loader.iterator(); // the first is abandoned
            assertTrue(((PrefetchEpoch<?>) first).producerDone());
            assertFalse(first.hasNext());
            assertEquals(100, countBatches(second));
            assertTrue(((PrefetchEpoch<?>) second).producerDone(), "a finished epoch leaves no thread behind");
        }
    }

    @Test
    void genericDatasetOfSamplesIsStacked() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 7; i++) samples.add(new Sample(Tensor.of(i, -i), Tensor.scalar(i % 2, DType.INT64)));
        DataLoader<Batch> loader = DataLoader.of(Dataset.of(samples)).batchSize(3).build();
        List<Batch> bs = new ArrayList<>();
        loader.forEach(bs::add);
        assertEquals(3, bs.size());
        assertArrayEquals(new int[] {3, 2}, bs.get(0).x().dims());
        assertArrayEquals(new float[] {3, -3, 4, -4, 5, -5}, bs.get(1).x().toFloatArray());
        assertArrayEquals(new int[] {1, 0, 1}, bs.get(1).y().toIntArray());
        // a TensorDataset seen as Dataset<Sample> takes the fast path and gives the same batches
        Dataset<Sample> asSamples = indexed(5);
        Batch b = DataLoader.of(asSamples).batchSize(5).build().iterator().next();
        assertArrayEquals(indexed(5).x().toFloatArray(), b.x().toFloatArray());
        // mismatched sample shapes are named
        samples.set(4, new Sample(Tensor.of(1, 2, 3), Tensor.scalar(0, DType.INT64)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.of(Dataset.of(samples)).batchSize(7).build().iterator().next());
        assertTrue(e.getMessage().contains("sample x 4"), e.getMessage());
    }

    @Test
    void tensorDatasetGetAndSubsetAgreeWithBatches() {
        TensorDataset d = indexed(6);
        Sample s = d.get(4);
        assertArrayEquals(new int[] {2, 3}, s.x().dims());
        assertEquals(45f, s.x().get(1, 2), 0);
        assertEquals(4, s.y().item(), 0);
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(6));
        TensorDataset sub = d.subset(new int[] {5, 0});
        assertArrayEquals(new int[] {5, 0}, sub.y().toIntArray());
        Dataset<Sample> view = ((Dataset<Sample>) new SampleList(d)).subset(new int[] {3, 1});
        assertEquals(3, view.get(0).y().item(), 0);
        assertThrows(IndexOutOfBoundsException.class, () -> new SampleList(d).subset(new int[] {6}));
        // the legacy batches() gives the loader's batches for the same seed
        List<TensorDataset> legacy = d.batches(4, Rng.seeded(5), false);
        List<int[]> loader = labelsPerBatch(DataLoader.of(d).batchSize(4).shuffle(Rng.seeded(5)).build());
        assertEquals(legacy.size(), loader.size());
        for (int k = 0; k < legacy.size(); k++) assertArrayEquals(legacy.get(k).y().toIntArray(), loader.get(k));
    }

    /** A Dataset that is not a TensorDataset, to exercise the default subset. */
    private record SampleList(TensorDataset d) implements Dataset<Sample> {
        public int size() {
            return d.size();
        }

        public Sample get(int i) {
            return d.get(i);
        }
    }

    @Test
    void mapRunsOnEveryBatchAndSamplerOrdersTheEpoch() {
        DataLoader<Integer> sizes = DataLoader.of(indexed(10)).batchSize(4).map(Batch::size).prefetch(1).build();
        List<Integer> got = new ArrayList<>();
        sizes.forEach(got::add);
        assertEquals(List.of(4, 4, 2), got);
        Sampler reversed = new Sampler() {
            public int length() {
                return 3;
            }

            public int[] nextEpoch() {
                return new int[] {9, 8, 7};
            }
        };
        assertArrayEquals(new int[] {9, 8, 7}, DataLoader.of(indexed(10)).batchSize(5).sampler(reversed).build().iterator().next().y().toIntArray());
        Sampler outOfRange = Sampler.sequential(11);
        assertThrows(IndexOutOfBoundsException.class, () -> DataLoader.of(indexed(10)).sampler(outOfRange).build().iterator());
        assertThrows(IllegalArgumentException.class,
                () -> DataLoader.of(indexed(10)).sampler(reversed).shuffle(Rng.seeded(1)).build());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(indexed(10)).batchSize(0));
    }

    @Test
    void emptyDatasetGivesNoBatches() {
        TensorDataset empty = new TensorDataset(Tensor.zeros(0, 3), Tensor.zeros(DType.INT64, 0));
        assertEquals(0, countBatches(DataLoader.of(empty).batchSize(4).shuffle(Rng.seeded(1)).prefetch(2).build().iterator()));
    }

    @Test
    void batchingIsFast() {
        // a figure, not an assertion (DESIGN.md 6): 20,000 x 784 per epoch
        int n = 20_000, f = 784;
        TensorDataset d = new TensorDataset(Tensor.zeros(n, f), Tensor.zeros(DType.INT64, n));
        DataLoader<Batch> loader = DataLoader.of(d).batchSize(128).shuffle(Rng.seeded(1)).prefetch(2).build();
        double best = 0;
        for (int e = 0; e < 3; e++) {
            long t = System.nanoTime();
            int seen = 0;
            for (Batch b : loader) seen += b.size();
            best = Math.max(best, seen / ((System.nanoTime() - t) / 1e9));
        }
        System.out.printf("DataLoader: %.0f samples/s (784 floats each, batch 128, prefetch 2)%n", best);
        assertNotEquals(0, best);
    }

    static int countBatches(java.util.Iterator<?> it) {
        int k = 0;
        while (it.hasNext()) {
            it.next();
            k++;
        }
        return k;
    }

    static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    static void assertBatchesEqual(List<int[]> a, List<int[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
    }
}
