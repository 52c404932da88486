package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Standardize, MinMaxScale and OneHot, fitted on one split and applied to another. */
class TransformsTest {
    // columns: (1, 2, 3, 4) -> mean 2.5, population std sqrt(1.25); (10, 10, 10, 10) constant; (0, 0, 0, 8)
    static final Tensor TRAIN = Tensor.of(new float[][] {{1, 10, 0}, {2, 10, 0}, {3, 10, 0}, {4, 10, 8}});

    @Test
    void standardizeUsesPopulationStdAndTrainStatisticsOnly() {
        Standardize s = Standardize.fit(TRAIN);
        assertArrayEquals(new float[] {2.5f, 10, 2}, s.mean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.sqrt(1.25), 1, (float) Math.sqrt(12)}, s.std().toFloatArray(), 1e-6f);
        Tensor z = s.apply(TRAIN);
        // each column of the training data: mean 0, std 1 (constant column: 0)
        float[] col0 = z.select(1, 0).toFloatArray();
        assertEquals(-1.5 / Math.sqrt(1.25), col0[0], 1e-6);
        assertEquals(0, z.mean(0).get(0), 1e-6);
        assertEquals(1, z.var(0, false, false).get(0), 1e-5);
        assertArrayEquals(new float[] {0, 0, 0, 0}, z.select(1, 1).toFloatArray());
        // validation data are scaled with the training statistics, not their own
        Tensor val = Tensor.of(new float[][] {{5, 12, 2}});
        assertArrayEquals(new float[] {(float) (2.5 / Math.sqrt(1.25)), 2, 0}, s.apply(val).toFloatArray(), 1e-6f);
        assertArrayEquals(TRAIN.toFloatArray(), s.inverse(z).toFloatArray(), 1e-5f);
        // through a dataset: targets untouched
        TensorDataset d = new TensorDataset(TRAIN, Tensor.zeros(DType.INT64, 4));
        assertArrayEquals(z.toFloatArray(), Standardize.fit(d).applyTo(d).x().toFloatArray());
    }

    @Test
    void standardizeWorksPerFeatureOnImages() {
        // [N, 1, 2, 2]: statistics per pixel
        Tensor x = Tensor.wrap(new float[] {0, 1, 2, 3, 2, 3, 4, 5}, 2, 1, 2, 2);
        Standardize s = Standardize.fit(x);
        assertArrayEquals(new int[] {1, 2, 2}, s.mean().dims());
        assertArrayEquals(new float[] {1, 2, 3, 4}, s.mean().toFloatArray());
        assertArrayEquals(new float[] {-1, -1, -1, -1, 1, 1, 1, 1}, s.apply(x).toFloatArray());
        assertArrayEquals(new int[] {2, 1, 2, 2}, s.apply(x).dims());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("fitted on features [1, 2, 2]"), e.getMessage());
    }

    @Test
    void fittingRejectsEmptyAndNonFiniteInputs() {
        assertThrows(IllegalArgumentException.class, () -> Standardize.fit(Tensor.zeros(0, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Standardize.fit(Tensor.of(new float[][] {{1, 2}, {Float.NaN, 3}})));
        assertTrue(e.getMessage().contains("sample 1, feature 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MinMaxScale.fit(Tensor.of(new float[][] {{1, Float.POSITIVE_INFINITY}})));
        assertThrows(IllegalArgumentException.class, () -> Standardize.fit(Tensor.zeros(DType.INT64, 3, 2)));
    }

    @Test
    void minMaxScalesTheTrainingRangeOntoTheTarget() {
        MinMaxScale m = MinMaxScale.fit(TRAIN);
        assertArrayEquals(new float[] {1, 10, 0}, m.dataMin().toFloatArray());
        assertArrayEquals(new float[] {4, 10, 8}, m.dataMax().toFloatArray());
        Tensor z = m.apply(TRAIN);
        assertArrayEquals(new float[] {0, 1 / 3f, 2 / 3f, 1}, z.select(1, 0).toFloatArray(), 1e-6f);
        // constant feature (range taken as 1): x - min, as scikit-learn
        assertArrayEquals(new float[] {0, 0, 0, 0}, z.select(1, 1).toFloatArray());
        // outside the fitted range: not clipped
        assertArrayEquals(new float[] {2, 2, -0.5f}, m.apply(Tensor.of(new float[][] {{7, 12, -4}})).toFloatArray(), 1e-6f);
        MinMaxScale sym = MinMaxScale.fit(TRAIN, -1, 1);
        assertArrayEquals(new float[] {-1, -1 / 3f, 1 / 3f, 1}, sym.apply(TRAIN).select(1, 0).toFloatArray(), 1e-6f);
        assertArrayEquals(TRAIN.toFloatArray(), sym.inverse(sym.apply(TRAIN)).toFloatArray(), 1e-5f);
        assertThrows(IllegalArgumentException.class, () -> MinMaxScale.fit(TRAIN, 1, 1));
    }

    @Test
    void oneHotEncodesAndDecodes() {
        Tensor y = Tensor.wrap(new double[] {2, 0, 1}, DType.INT64, 3);
        Tensor h = OneHot.encode(y, 4);
        assertArrayEquals(new int[] {3, 4}, h.dims());
        assertEquals(DType.FLOAT32, h.dtype());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, h.toFloatArray());
        assertArrayEquals(new int[] {3, 3}, OneHot.encode(y).dims());
        assertArrayEquals(y.toIntArray(), OneHot.decode(h).toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(y, 2));
        assertTrue(e.getMessage().contains("label 2.0 at flat index 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(0.5f), 2));
    }
}
