package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data csv:PATH}: a header, a named label column, features on very different scales. */
class CsvDataCliTest {

    @Test
    void trainsOnCsvAndTheSavedModelTakesRawRows(@TempDir Path dir) throws Exception {
        // two classes whose means differ by 2 standard deviations in each feature; feature scales 1e-3 and 1e4
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder("id_free_a,species,b\n");
        for (int i = 0; i < 400; i++) {
            boolean big = i % 2 == 0;
            double a = (r.nextGaussian() + (big ? 1 : -1)) * 1e-3;
            double b = (r.nextGaussian() + (big ? 1 : -1)) * 1e4;
            sb.append(String.format(Locale.ROOT, "%.6g,%s,%.6g%n", a, big ? "big" : "small", b));
        }
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, sb);
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--data", "csv:" + csv, "--label", "species", "--epochs", "15",
                "--batch-size", "16", "--lr", "0.01", "--out", out.toString(), "--seed", "3"));
        var m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        // Bayes accuracy of this problem is about 0.92
        assertTrue(m.get("test_accuracy").asDouble() > 0.85, "accuracy " + m.get("test_accuracy"));
        assertEquals(0, Main.execute("eval", "--model-file", out.resolve("model.safetensors").toString(),
                "--data", "csv:" + csv, "--label", "species"));

        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "0.003,30000\n-0.003,-30000\n");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute("predict", "--model-file", out.resolve("model.safetensors").toString(), "--input", rows.toString()));
        } finally {
            System.setOut(old);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        // classes are numbered in order of first appearance or sorted names; either way the two rows differ
        String[] lines = printed.strip().split("\n");
        assertEquals(2, lines.length, printed);
        assertTrue(!lines[0].replaceAll(".*\"class\": (\\d+).*", "$1").equals(lines[1].replaceAll(".*\"class\": (\\d+).*", "$1")), printed);
    }

    @Test
    void missingCsvAndFractionalLabelsAreClearErrors(@TempDir Path dir) throws Exception {
        assertEquals(2, Main.execute("train", "--data", "csv:" + dir.resolve("none.csv"), "--out", dir.resolve("o").toString()));
        Path reg = dir.resolve("reg.csv");
        Files.writeString(reg, "x,y\n1,0.5\n2,1.5\n");
        assertEquals(2, Main.execute("train", "--data", "csv:" + reg, "--out", dir.resolve("o2").toString()));
    }
}
