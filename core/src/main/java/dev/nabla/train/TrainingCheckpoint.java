package dev.nabla.train;

import dev.nabla.optim.schedule.LrScheduler;
import dev.nabla.tensor.Rng;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Saves a full {@link Checkpoint} (model, optimizer, schedule, the data-shuffling generator, the model's
 * generators, history) after every epoch, atomically over the previous one, so that an interrupted run can
 * resume where it stopped and end as the uninterrupted run would.
 */
public final class TrainingCheckpoint implements Callback {
    private final Path file;
    private final LrScheduler schedule;
    private final Rng shuffle;
    private TrainContext context;

    /** @param schedule the schedule stepped during training, or null; @param shuffle the generator that shuffles the training data */
    public TrainingCheckpoint(Path file, LrScheduler schedule, Rng shuffle) {
        this.file = Objects.requireNonNull(file, "file");
        this.schedule = schedule;
        this.shuffle = Objects.requireNonNull(shuffle, "shuffle");
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Checkpoint.save(file, context.model(), context.optimizer(), schedule, epoch, shuffle, context.history());
    }
}
