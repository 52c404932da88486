package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Random, stratified and k-fold index splits. */
class SplitsTest {
    /** 1000 labels: class 0 x 700, class 1 x 200, class 2 x 100, interleaved. */
    static Tensor imbalanced() {
        double[] y = new double[1000];
        for (int i = 0; i < 1000; i++) y[i] = i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2;
        return Tensor.wrap(y, DType.INT64, 1000);
    }

    static void assertPartition(int n, int[]... parts) {
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all, "every index exactly once");
    }

    @Test
    void randomSplitMatchesTensorDatasetSplit() {
        Split s = Splits.random(10, 0.7, Rng.seeded(3));
        assertEquals(7, s.train().length);
        assertPartition(10, s.train(), s.validation());
        TensorDataset d = DataLoaderTest.indexed(10);
        TensorDataset[] parts = d.split(0.7, Rng.seeded(3));
        assertArrayEquals(s.train(), parts[0].y().toIntArray());
        assertArrayEquals(parts[1].y().toIntArray(), d.subsets(s)[1].y().toIntArray());
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, 1.0, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(3, 0.01, Rng.seeded(1)));
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Tensor y = imbalanced();
        Split s = Splits.stratified(y, 0.8, Rng.seeded(42));
        assertEquals(800, s.train().length);
        assertPartition(1000, s.train(), s.validation());
        int[] labels = y.toIntArray();
        int[] train = new int[3], val = new int[3];
        for (int i : s.train()) train[labels[i]]++;
        for (int i : s.validation()) val[labels[i]]++;
        assertArrayEquals(new int[] {560, 160, 80}, train);
        assertArrayEquals(new int[] {140, 40, 20}, val);
        // same seed, same split; another seed, another one
        assertArrayEquals(s.train(), Splits.stratified(y, 0.8, Rng.seeded(42)).train());
        assertTrue(!Arrays.equals(s.train(), Splits.stratified(y, 0.8, Rng.seeded(43)).train()));
    }

    @Test
    void stratifiedSplitRoundsPerClassToTheOverallTarget() {
        // classes of 5, 3 and 2 samples at 0.5: quotas 2.5, 1.5, 1 -> total 5 exactly, each class floor or ceil
        Tensor y = Tensor.wrap(new double[] {0, 0, 0, 0, 0, 1, 1, 1, 2, 2}, DType.INT64, 10);
        Split s = Splits.stratified(y, 0.5, Rng.seeded(1));
        assertEquals(5, s.train().length);
        int[] c = new int[3];
        for (int i : s.train()) c[(int) y.get(i)]++;
        assertTrue(c[0] == 2 || c[0] == 3, Arrays.toString(c));
        assertTrue(c[1] == 1 || c[1] == 2, Arrays.toString(c));
        assertEquals(1, c[2]);
        // through TensorDataset
        TensorDataset d = new TensorDataset(Tensor.zeros(10, 2), y);
        TensorDataset[] parts = d.stratifiedSplit(0.5, Rng.seeded(1));
        assertEquals(5, parts[0].size());
        assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified(Tensor.of(0.5f, 1f), 0.5, Rng.seeded(1)), "labels must be class indices");
    }

    @Test
    void kFoldMatchesScikitLearnWithoutShuffle() {
        // sklearn KFold(3).split(range(10)): test folds [0..3], [4..6], [7..9]
        List<Split> folds = Splits.kFold(10, 3, null);
        assertEquals(3, folds.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, folds.get(0).validation());
        assertArrayEquals(new int[] {4, 5, 6}, folds.get(1).validation());
        assertArrayEquals(new int[] {0, 1, 2, 3, 7, 8, 9}, folds.get(1).train());
        assertArrayEquals(new int[] {7, 8, 9}, folds.get(2).validation());
        for (Split f : folds) assertPartition(10, f.train(), f.validation());
        List<Split> shuffled = Splits.kFold(10, 3, Rng.seeded(9));
        assertPartition(10, shuffled.stream().map(Split::validation).toArray(int[][]::new));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(10, 1, null));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(3, 4, null));
    }

    @Test
    void stratifiedKFoldBalancesClassesAcrossFolds() {
        Tensor y = imbalanced();
        int[] labels = y.toIntArray();
        List<Split> folds = Splits.stratifiedKFold(y, 5, Rng.seeded(2));
        assertPartition(1000, folds.stream().map(Split::validation).toArray(int[][]::new));
        for (Split f : folds) {
            assertPartition(1000, f.train(), f.validation());
            int[] c = new int[3];
            for (int i : f.validation()) c[labels[i]]++;
            assertArrayEquals(new int[] {140, 40, 20}, c);
        }
    }
}
