package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Class weights, the weighted sampler, and random over- and under-sampling. */
class ClassBalanceTest {
    static Tensor labels(int... y) {
        return Tensor.wrap(Arrays.stream(y).asDoubleStream().toArray(), DType.INT64, y.length);
    }

    @Test
    void balancedWeightsMatchScikitLearn() {
        // sklearn compute_class_weight("balanced", classes=[0,1,2], y=[0,0,0,0,0,0,1,1,1,2]) = [0.5556, 1.1111, 3.3333]
        Tensor y = labels(0, 0, 0, 0, 0, 0, 1, 1, 1, 2);
        assertArrayEquals(new int[] {6, 3, 1}, ClassBalance.counts(y));
        assertArrayEquals(new double[] {10 / 18.0, 10 / 9.0, 10 / 3.0}, ClassBalance.balancedWeights(y), 1e-12);
        // an absent class gets 0 and does not count in n_classes
        assertArrayEquals(new double[] {10 / 18.0, 10 / 9.0, 10 / 3.0, 0}, ClassBalance.balancedWeights(y, 4), 1e-12);
        assertArrayEquals(new double[] {4 / 3.0, 4 / 3.0, 0, 2 / 3.0}, ClassBalance.balancedWeights(labels(0, 3, 3, 1, 0, 3, 3, 1)), 1e-12);
        assertEquals(10 / 3.0, ClassBalance.sampleWeights(y)[9], 1e-12);
        assertArrayEquals(new int[] {3}, ClassBalance.balancedWeightsTensor(y, 3).dims());
        assertThrows(IllegalArgumentException.class, () -> ClassBalance.counts(y, 2));
        assertThrows(IllegalArgumentException.class, () -> ClassBalance.counts(labels(0, 1).neg()));
    }

    @Test
    void weightedSamplerDrawsInProportionToWeights() {
        Tensor y = labels(0, 0, 0, 0, 0, 0, 0, 0, 1, 2);
        Sampler s = Sampler.weighted(ClassBalance.sampleWeights(y), 30_000, Rng.seeded(4));
        assertEquals(30_000, s.length());
        int[] idx = s.nextEpoch();
        int[] perClass = new int[3];
        for (int i : idx) perClass[(int) y.get(i)]++;
        for (int c = 0; c < 3; c++) assertEquals(10_000, perClass[c], 300, "class " + c + ": " + Arrays.toString(perClass));
        // zero weights are never drawn; same seed, same draws
        int[] again = Sampler.weighted(new double[] {0, 1, 0, 3, 0}, 1000, Rng.seeded(1)).nextEpoch();
        assertTrue(Arrays.stream(again).allMatch(i -> i == 1 || i == 3));
        assertArrayEquals(again, Sampler.weighted(new double[] {0, 1, 0, 3, 0}, 1000, Rng.seeded(1)).nextEpoch());
        assertThrows(IllegalArgumentException.class, () -> Sampler.weighted(new double[] {0, 0}, 5, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> Sampler.weighted(new double[] {1, -1}, 5, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> Sampler.weighted(new double[] {1, Double.NaN}, 5, Rng.seeded(1)));
        // through a loader: batches follow the sampler
        TensorDataset d = new TensorDataset(Tensor.zeros(10, 2), y);
        DataLoader<Batch> loader = DataLoader.of(d).batchSize(64).sampler(Sampler.weighted(ClassBalance.sampleWeights(y), 640, Rng.seeded(2))).build();
        assertEquals(10, loader.numBatches());
    }

    @Test
    void oversamplingRaisesEveryClassToTheLargest() {
        Tensor y = labels(0, 1, 0, 0, 2, 0, 1, 0);
        int[] idx = Resample.oversample(y, Rng.seeded(3));
        assertEquals(15, idx.length);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, Arrays.copyOf(idx, 8), "originals first");
        int[] c = new int[3];
        for (int i : idx) c[(int) y.get(i)]++;
        assertArrayEquals(new int[] {5, 5, 5}, c);
        assertArrayEquals(idx, Resample.oversample(y, Rng.seeded(3)));
        TensorDataset d = Resample.oversample(new TensorDataset(Tensor.zeros(8, 1), y), Rng.seeded(3));
        assertArrayEquals(new int[] {5, 5, 5}, ClassBalance.counts(d.y()));
    }

    @Test
    void undersamplingCutsEveryClassToTheSmallest() {
        Tensor y = labels(0, 1, 0, 0, 2, 0, 1, 0, 2, 1);
        int[] idx = Resample.undersample(y, Rng.seeded(3));
        assertEquals(6, idx.length);
        int[] sorted = idx.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, idx, "original order kept");
        assertEquals(6, Arrays.stream(idx).distinct().count(), "without replacement");
        int[] c = new int[3];
        for (int i : idx) c[(int) y.get(i)]++;
        assertArrayEquals(new int[] {2, 2, 2}, c);
        assertArrayEquals(new int[] {2, 2, 2}, ClassBalance.counts(Resample.undersample(new TensorDataset(Tensor.zeros(10, 1), y), Rng.seeded(3)).y()));
    }
}
