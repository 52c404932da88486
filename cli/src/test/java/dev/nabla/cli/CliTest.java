package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of DESIGN.md section 5: outputs of train, reload by eval and predict, exit codes. */
class CliTest {

    @Test
    void trainWritesTheContractFilesAndEvalReloadsTheModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--epochs", "3", "--out", out.toString(), "--seed", "1"));
        for (String f : new String[] {"metrics.json", "history.csv", "model.safetensors", "curves.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        for (String k : new String[] {"model", "data", "parameters", "test_loss", "test_accuracy", "total_seconds"}) {
            assertTrue(m.has(k), k);
        }
        assertEquals(3, m.get("epochs").size());
        for (String k : new String[] {"epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds", "samples_per_sec"}) {
            assertTrue(m.get("epochs").get(0).has(k), k);
        }
        assertTrue(m.get("test_accuracy").asDouble() > 0.8, "accuracy " + m.get("test_accuracy"));
        assertEquals(0, Main.execute("eval", "--model-file", out.resolve("model.safetensors").toString()));
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "0".repeat(1).concat(",0".repeat(63)) + "\n");
        assertEquals(0, Main.execute("predict", "--model-file", out.resolve("model.safetensors").toString(), "--input", csv.toString()));
    }

    @Test
    void badArgumentsExitWithTwo(@TempDir Path dir) {
        assertEquals(2, Main.execute("train", "--optimizer", "nope", "--out", dir.toString()));
        assertEquals(2, Main.execute("train", "--lr", "abc"));
        assertEquals(2, Main.execute("eval", "--model-file", dir.resolve("missing.safetensors").toString()));
        assertEquals(2, Main.execute("bench", "nope"));
    }

    @Test
    void corruptModelFileIsRejected(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("model.safetensors");
        Files.write(bad, new byte[] {1, 2, 3});
        assertEquals(2, Main.execute("eval", "--model-file", bad.toString()));
    }
}
