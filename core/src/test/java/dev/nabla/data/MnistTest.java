package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST-format pairs on small synthetic files, and the real Fashion-MNIST when Debian's package is installed. */
class MnistTest {
    @TempDir
    Path dir;

    /** A tiny MNIST-format set: n images of 2x3, pixel values i*6+j, labels i % 10. */
    void writeSet(String prefix, int n, int labels, boolean gz) {
        double[] px = new double[n * 6];
        for (int i = 0; i < px.length; i++) px[i] = i % 256;
        double[] y = new double[labels];
        for (int i = 0; i < labels; i++) y[i] = i % 10;
        String ext = gz ? ".gz" : "";
        Idx.write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), Idx.Type.UBYTE, new int[] {n, 2, 3}, px);
        Idx.write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), Idx.Type.UBYTE, new int[] {labels}, y);
    }

    @Test
    void loadsPairsFlatOrAsImages() {
        writeSet("train", 5, 5, true);
        writeSet("t10k", 3, 3, false);
        TensorDataset[] parts = Mnist.load(dir, false, 10);
        FashionMnist.Splits s = new FashionMnist.Splits(parts[0], parts[1]);
        assertArrayEquals(new int[] {5, 6}, s.train().x().dims());
        assertArrayEquals(new int[] {3, 6}, s.test().x().dims());
        assertEquals(DType.FLOAT32, s.train().x().dtype());
        assertEquals(DType.INT64, s.train().y().dtype());
        assertEquals(7 / 255f, s.train().x().get(1, 1), 0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.train().y().toIntArray());
        TensorDataset img = Mnist.load(dir, true, 10)[0];
        assertArrayEquals(new int[] {5, 1, 2, 3}, img.x().dims());
        assertEquals(7 / 255f, img.x().get(1, 0, 0, 1), 0);
    }

    @Test
    void mismatchedOrMissingFilesAreNamed() {
        writeSet("train", 5, 4, false);
        DataFileException e = assertThrows(DataFileException.class, () -> Mnist.load(dir, false, 10));
        assertTrue(e.getMessage().contains("holds 4 labels") && e.getMessage().contains("5 images"), e.getMessage());
        writeSet("train", 5, 5, false);
        e = assertThrows(DataFileException.class, () -> Mnist.load(dir, false, 10));
        assertTrue(e.getMessage().contains("missing t10k-images-idx3-ubyte"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> Mnist.load(dir, false, 3));
        assertTrue(e.getMessage().contains("label 3 at index 3 is out of range for 3 classes"), e.getMessage());
        Idx.write(dir.resolve("train-labels-idx1-ubyte"), Idx.Type.INT, new int[] {5}, new double[5]);
        e = assertThrows(DataFileException.class, () -> Mnist.load(dir, false, 10));
        assertTrue(e.getMessage().contains("expected ubyte labels [N], found int [5]"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> FashionMnist.load(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("absent: no such directory"), e.getMessage());
    }

    @Test
    void defaultDirNamesTheDebianPackageWhenAbsent() {
        Optional<Path> found = FashionMnist.findDefaultDir();
        if (found.isPresent()) {
            assertEquals(FashionMnist.DEBIAN_DIR, FashionMnist.defaultDir());
        } else {
            DataFileException e = assertThrows(DataFileException.class, FashionMnist::defaultDir);
            assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
        }
    }

    @Test
    void loadsDebiansFashionMnist() {
        Optional<Path> found = FashionMnist.findDefaultDir();
        assumeTrue(found.isPresent(), "Debian package dataset-fashion-mnist not installed");
        long t0 = System.nanoTime();
        FashionMnist.Splits f = FashionMnist.load(found.get());
        System.out.printf("FashionMnist.load: %.3f s for 70,000 images%n", (System.nanoTime() - t0) / 1e9);
        assertArrayEquals(new int[] {60_000, 784}, f.train().x().dims());
        assertArrayEquals(new int[] {10_000, 784}, f.test().x().dims());
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, f.train().y().narrow(0, 0, 10).toIntArray());
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, f.test().y().narrow(0, 0, 10).toIntArray());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, ClassBalance.counts(f.train().y()));
        assertEquals(0, f.train().x().min().item(), 0);
        assertEquals(1, f.train().x().max().item(), 0);
        // first image: pixel sum 76247 / 255, pixel 300 = 0xd2
        assertEquals(76247 / 255.0, f.train().x().select(0, 0).sum().item(), 1e-3);
        assertEquals(0xd2 / 255f, f.train().x().get(0, 300), 0);
        assertEquals("Ankle boot", FashionMnist.CLASSES.get(9));
        // a stratified validation split keeps 10% of every class
        TensorDataset[] tv = f.train().stratifiedSplit(0.9, Rng.seeded(1));
        assertArrayEquals(new int[] {600, 600, 600, 600, 600, 600, 600, 600, 600, 600}, ClassBalance.counts(tv[1].y()));
        FashionMnist.Splits img = FashionMnist.load(found.get(), true);
        assertArrayEquals(new int[] {10_000, 1, 28, 28}, img.test().x().dims());
    }
}
