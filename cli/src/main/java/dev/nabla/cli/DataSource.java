package dev.nabla.cli;

import dev.nabla.data.CsvReader;
import dev.nabla.data.CsvTable;
import dev.nabla.data.Digits;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.Standardize;
import dev.nabla.data.TensorDataset;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves --data into train and test sets. */
final class DataSource {
    private DataSource() {}

    static final String KNOWN = "digits (embedded), fashion-mnist, csv:PATH";

    /** Train and test sets; mean/std (or null) are input statistics fitted on the training split, for a Normalize layer. */
    record Split(TensorDataset train, TensorDataset test, Tensor mean, Tensor std) {
        Split(TensorDataset train, TensorDataset test) {
            this(train, test, null, null);
        }
    }

    static Split load(String data, Path dataDir) {
        return load(data, dataDir, null);
    }

    /** As {@link #load(String, Path)}; {@code label} names the label column of csv data (default: the last column). */
    static Split load(String data, Path dataDir, String label) {
        if (data.startsWith("csv:")) return csv(Path.of(data.substring(4)), label);
        return switch (data) {
            case "digits" -> {
                // a fixed 80/20 split, independent of the training seed, so test figures are comparable across runs
                TensorDataset[] parts = Digits.embedded().split(0.8, Rng.seeded(20261122));
                yield new Split(parts[0], parts[1]);
            }
            case "fashion-mnist" -> {
                FashionMnist.Splits s = FashionMnist.load(dataDir != null ? dataDir : FashionMnist.defaultDir());
                yield new Split(s.train(), s.test());
            }
            default -> throw new IllegalArgumentException("unknown --data '" + data + "' (known: " + KNOWN + ")");
        };
    }

    /**
     * A CSV table with a header: the label column gives class indices (integers, or names mapped to indices),
     * text columns become category indices, the rest are numeric features. A fixed stratified 80/20 split makes
     * the test set; feature statistics come from the training part only.
     */
    private static Split csv(Path file, String label) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--data csv:" + file + ": no such file");
        CsvReader reader = new CsvReader();
        if (label != null) reader.label(label);
        CsvTable table = reader.read(file);
        TensorDataset all = table.data();
        if (all.y().dtype().isFloating()) {
            throw new IllegalArgumentException(file + ": label column '" + table.labelName() + "' is not a class label (numbers with fractions)");
        }
        TensorDataset[] parts = all.stratifiedSplit(0.8, Rng.seeded(20261122));
        Standardize s = Standardize.fit(parts[0]);
        return new Split(parts[0], parts[1], s.mean(), s.std());
    }
}
