package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla train --resume}: a run cut after 2 epochs and resumed ends exactly as the uninterrupted run. */
class ResumeCliTest {

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
        String[] common = {"--epochs", "4", "--dropout", "0.2", "--schedule", "step", "--step-size", "1", "--seed", "5"};
        Path straight = dir.resolve("straight");
        assertEquals(0, Main.execute(concat(common, "--out", straight.toString())));

        Path cut = dir.resolve("cut");
        String[] twoEpochs = common.clone();
        twoEpochs[1] = "2";
        assertEquals(0, Main.execute(concat(twoEpochs, "--out", cut.toString())));
        // (a step schedule does not depend on the total epochs, so a 2-epoch run is the first half of the 4-epoch one)
        Path resumed = dir.resolve("resumed");
        assertEquals(0, Main.execute(concat(common, "--out", resumed.toString(), "--resume", cut.resolve("checkpoint.safetensors").toString())));

        JsonNode a = new ObjectMapper().readTree(straight.resolve("metrics.json").toFile());
        JsonNode b = new ObjectMapper().readTree(resumed.resolve("metrics.json").toFile());
        assertEquals(4, b.get("epochs").size());
        for (int e = 2; e < 4; e++) {
            assertEquals(a.get("epochs").get(e).get("train_loss").asDouble(), b.get("epochs").get(e).get("train_loss").asDouble(), 0.0, "epoch " + (e + 1));
            assertEquals(a.get("epochs").get(e).get("lr").asDouble(), b.get("epochs").get(e).get("lr").asDouble(), 0.0);
        }
        assertEquals(a.get("test_loss").asDouble(), b.get("test_loss").asDouble(), 0.0);
        assertEquals(Files.readAllBytes(straight.resolve("model.safetensors")).length, Files.readAllBytes(resumed.resolve("model.safetensors")).length);
    }

    @Test
    void resumingFromANonCheckpointIsAClearError(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--epochs", "1", "--out", run.toString()));
        assertEquals(2, Main.execute("train", "--epochs", "2", "--out", dir.resolve("r").toString(),
                "--resume", run.resolve("model.safetensors").toString()));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length + 1];
        out[0] = "train";
        System.arraycopy(a, 0, out, 1, a.length);
        System.arraycopy(b, 0, out, 1 + a.length, b.length);
        return out;
    }
}
