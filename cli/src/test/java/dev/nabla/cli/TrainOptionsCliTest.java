package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --find-lr, --schedule plateau, --balance and --label-smoothing of nabla train. */
class TrainOptionsCliTest {

    @Test
    void findLrWritesTheRangeTestAndTrainsNothing(@TempDir Path dir) throws Exception {
        assertEquals(0, Main.execute("train", "--find-lr", "--out", dir.toString()));
        List<String> rows = Files.readAllLines(dir.resolve("lr_finder.csv"));
        assertEquals("lr,loss,smoothed_loss", rows.get(0));
        assertTrue(rows.size() > 50, "steps: " + rows.size());
        double first = Double.parseDouble(rows.get(1).split(",")[0]);
        double last = Double.parseDouble(rows.getLast().split(",")[0]);
        assertTrue(first < 1e-6 && last > 1e-2, first + " .. " + last);
        assertTrue(Files.size(dir.resolve("lr_finder.png")) > 1000);
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
    }

    @Test
    void plateauScheduleCutsTheLrWhenValidationLossStalls(@TempDir Path dir) throws Exception {
        // lr 3 with plain SGD on the digits diverges to chance level: val_loss stops improving, the lr must drop
        assertEquals(0, Main.execute("train", "--optimizer", "sgd", "--lr", "3", "--schedule", "plateau", "--plateau-patience", "1",
                "--gamma", "0.1", "--epochs", "8", "--out", dir.toString()));
        JsonNode epochs = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("epochs");
        double lastLr = epochs.get(epochs.size() - 1).get("lr").asDouble();
        assertTrue(lastLr < 3, "lr never reduced: " + lastLr);
    }

    @Test
    void balanceModesAndLabelSmoothingTrain(@TempDir Path dir) throws Exception {
        for (String mode : new String[] {"weights", "oversample", "undersample"}) {
            Path out = dir.resolve(mode);
            assertEquals(0, Main.execute("train", "--balance", mode, "--label-smoothing", "0.1", "--epochs", "3", "--out", out.toString()));
            double acc = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("test_accuracy").asDouble();
            assertTrue(acc > 0.8, mode + ": accuracy " + acc);
        }
        assertEquals(2, Main.execute("train", "--balance", "nope", "--out", dir.resolve("x").toString()));
        assertEquals(2, Main.execute("train", "--label-smoothing", "1.5", "--out", dir.resolve("y").toString()));
    }
}
