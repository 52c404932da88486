package dev.nabla.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    /** [n, c, h, w] with value 100 * sample + 10 * channel + row * w + col + 1 (all distinct, nonzero). */
    private static Tensor ramp(int n, int c, int h, int w) {
        float[] a = new float[n * c * h * w];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int r = 0; r < h; r++)
                    for (int s = 0; s < w; s++) a[((i * c + ch) * h + r) * w + s] = 100 * i + 10 * ch + r * w + s + 1;
        return Tensor.wrap(a, n, c, h, w);
    }

    @Test
    void cropShiftsByTheOffsetAndFillsZeros() {
        Tensor x = ramp(2, 1, 3, 3);  // sample 0: 1..9
        Tensor y = RandomCrop.crop(x, 1, new int[] {0, 1}, new int[] {2, 1});
        // sample 0: window at top 0, left 2 of the padded image: out[r, s] = x[r - 1, s + 1]
        assertArrayEquals(new float[] {0, 0, 0, 2, 3, 0, 5, 6, 0, 101, 102, 103, 104, 105, 106, 107, 108, 109},
                y.toFloatArray());
        assertArrayEquals(new int[] {2, 1, 3, 3}, y.dims());
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.crop(x, 1, new int[] {3, 0}, new int[] {0, 0}));
    }

    @Test
    void randomCropIsDeterministicForASeedAndKeepsShape() {
        Tensor x = ramp(8, 3, 6, 5);
        Tensor a = new RandomCrop(2, Rng.seeded(3)).apply(x);
        Tensor b = new RandomCrop(2, Rng.seeded(3)).apply(x);
        assertArrayEquals(x.dims(), a.dims());
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertNotEquals(0, a.sub(x).abs().sum().item(), "some sample must move");
    }

    @Test
    void flipMirrorsChosenSamplesOnly() {
        Tensor x = ramp(2, 2, 2, 3);
        Tensor y = RandomHorizontalFlip.flip(x, new boolean[] {true, false});
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 13, 12, 11, 16, 15, 14}, java.util.Arrays.copyOf(y.toFloatArray(), 12));
        assertArrayEquals(java.util.Arrays.copyOfRange(x.toFloatArray(), 12, 24), java.util.Arrays.copyOfRange(y.toFloatArray(), 12, 24));
        Tensor all = new RandomHorizontalFlip(1, Rng.seeded(1)).apply(x);
        assertArrayEquals(x.flip(3).toFloatArray(), all.toFloatArray());
        assertArrayEquals(x.toFloatArray(), new RandomHorizontalFlip(0, Rng.seeded(1)).apply(x).toFloatArray());
    }

    @Test
    void affineRotatesNinetyDegreesCounterClockwiseAndTranslates() {
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        for (boolean bilinear : new boolean[] {false, true}) {
            Tensor r = RandomAffine.transform(x, new double[] {90}, new double[] {0}, new double[] {0}, bilinear);
            assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, r.toFloatArray(), 1e-5f);
            Tensor t = RandomAffine.transform(x, new double[] {0}, new double[] {1}, new double[] {-1}, bilinear);
            assertArrayEquals(new float[] {0, 4, 5, 0, 7, 8, 0, 0, 0}, t.toFloatArray(), 1e-5f);
        }
        // half a pixel to the right, bilinear: the average of the two neighbours (zero beyond the border)
        Tensor h = RandomAffine.transform(x, new double[] {0}, new double[] {0.5}, new double[] {0}, true);
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 2, 4.5f, 5.5f, 3.5f, 7.5f, 8.5f}, h.toFloatArray(), 1e-5f);
        Tensor rnd = new RandomAffine(10, 0.1, true, Rng.seeded(2)).apply(ramp(4, 2, 8, 8));
        assertArrayEquals(new int[] {4, 2, 8, 8}, rnd.dims());
    }

    @Test
    void noiseHasTheRequestedMeanAndStd() {
        Tensor x = Tensor.full(2.0, 4, 1, 100, 100);
        Tensor y = new GaussianNoise(0.3, Rng.seeded(5)).apply(x);
        double mean = y.mean().item();
        double std = y.std(false).item();
        assertEquals(2.0, mean, 0.01);
        assertEquals(0.3, std, 0.005);
        assertEquals(DType.FLOAT64, new GaussianNoise(0.1, Rng.seeded(1)).apply(Tensor.zeros(DType.FLOAT64, 2, 3)).dtype());
    }

    @Test
    void erasingAndCutoutZeroARectangleInAllChannels() {
        Tensor x = ramp(2, 2, 4, 4);
        Tensor e = RandomErasing.erase(x, new int[][] {{1, 1, 3, 4}, null}, 0);
        float[] a = e.toFloatArray();
        for (int ch = 0; ch < 2; ch++)
            for (int r = 0; r < 4; r++)
                for (int s = 0; s < 4; s++) {
                    boolean in = r >= 1 && r < 3 && s >= 1;
                    assertEquals(in ? 0 : 10 * ch + r * 4 + s + 1, a[(ch * 4 + r) * 4 + s], "ch " + ch + " r " + r + " s " + s);
                }
        assertArrayEquals(java.util.Arrays.copyOfRange(x.toFloatArray(), 32, 64), java.util.Arrays.copyOfRange(a, 32, 64));

        Tensor big = Tensor.ones(64, 1, 16, 16);
        Tensor erased = new RandomErasing(1, 0.1, 0.1, 1, 1, 0, Rng.seeded(4)).apply(big);
        for (int i = 0; i < 64; i++) {
            double zeros = 256 - erased.select(0, i).sum().item();
            assertEquals(25, zeros, 1e-9, "round(sqrt(25.6))^2 pixels erased in sample " + i);
        }
        Tensor cut = new Cutout(4, Rng.seeded(6)).apply(big);
        for (int i = 0; i < 64; i++) {
            double zeros = 256 - cut.select(0, i).sum().item();
            assertTrue(zeros >= 4 && zeros <= 16, "cutout area " + zeros);
        }
    }

    @Test
    void mixupMixesInputsAndLabelsWithOneLambda() {
        Tensor x = ramp(3, 1, 2, 2);
        Batch b = new Batch(x, Tensor.indices(0, 2, 1));
        Batch m = Mixup.mix(b, new int[] {1, 2, 0}, 0.75, 3);
        float[] xa = x.toFloatArray();
        float[] ma = m.x().toFloatArray();
        for (int k = 0; k < 4; k++) assertEquals(0.75 * xa[k] + 0.25 * xa[4 + k], ma[k], 1e-4);
        assertArrayEquals(new float[] {0.75f, 0, 0.25f, 0, 0.25f, 0.75f, 0.25f, 0.75f, 0}, m.y().toFloatArray(), 1e-6f);

        Batch r = new Mixup(0.4, 10, Rng.seeded(7)).apply(new Batch(ramp(16, 1, 3, 3), Tensor.randint(Rng.seeded(1), 0, 10, 16)));
        assertArrayEquals(new int[] {16, 10}, r.y().dims());
        Tensor mass = r.y().sum(1);
        for (int i = 0; i < 16; i++) assertEquals(1.0, mass.get(i), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Mixup.mix(b, new int[] {0, 0, 1}, 0.5, 3));
        assertThrows(IllegalArgumentException.class, () -> new Mixup(0, 3, Rng.seeded(1)));
    }

    @Test
    void cutmixPastesTheBoxAndWeighsLabelsByArea() {
        Tensor x = ramp(2, 2, 4, 4);
        Batch b = new Batch(x, Tensor.indices(1, 0));
        Batch c = CutMix.paste(b, new int[] {1, 0}, new int[] {0, 1, 2, 4}, 2);
        float[] xa = x.toFloatArray();
        float[] ca = c.x().toFloatArray();
        for (int i = 0; i < 2; i++)
            for (int ch = 0; ch < 2; ch++)
                for (int r = 0; r < 4; r++)
                    for (int s = 0; s < 4; s++) {
                        int src = (r < 2 && s >= 1) ? 1 - i : i;
                        assertEquals(xa[((src * 2 + ch) * 4 + r) * 4 + s], ca[((i * 2 + ch) * 4 + r) * 4 + s]);
                    }
        double lam = 1 - 6.0 / 16;  // a 2x3 box of a 4x4 image
        assertArrayEquals(new float[] {(float) (1 - lam), (float) lam, (float) lam, (float) (1 - lam)}, c.y().toFloatArray(), 1e-6f);

        // random boxes: the label weight of each sample's own class equals the share of its own pixels
        Tensor ids = Tensor.zeros(8, 1, 10, 10);
        float[] id = ids.floatData();
        for (int i = 0; i < 8; i++) java.util.Arrays.fill(id, i * 100, i * 100 + 100, i);
        Batch out = new CutMix(1.0, 8, Rng.seeded(9)).apply(new Batch(ids, Tensor.arange(8).to(DType.INT64)));
        for (int i = 0; i < 8; i++) {
            double own = out.x().select(0, i).eq(i).sum().item() / 100;
            assertEquals(own, out.y().get(i, i), 1e-6, "sample " + i);
            assertEquals(1.0, out.y().select(0, i).sum().item(), 1e-6);
        }
    }

    @Test
    void loaderAppliesAugmentationsPerBatchDeterministically() {
        TensorDataset data = new TensorDataset(ramp(20, 1, 4, 4).reshape(20, 16), labels(20, 4));
        List<float[]> first = run(data, 0);
        List<float[]> again = run(data, 2);
        assertEquals(first.size(), again.size());
        for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), again.get(i));
    }

    private static Tensor labels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % classes;
        return Tensor.indices(y);
    }

    private static List<float[]> run(TensorDataset data, int prefetch) {
        Rng rng = Rng.seeded(11);
        Augmentation aug = Augmentation.chain(Augmentation.inputs(new RandomCrop(1, rng.split())),
                Augmentation.inputs(new RandomHorizontalFlip(rng.split())), new Mixup(0.2, 4, rng.split())).onFlatImages(1, 4, 4);
        List<float[]> out = new ArrayList<>();
        try (var loader = DataLoader.of(data).batchSize(6).shuffle(Rng.seeded(1)).prefetch(prefetch).map(aug).build()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                for (Batch b : loader) {
                    assertArrayEquals(new int[] {b.size(), 16}, b.x().dims());
                    assertArrayEquals(new int[] {b.size(), 4}, b.y().dims());
                    out.add(b.x().toFloatArray());
                    out.add(b.y().toFloatArray());
                }
            }
        }
        return out;
    }
}
