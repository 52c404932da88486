package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loading of the MNIST family (MNIST, Fashion-MNIST, KMNIST): pairs of IDX files, images as
 * unsigned bytes [N, rows, cols] and labels as unsigned bytes [N], under the standard names
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-...}, each plain
 * or with a {@code .gz} suffix.
 */
public final class Mnist {
    private Mnist() {}

    /**
     * Loads the train and test files in {@code dir}: pixels scaled to [0, 1] as FLOAT32, images
     * flattened to [N, rows*cols] or, with {@code imageShape}, [N, 1, rows, cols]; labels INT64 [N],
     * checked to lie below {@code numClasses} (when positive).
     *
     * @return {train, test}
     */
    public static TensorDataset[] load(Path dir, boolean imageShape, int numClasses) {
        if (!Files.isDirectory(dir)) throw new DataFileException(dir + ": no such directory (expected the MNIST-format IDX files in it)");
        TensorDataset train = pair(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"), imageShape, numClasses);
        TensorDataset test = pair(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"), imageShape, numClasses);
        return new TensorDataset[] {train, test};
    }

    /** {@code dir/name}, or {@code dir/name.gz} if only that exists; the message lists both when neither does. */
    public static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) return plain;
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        throw new DataFileException(dir + ": missing " + name + " (looked for " + plain + " and " + gz + ")");
    }

    /** One images file and its labels file as a dataset (see {@link #load} for the layout). */
    public static TensorDataset pair(Path imagesFile, Path labelsFile, boolean imageShape, int numClasses) {
        IdxArray images = Idx.read(imagesFile);
        IdxArray labels = Idx.read(labelsFile);
        if (images.type() != Idx.Type.UBYTE || images.dims().length != 3) {
            throw new DataFileException(imagesFile + ": expected ubyte images [N, rows, cols], found " + images.type().name().toLowerCase()
                    + " " + Arrays.toString(images.dims()));
        }
        if (labels.type() != Idx.Type.UBYTE || labels.dims().length != 1) {
            throw new DataFileException(labelsFile + ": expected ubyte labels [N], found " + labels.type().name().toLowerCase() + " "
                    + Arrays.toString(labels.dims()));
        }
        int n = images.dims()[0], rows = images.dims()[1], cols = images.dims()[2];
        if (labels.dims()[0] != n) {
            throw new DataFileException(labelsFile + ": holds " + labels.dims()[0] + " labels but " + imagesFile + " holds " + n + " images");
        }
        byte[] lb = labels.data();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int l = lb[i] & 0xFF;
            if (numClasses > 0 && l >= numClasses) {
                throw new DataFileException(labelsFile + ": label " + l + " at index " + i + " is out of range for " + numClasses + " classes");
            }
            y[i] = l;
        }
        Tensor x = imageShape ? images.toFloat32(1 / 255.0, n, 1, rows, cols) : images.toFloat32(1 / 255.0, n, rows * cols);
        return new TensorDataset(x, Tensor.wrap(y, dev.nabla.tensor.DType.INT64, n));
    }
}
