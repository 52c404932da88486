package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla train --model char-lstm --data text:PATH}: trains, reports bits per character, samples, saves. */
class TextTrainingCliTest {

    @Test
    void charLstmTrainsOnATextFileAndWritesItsFiles(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat. the dog sat on the log. ".repeat(60));
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--model", "char-lstm", "--data", "text:" + text, "--hidden", "32", "--seq-len", "16",
                "--epochs", "4", "--steps-per-epoch", "25", "--lr", "0.01", "--sample-length", "30", "--out", out.toString()));
        for (String f : new String[] {"metrics.json", "history.csv", "model.safetensors", "tokenizer.json", "curves.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double bpc = m.get("val_bits_per_char").asDouble();
        double unigram = m.get("unigram_bits_per_char").asDouble();
        // a text this repetitive is nearly predictable from context: well below the unigram entropy
        assertTrue(bpc < unigram - 1.0, bpc + " bits/char vs unigram " + unigram);
        assertEquals(4, m.get("epochs").size());
        assertTrue(m.get("sample").asText().length() >= 30);
        // the saved model reloads: eval on the same text, predict continues a prompt
        assertEquals(0, Main.execute("eval", "--model-file", out.resolve("model.safetensors").toString(), "--data", "text:" + text));
        assertEquals(0, Main.execute("predict", "--model-file", out.resolve("model.safetensors").toString(), "--input", "the cat", "--length", "10"));
        Files.delete(out.resolve("tokenizer.json"));
        assertEquals(2, Main.execute("predict", "--model-file", out.resolve("model.safetensors").toString(), "--input", "the cat"));
    }

    @Test
    void gptSmallLearnsTheTextAndReloads(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat. the dog sat on the log. ".repeat(60));
        Path out = dir.resolve("gpt");
        assertEquals(0, Main.execute("train", "--model", "gpt-small", "--data", "text:" + text, "--hidden", "32,32", "--heads", "2",
                "--seq-len", "16", "--epochs", "3", "--steps-per-epoch", "30", "--lr", "0.01", "--sample-length", "20", "--out", out.toString()));
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(m.get("val_bits_per_char").asDouble() < m.get("unigram_bits_per_char").asDouble() - 1.0, m.toString());
        assertEquals(0, Main.execute("predict", "--model-file", out.resolve("model.safetensors").toString(), "--input", "the dog", "--length", "10"));
        assertEquals(2, Main.execute("train", "--model", "gpt-small", "--data", "text:" + text, "--hidden", "30", "--heads", "4",
                "--out", dir.resolve("bad").toString()));
    }

    @Test
    void missingTextFileIsAClearError(@TempDir Path dir) {
        assertEquals(2, Main.execute("train", "--model", "char-lstm", "--data", "text:" + dir.resolve("none.txt"), "--out", dir.toString()));
        assertEquals(2, Main.execute("train", "--model", "char-lstm", "--data", "digits", "--out", dir.toString()));
    }
}
