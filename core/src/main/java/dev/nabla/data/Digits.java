package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The UCI optical handwritten digits set shipped inside the jar: 1797 images of 8x8 pixels (0..16)
 * with labels 0-9. Pixels are scaled to [0, 1].
 */
public final class Digits {
    private Digits() {}

    public static final String RESOURCE = "/dev/nabla/data/digits.csv.gz";

    public static TensorDataset embedded() {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) throw new IllegalStateException("Digits: resource " + RESOURCE + " missing from the classpath");
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            java.util.List<String> lines = in.lines().filter(l -> !l.isBlank()).toList();
            int n = lines.size();
            float[] x = new float[n * 64];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != 65) throw new IllegalStateException("Digits: line " + (i + 1) + " has " + f.length + " fields, expected 65");
                for (int j = 0; j < 64; j++) x[i * 64 + j] = Float.parseFloat(f[j]) / 16f;
                y[i] = Integer.parseInt(f[64].trim());
            }
            return new TensorDataset(Tensor.wrap(x, n, 64), Tensor.wrap(y, DType.INT64, n));
        } catch (IOException e) {
            throw new UncheckedIOException("Digits: cannot read " + RESOURCE, e);
        }
    }
}
