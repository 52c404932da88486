package dev.nabla.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Tensor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Loads the fixtures written by tools/reference/optim_fixtures.py and compares arrays with tolerances. */
public final class OptimFixtures {
    private static final JsonMapper JSON = new JsonMapper();

    private OptimFixtures() {}

    /** A fixture file: its tensors and the parsed JSON of its {@code cases} metadata. */
    public record Fixture(java.util.Map<String, Tensor> tensors, JsonNode cases) {
        public Tensor get(String key) {
            Tensor t = tensors.get(key);
            if (t == null) throw new IllegalStateException("fixture has no tensor '" + key + "'");
            return t;
        }
    }

    public static Fixture load(String file) {
        URL url = OptimFixtures.class.getResource("/fixtures/" + file);
        if (url == null) throw new IllegalStateException("fixture /fixtures/" + file + " not on the test classpath; run tools/reference/optim_fixtures.py");
        try {
            SafeTensors.Contents c = SafeTensors.read(Path.of(url.toURI()));
            return new Fixture(c.tensors(), JSON.readTree(c.metadata().get("cases")));
        } catch (URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fails unless every |actual - expected| &lt;= atol + rtol*|expected|; the message names the worst
     * element and its error.
     */
    public static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) throw new AssertionError(what + ": length " + actual.length + ", expected " + expected.length);
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            double excess = err - (atol + rtol * Math.abs(expected[i]));
            if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Double.isNaN(excess))) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": element " + worst + " is " + actual[worst] + ", expected " + expected[worst]
                    + " (error " + Math.abs(actual[worst] - expected[worst]) + ", rtol " + rtol + ", atol " + atol + ")");
        }
    }

    /** Row r of a 2-d tensor as doubles. */
    public static double[] row(Tensor t, int r) {
        int cols = t.dim(1);
        double[] all = t.toDoubleArray();
        double[] out = new double[cols];
        System.arraycopy(all, r * cols, out, 0, cols);
        return out;
    }

    /** Row r of a 2-d tensor as floats. */
    public static float[] floatRow(Tensor t, int r) {
        double[] d = row(t, r);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
