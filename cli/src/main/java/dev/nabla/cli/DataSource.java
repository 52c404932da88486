package dev.nabla.cli;

import dev.nabla.data.Digits;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.TensorDataset;
import dev.nabla.tensor.Rng;

/** Resolves --data into train and test sets. */
final class DataSource {
    private DataSource() {}

    record Split(TensorDataset train, TensorDataset test) {}

    static Split load(String data, java.nio.file.Path dataDir) {
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
            default -> throw new IllegalArgumentException("unknown --data '" + data + "' (known: digits, fashion-mnist)");
        };
    }
}
