package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Tensor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Loads the reference fixtures of tools/reference/zoo_fixtures.py and compares tensors (rtol 1e-4, atol 1e-5). */
final class ZooFixtures {
    private ZooFixtures() {}

    static Map<String, Tensor> load(String file) {
        URL url = ZooFixtures.class.getResource("/fixtures/" + file);
        if (url == null) throw new IllegalStateException("fixture /fixtures/" + file + " not on the test classpath; run tools/reference/zoo_fixtures.py");
        try {
            return SafeTensors.load(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries under prefix, with the prefix removed. */
    static Map<String, Tensor> under(Map<String, Tensor> fx, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        fx.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.dims(), actual.dims(), what + ": shape " + actual.shape() + ", expected " + expected.shape());
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: element %d is %.9g, expected %.9g", what, i, a[i], e[i]));
            }
        }
    }
}
