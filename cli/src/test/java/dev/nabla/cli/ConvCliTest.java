package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla train with a convolutional zoo model and augmentation flags; the saved model reloads in eval and predict. */
class ConvCliTest {

    @Test
    void vggSmallWithAugmentationTrainsAndReloads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--model", "vgg-small", "--epochs", "1", "--batch-size", "64", "--lr", "3e-3",
                "--augment", "crop,flip,noise", "--mixup", "0.2", "--cutmix", "1.0", "--out", out.toString(), "--seed", "3"));
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("vgg-small", m.get("model").asText());
        assertEquals("crop,flip,noise mixup=0.2 cutmix=1.0", m.get("augment").asText());
        assertTrue(Double.isFinite(m.get("test_loss").asDouble()));
        Path model = out.resolve("model.safetensors");
        assertEquals("vgg-small", SafeTensors.read(model).metadata().get("model"));
        assertTrue(SafeTensors.read(model).tensors().containsKey("1.features.0.weight"));
        var buffer = new java.io.ByteArrayOutputStream();
        var stdout = System.out;
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute("eval", "--model-file", model.toString()));
        } finally {
            System.setOut(stdout);
        }
        String printed = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode e = new ObjectMapper().readTree(printed.substring(printed.indexOf('{')));
        assertEquals(m.get("test_accuracy").asDouble(), e.get("test_accuracy").asDouble(), 1e-6, "the reloaded model scores as trained");
        assertEquals(m.get("test_loss").asDouble(), e.get("test_loss").asDouble(), 1e-5);
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "0".concat(",0.5".repeat(63)) + "\n");
        assertEquals(0, Main.execute("predict", "--model-file", model.toString(), "--input", csv.toString()));
    }

    @Test
    void badAugmentationOptionsExitWithTwo(@TempDir Path dir) {
        assertEquals(2, Main.execute("train", "--augment", "crop,nope", "--out", dir.toString()));
        assertEquals(2, Main.execute("train", "--mixup", "-1", "--out", dir.toString()));
        assertEquals(2, Main.execute("train", "--model", "resnet-tiny", "--out", dir.toString()));
    }
}
