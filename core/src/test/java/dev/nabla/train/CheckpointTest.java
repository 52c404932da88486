package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Digits;
import dev.nabla.data.TensorDataset;
import dev.nabla.io.SafeTensors;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.schedule.StepLR;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming from a checkpoint gives exactly the weights of an uninterrupted run. */
class CheckpointTest {
    private static final TensorDataset DATA = Digits.embedded().subset(java.util.stream.IntStream.range(0, 400).toArray());

    private record Run(Sequential model, Adam opt, StepLR sched, Rng rng) {
        static Run fresh() {
            Rng init = Rng.seeded(11);
            Sequential m = new Sequential(new Linear(64, 32, init), new Activation.ReLU(), new Linear(32, 10, init));
            Adam opt = new Adam(m.parameters(), 1e-2);
            return new Run(m, opt, new StepLR(opt, 1, 0.5), Rng.seeded(99));
        }

        void epoch() {
            for (TensorDataset b : DATA.batches(32, rng, false)) {
                Tensor loss = Loss.crossEntropy(model.forward(b.x()), b.y());
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
            sched.step();
        }

        float[] weights() {
            return ((Linear) model.get(2)).weight().toFloatArray();
        }
    }

    @Test
    void resumeMatchesUninterruptedRun(@TempDir Path dir) {
        Run straight = Run.fresh();
        for (int e = 0; e < 4; e++) straight.epoch();

        Run first = Run.fresh();
        first.epoch();
        first.epoch();
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, first.model(), first.opt(), first.sched(), 2, first.rng());

        Run resumed = Run.fresh();
        Checkpoint c = Checkpoint.load(file);
        c.restore(resumed.model(), resumed.opt(), resumed.sched(), resumed.rng());
        assertTrue(c.epoch() == 2);
        resumed.epoch();
        resumed.epoch();
        assertArrayEquals(straight.weights(), resumed.weights());
        assertArrayEquals(straight.opt().stateDict().tensors().values().iterator().next().toFloatArray(),
                resumed.opt().stateDict().tensors().values().iterator().next().toFloatArray());
    }

    /** A Trainer run with dropout and a schedule, cut after 2 of 4 epochs and resumed from the per-epoch checkpoint. */
    private static History trainerRun(Path ckpt, int epochs, boolean resume, float[][] weightsOut) {
        Rng init = Rng.seeded(resume ? 5 : 11); // a resumed run starts from other weights: the checkpoint must overwrite them
        Sequential m = new Sequential(new Linear(64, 32, init), new Activation.ReLU(), new dev.nabla.nn.Dropout(0.3, Rng.seeded(resume ? 6 : 12)),
                new Linear(32, 10, init));
        Adam opt = new Adam(m.parameters(), 1e-2);
        StepLR sched = new StepLR(opt, 1, 0.5);
        Rng shuffle = Rng.seeded(resume ? 7 : 13);
        History done = new History();
        if (resume) {
            Checkpoint c = Checkpoint.load(ckpt);
            c.restore(m, opt, sched, shuffle);
            done = c.history();
        }
        var loader = dev.nabla.data.DataLoader.of(DATA).batchSize(32).shuffle(shuffle).build();
        Trainer t = Trainer.of(m, opt, Loss.crossEntropy()).callbacks(
                ScheduleCallback.perEpoch((o, i, logs) -> sched.step()), new TrainingCheckpoint(ckpt, sched, shuffle)).build();
        History h = t.fit(loader, null, epochs, done);
        weightsOut[0] = ((Linear) m.get(3)).weight().toFloatArray();
        return h;
    }

    @Test
    void trainerResumesFromItsPerEpochCheckpointBitForBit(@TempDir Path dir) {
        float[][] straightW = new float[1][];
        History straight = trainerRun(dir.resolve("a.safetensors"), 4, false, straightW);
        Path ckpt = dir.resolve("b.safetensors");
        trainerRun(ckpt, 2, false, new float[1][]);
        float[][] resumedW = new float[1][];
        History resumed = trainerRun(ckpt, 4, true, resumedW);
        assertArrayEquals(straightW[0], resumedW[0]);
        assertTrue(resumed.size() == 4, resumed.toString());
        assertArrayEquals(straight.series("train_loss"), resumed.series("train_loss"));
        assertArrayEquals(straight.series("lr"), resumed.series("lr"));
    }

    @Test
    void rejectsFilesThatAreNotCheckpoints(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("weights.safetensors");
        SafeTensors.save(Map.of("w", Tensor.ones(2)), plain);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(plain));
        assertTrue(e.getMessage().contains("not a Nabla checkpoint"), e.getMessage());
        Path truncated = dir.resolve("cut.safetensors");
        Run r = Run.fresh();
        Checkpoint.save(truncated, r.model(), r.opt(), null, 0, r.rng());
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThrows(RuntimeException.class, () -> Checkpoint.load(truncated));
    }
}
