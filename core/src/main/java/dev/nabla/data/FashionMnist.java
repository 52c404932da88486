package dev.nabla.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Zalando's Fashion-MNIST: 60,000 training and 10,000 test images of 28x28 grey pixels in 10
 * clothing classes, read from its IDX files (plain or .gz). Pixels are scaled to [0, 1] as
 * FLOAT32; images are [N, 784] or, on request, [N, 1, 28, 28]; labels are INT64 [N].
 * On Debian the files come with the package {@value #DEBIAN_PACKAGE}, found by {@link #defaultDir()}.
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** The training (60,000) and test (10,000) parts. */
    public record Splits(TensorDataset train, TensorDataset test) {}

    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int NUM_CLASSES = 10;
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Loads from {@code dir}, images flattened to [N, 784]. */
    public static Splits load(Path dir) {
        return load(dir, false);
    }

    /** Loads from {@code dir}; images [N, 1, 28, 28] when {@code imageShape}, else [N, 784]. */
    public static Splits load(Path dir, boolean imageShape) {
        TensorDataset[] s = Mnist.load(dir, imageShape, NUM_CLASSES);
        checkSize(s[0], 28);
        checkSize(s[1], 28);
        return new Splits(s[0], s[1]);
    }

    /** Loads from {@link #defaultDir()}. */
    public static Splits load() {
        return load(defaultDir());
    }

    private static void checkSize(TensorDataset d, int side) {
        int features = d.x().numel() / Math.max(1, d.size());
        if (d.size() > 0 && features != side * side) {
            throw new DataFileException("Fashion-MNIST: images have " + features + " pixels, expected " + side + "x" + side);
        }
    }

    /** The directory of Debian's {@value #DEBIAN_PACKAGE} files, if its training images are there. */
    public static Optional<Path> findDefaultDir() {
        for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"}) {
            if (Files.isRegularFile(DEBIAN_DIR.resolve(name))) return Optional.of(DEBIAN_DIR);
        }
        return Optional.empty();
    }

    /** The directory of Debian's files; throws, naming the package, when it is not installed. */
    public static Path defaultDir() {
        return findDefaultDir().orElseThrow(() -> new DataFileException("Fashion-MNIST not found: " + DEBIAN_DIR
                + " has no train-images-idx3-ubyte(.gz). Install the Debian package " + DEBIAN_PACKAGE
                + " (apt install " + DEBIAN_PACKAGE + ") or pass the directory holding the IDX files"));
    }
}
