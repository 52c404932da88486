package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla train --model lstm-forecaster --data csv:PATH --target COL} beats the naive last-value forecast. */
class SeriesTrainingCliTest {

    @Test
    void forecasterBeatsTheNaiveForecastOnASeasonalSeries(@TempDir Path dir) throws Exception {
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder("time,load\n");
        for (int t = 0; t < 800; t++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * t / 12) + r.nextGaussian();
            sb.append(t).append(',').append(String.format(Locale.ROOT, "%.4f", v)).append('\n');
        }
        Path csv = dir.resolve("series.csv");
        Files.writeString(csv, sb);
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--model", "lstm-forecaster", "--data", "csv:" + csv, "--target", "load",
                "--window", "12", "--hidden", "32", "--epochs", "6", "--lr", "0.005", "--out", out.toString()));
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double rmse = m.get("val_rmse").asDouble();
        double naive = m.get("naive_val_rmse").asDouble();
        // the naive forecast misses by the seasonal step (about 5) plus noise; the model should get near the noise (1)
        assertTrue(rmse < 0.6 * naive, "rmse " + rmse + " vs naive " + naive);
        assertTrue(Files.size(out.resolve("model.safetensors")) > 0);
    }

    @Test
    void missingTargetIsAClearError(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        Files.writeString(csv, "t,v\n1,2\n2,3\n");
        assertEquals(2, Main.execute("train", "--model", "lstm-forecaster", "--data", "csv:" + csv, "--out", dir.resolve("o").toString()));
        assertEquals(2, Main.execute("train", "--model", "lstm-forecaster", "--data", "csv:" + csv, "--target", "nope",
                "--out", dir.resolve("o2").toString()));
    }
}
