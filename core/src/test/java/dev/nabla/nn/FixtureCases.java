package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Tensor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs the PyTorch reference cases written by tools/reference/nn_fixtures.py: for case NAME the file
 * holds inputs NAME.in0.., a weighting NAME.r, the expected output NAME.out and gradients NAME.gradI
 * of sum(out * r). Float32 comparisons use rtol 1e-4, atol 1e-5 (DESIGN.md section 6).
 */
public final class FixtureCases {
    public static final double RTOL = 1e-4;
    public static final double ATOL = 1e-5;

    private FixtureCases() {}

    public static Map<String, Tensor> load(String file) {
        URL url = FixtureCases.class.getResource("/fixtures/" + file);
        if (url == null) throw new IllegalStateException("fixture /fixtures/" + file + " not on the test classpath; run tools/reference/nn_fixtures.py");
        try {
            return SafeTensors.load(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of the cases in a fixture (keys with a ".out" entry). */
    public static SortedSet<String> caseNames(Map<String, Tensor> fixture) {
        SortedSet<String> names = new TreeSet<>();
        for (String k : fixture.keySet()) if (k.endsWith(".out")) names.add(k.substring(0, k.length() - 4));
        return names;
    }

    /**
     * One dynamic test per fixture case, plus one checking that the fixture and the Java map name the
     * same cases (so neither side silently drops one).
     */
    public static Stream<DynamicTest> tests(Map<String, Tensor> fixture, Map<String, Function<Tensor[], Tensor>> impls) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("fixture and tests cover the same cases",
                () -> assertEquals(caseNames(fixture), new TreeSet<>(impls.keySet()))));
        for (String name : caseNames(fixture)) {
            Function<Tensor[], Tensor> f = impls.get(name);
            if (f != null) tests.add(DynamicTest.dynamicTest(name, () -> run(fixture, name, f)));
        }
        return tests.stream();
    }

    /** Runs case name through f and compares the output and every stored input gradient. */
    public static void run(Map<String, Tensor> fx, String name, Function<Tensor[], Tensor> f) {
        List<Tensor> inputs = new ArrayList<>();
        while (fx.containsKey(name + ".in" + inputs.size())) inputs.add(fx.get(name + ".in" + inputs.size()));
        Tensor[] vars = new Tensor[inputs.size()];
        boolean anyGrad = false;
        for (int i = 0; i < vars.length; i++) {
            boolean g = fx.containsKey(name + ".grad" + i);
            vars[i] = g ? inputs.get(i).detach().copy().requiresGrad(true) : inputs.get(i);
            anyGrad |= g;
        }
        Tensor out = f.apply(vars);
        assertClose(name + ": output", fx.get(name + ".out"), out);
        if (!anyGrad) return;
        out.mul(fx.get(name + ".r").to(out.dtype())).sum().backward();
        for (int i = 0; i < vars.length; i++) {
            Tensor expected = fx.get(name + ".grad" + i);
            if (expected != null) assertClose(name + ": gradient of input " + i, expected, vars[i].grad());
        }
    }

    public static void assertClose(String what, Tensor expected, Tensor actual) {
        assertClose(what, expected, actual, RTOL, ATOL);
    }

    public static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        if (actual == null) throw new AssertionError(what + ": no value (gradient not computed)");
        assertArrayEquals(expected.dims(), actual.dims(), what + ": shape " + actual.shape() + ", expected " + expected.shape());
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                    : e[i] == a[i] || Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
            if (!ok) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: element %d is %.9g, expected %.9g (shape %s)",
                        what, i, a[i], e[i], expected.shape()));
            }
        }
    }
}
