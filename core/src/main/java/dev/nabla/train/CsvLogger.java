package dev.nabla.train;

import dev.nabla.io.AtomicWrite;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the history as CSV ({@link History#toCsv()}: a header of all keys, one row per epoch,
 * empty cells for missing or NaN values) after every epoch, replacing the file atomically, so
 * the file is always complete and never half-written.
 */
public final class CsvLogger implements Callback {
    private final Path path;
    private TrainContext context;

    public CsvLogger(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        AtomicWrite.writeString(path, context.history().toCsv());
    }
}
