package dev.nabla.train;

import static dev.nabla.train.TrainerTest.DIGITS;
import static dev.nabla.train.TrainerTest.assertSameWeights;
import static dev.nabla.train.TrainerTest.mlp;
import static dev.nabla.train.TrainerTest.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.data.TensorDataset;
import dev.nabla.io.SafeTensors;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Sgd;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {
    @TempDir
    Path dir;

    /** A metric whose value in epoch e (train and validation alike) is script[e - 1]. */
    static final class Scripted implements Metric {
        private final double[] script;
        private int calls;

        Scripted(double... script) {
            this.script = script;
        }

        @Override public String name() { return "score"; }
        @Override public void reset() { }
        @Override public void update(Tensor output, Tensor target) { }
        @Override public double compute() { return script[calls++ / 2]; }
    }

    /** Records the weights at the end of every epoch. */
    static final class WeightsPerEpoch implements Callback {
        final List<Map<String, float[]>> epochs = new ArrayList<>();
        private TrainContext context;

        @Override public void onTrainBegin(TrainContext c) { context = c; }
        @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { epochs.add(weights(context.model())); }
    }

    static TensorDataset small(TensorDataset d, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return d.subset(idx);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresBestWeights() {
        Sequential model = mlp(11);
        WeightsPerEpoch seen = new WeightsPerEpoch();
        // val_score (min): 0.5, 0.3, 0.2 (best, epoch 3), 0.25, 0.2 (not better by minDelta), ...
        EarlyStopping stop = new EarlyStopping("val_score", 2).mode(Mode.MIN).minDelta(0.01);
        Trainer t = Trainer.of(model, new Adam(model.parameters(), 1e-3), Loss.crossEntropy())
                .metrics(new Scripted(0.5, 0.3, 0.2, 0.25, 0.2, 0.1, 0.05, 0.01)).callbacks(seen, stop).build();
        History h = t.fit(small(DIGITS[0], 200), small(DIGITS[1], 50), 8, 50);
        assertEquals(5, h.size());
        assertEquals(3, stop.bestEpoch());
        assertEquals(0.2, stop.best());
        assertEquals(5, stop.stoppedEpoch());
        assertTrue(h.stopped());
        assertTrue(h.stopReason().startsWith("early stopping at epoch 5: val_score did not improve"), h.stopReason());
        assertSameWeights(seen.epochs.get(2), weights(model));
        assertThrows(AssertionError.class, () -> assertSameWeights(seen.epochs.get(4), weights(model)));
    }

    @Test
    void earlyStoppingOnRealValidationLossAndMissingKey() {
        Sequential model = mlp(11);
        EarlyStopping stop = new EarlyStopping("val_loss", 0);
        // ever larger steps: the validation loss stops improving within a few epochs
        WeightsPerEpoch seen = new WeightsPerEpoch();
        Trainer t = Trainer.of(model, new Sgd(model.parameters(), 0.05), Loss.crossEntropy())
                .callbacks(seen, ScheduleCallback.perEpoch((opt, e, logs) -> opt.setLr(opt.lr() * 4)), stop).build();
        History h = t.fit(DIGITS[0], DIGITS[1], 12, 64);
        assertTrue(h.stopped() && h.size() < 12, h.toString());
        double[] val = h.series("val_loss");
        int best = stop.bestEpoch();
        for (double v : val) assertTrue(v >= val[best - 1]);
        assertSameWeights(seen.epochs.get(best - 1), weights(model));
        Sequential other = mlp(1);
        Trainer missing = Trainer.of(other, new Adam(other.parameters(), 1e-3), Loss.crossEntropy())
                .callbacks(new EarlyStopping("val_accuracy", 2)).build();
        var e = assertThrows(IllegalStateException.class, () -> missing.fit(small(DIGITS[0], 64), null, 2, 32));
        assertTrue(e.getMessage().contains("val_accuracy") && e.getMessage().contains("train_loss"), e.getMessage());
    }

    @Test
    void modelCheckpointWritesLoadableFiles() throws IOException {
        Sequential model = mlp(13);
        ModelCheckpoint every = ModelCheckpoint.everyEpoch(dir.resolve("ckpt/epoch-{epoch:02d}.safetensors"))
                .metadata(Map.of("model", "mlp"));
        // val_score (max): best at epoch 2
        ModelCheckpoint best = ModelCheckpoint.best(dir.resolve("best-{val_score}.safetensors"), "val_score").mode(Mode.MAX);
        WeightsPerEpoch seen = new WeightsPerEpoch();
        Trainer t = Trainer.of(model, new Adam(model.parameters(), 1e-3), Loss.crossEntropy())
                .metrics(new Scripted(0.5, 0.9, 0.7)).callbacks(seen, every, best).build();
        t.fit(small(DIGITS[0], 200), small(DIGITS[1], 50), 3, 50);
        try (Stream<Path> files = Files.list(dir.resolve("ckpt"))) {
            assertEquals(List.of("epoch-01.safetensors", "epoch-02.safetensors", "epoch-03.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        var last = SafeTensors.read(dir.resolve("ckpt/epoch-03.safetensors"));
        assertEquals("3", last.metadata().get("epoch"));
        assertEquals("mlp", last.metadata().get("model"));
        Sequential restored = mlp(99);
        assertTrue(restored.loadStateDict(SafeTensors.load(dir.resolve("ckpt/epoch-03.safetensors")), true).clean());
        assertSameWeights(weights(model), weights(restored));
        assertArrayEquals(t.predict(DIGITS[2].x()).toFloatArray(),
                Trainer.of(restored, new Adam(restored.parameters(), 1e-3), Loss.crossEntropy()).build().predict(DIGITS[2].x()).toFloatArray());

        Path bestFile = dir.resolve("best-0.9000.safetensors");
        assertEquals(bestFile, best.lastSaved());
        assertEquals(2, best.bestEpoch());
        assertTrue(Files.exists(dir.resolve("best-0.5000.safetensors")), "epoch 1 was the best so far then");
        assertFalse(Files.exists(dir.resolve("best-0.7000.safetensors")));
        var bestContents = SafeTensors.read(bestFile);
        assertEquals("2", bestContents.metadata().get("epoch"));
        assertEquals("0.9", bestContents.metadata().get("val_score"));
        Sequential fromBest = mlp(98);
        fromBest.loadStateDict(SafeTensors.load(bestFile), true);
        assertSameWeights(seen.epochs.get(1), weights(fromBest));
    }

    @Test
    void fileNamePattern() {
        Map<String, Double> logs = Map.of("val_loss", 0.123456);
        assertEquals("m-7-0.1235.st", ModelCheckpoint.fileName("m-{epoch}-{val_loss}.st", 7, logs));
        assertEquals("m-007.st", ModelCheckpoint.fileName("m-{epoch:03d}.st", 7, logs));
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.fileName("m-{nope}.st", 7, logs));
    }

    @Test
    void loggersWriteTheHistoryEveryEpoch() throws IOException {
        Sequential model = mlp(17);
        Path csv = dir.resolve("history.csv");
        Path json = dir.resolve("out/metrics.json");
        List<String> csvAfterEpoch = new ArrayList<>();
        Callback peek = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                try {
                    csvAfterEpoch.add(Files.readString(csv));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Trainer t = Trainer.of(model, new Adam(model.parameters(), 1e-3), Loss.crossEntropy()).metrics(Metric.accuracy())
                .callbacks(new CsvLogger(csv), new JsonLogger(json, Map.of("model", "mlp", "parameters", model.parameterCount())), peek,
                        new ProgressPrinter(new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .build();
        History h = t.fit(small(DIGITS[0], 128), small(DIGITS[1], 64), 2, 32);

        assertEquals(2, csvAfterEpoch.size());
        assertEquals(2, csvAfterEpoch.get(0).lines().count(), "header and epoch 1 after epoch 1");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,samples_per_sec", lines.get(0));
        assertTrue(lines.get(2).startsWith("2," + h.epoch(2).get("train_loss") + ","), lines.get(2));

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("mlp", root.get("model").asText());
        assertEquals(model.parameterCount(), root.get("parameters").asLong());
        assertEquals(2, root.get("epochs").size());
        JsonNode e2 = root.get("epochs").get(1);
        assertTrue(e2.get("epoch").isIntegralNumber());
        assertEquals(2, e2.get("epoch").asInt());
        assertEquals(h.epoch(2).get("val_accuracy"), e2.get("val_accuracy").asDouble());
        assertNull(root.get("stop_reason"));
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files are gone");
        }

        List<String> out = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, out.size());
        assertTrue(out.get(1).matches("epoch 2/2  train_loss \\d\\.\\d{4}  train_accuracy \\d\\.\\d{4}  val_loss \\d\\.\\d{4}  "
                + "val_accuracy \\d\\.\\d{4}  lr 0\\.001000  \\d+\\.\\ds  \\d+ samples/s"), out.get(1));
    }

    @Test
    void jsonWritesNaNAsNullAndTheStopReason() throws IOException {
        History h = new History();
        h.add(Map.of("epoch", 1.0, "val_loss", Double.NaN));
        h.stop("because");
        JsonNode root = new ObjectMapper().readTree(JsonLogger.toJson(Map.of(), h));
        assertTrue(root.get("epochs").get(0).get("val_loss").isNull());
        assertEquals("because", root.get("stop_reason").asText());
        History ordered = new History();
        ordered.add(new java.util.LinkedHashMap<>(Map.of("epoch", 1.0)));
        ordered.add(Map.of("epoch", 2.0, "val_loss", 0.5));
        assertEquals("epoch,val_loss\n1,\n2,0.5\n", ordered.toCsv());
    }

    @Test
    void schedulesStepPerEpochAndPerBatch() {
        Sequential model = mlp(19);
        List<Long> batchSteps = new ArrayList<>();
        Trainer t = Trainer.of(model, new Sgd(model.parameters(), 0.1), Loss.crossEntropy())
                .callbacks(ScheduleCallback.perEpoch((opt, epoch, logs) -> opt.setLr(opt.lr() / 2)),
                        ScheduleCallback.perBatch((opt, step, logs) -> batchSteps.add(step)))
                .build();
        History h = t.fit(small(DIGITS[0], 100), null, 3, 25);
        assertArrayEquals(new double[] {0.1, 0.05, 0.025}, h.series("lr"), 1e-12);
        assertEquals(0.0125, t.optimizer().lr(), 1e-12);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), batchSteps);
    }

    @Test
    void terminateOnNaNStopsOnANonFiniteValidationLoss() {
        Sequential model = mlp(23);
        TensorDataset val = small(DIGITS[1], 20);
        Tensor x = val.x().copy();
        x.narrow(0, 3, 1).fillInPlace(Float.NaN);
        Trainer t = Trainer.of(model, new Adam(model.parameters(), 1e-3), Loss.crossEntropy())
                .callbacks(new TerminateOnNaN("val_loss")).build();
        History h = t.fit(small(DIGITS[0], 64), new TensorDataset(x, val.y()), 5, 32);
        assertEquals(1, h.size());
        assertTrue(Double.isNaN(h.last().get("val_loss")));
        assertEquals("training stopped: val_loss is NaN at epoch 1", h.stopReason());
    }

    @Test
    void aBatchCallbackCanStopMidEpoch() {
        Sequential model = mlp(29);
        var stopAtThree = new Callback() {
            TrainContext c;
            int steps;

            @Override public void onTrainBegin(TrainContext c) { this.c = c; }

            @Override
            public void onBatchEnd(int step, Map<String, Double> logs) {
                steps++;
                if (c.globalStep() == 3) c.requestStop("enough");
            }
        };
        Trainer t = Trainer.of(model, new Adam(model.parameters(), 1e-3), Loss.crossEntropy()).callbacks(stopAtThree).build();
        History h = t.fit(small(DIGITS[0], 200), null, 4, 20);
        assertEquals(1, h.size());
        assertEquals("enough", h.stopReason());
        assertEquals(3, stopAtThree.steps, "the epoch ended after the step that asked");
    }
}
