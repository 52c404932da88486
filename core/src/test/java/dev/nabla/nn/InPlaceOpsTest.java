package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.InPlaceOps;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** InPlaceOps.relu (torch.relu_), ReLU(inplace=true) and InPlaceOps.add (add_): PyTorch fixtures, gradient checks, refusals. */
class InPlaceOpsTest {
    private static final int[] ONE = {1};

    private static int[] i(int... v) {
        return v;
    }

    private static Tensor convReluPool(Tensor x, Tensor w, Tensor b) {
        return InPlaceOps.relu(x.conv2d(w, b, ONE, i(2), ONE, 1)).maxPool2d(i(2), null, i(0), false);
    }

    private static Tensor residual(Tensor x, Tensor w) {
        return InPlaceOps.relu(x.conv2d(w, null, ONE, i(1), ONE, 1).add(x));
    }

    private static Tensor residualAdd(Tensor x, Tensor w) {
        return InPlaceOps.relu(InPlaceOps.add(x.conv2d(w, null, ONE, i(1), ONE, 1), x));
    }

    static Map<String, Function<Tensor[], Tensor>> impls() {
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        m.put("conv_relu_pool", x -> convReluPool(x[0], x[1], x[2]));
        m.put("lenet_conv2_relu", x -> InPlaceOps.relu(x[0].conv2d(x[1], x[2], ONE, i(0), ONE, 1)));
        m.put("linear_relu", x -> new Activation.ReLU(true).forward(Tensor.linear(x[0], x[1], x[2])));
        m.put("residual_relu", x -> residual(x[0], x[1]));
        m.put("residual_add_relu", x -> residualAdd(x[0], x[1]));
        m.put("linear_add_row", x -> InPlaceOps.add(Tensor.linear(x[0], x[1], null), x[2]));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return FixtureCases.tests(FixtureCases.load("inplace_relu.safetensors"), impls());
    }

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), -1, 1, DType.FLOAT64, shape);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.check(x -> convReluPool(x[0], x[1], x[2]), rnd(1, 2, 1, 6, 6), rnd(2, 3, 1, 5, 5), rnd(3, 3));
        GradCheck.check(x -> residual(x[0], x[1]), rnd(4, 1, 2, 4, 4), rnd(5, 2, 2, 3, 3));
        GradCheck.check(x -> residualAdd(x[0], x[1]), rnd(4, 1, 2, 4, 4), rnd(5, 2, 2, 3, 3));
        GradCheck.check(x -> InPlaceOps.add(Tensor.linear(x[0], x[1], null), x[2]), rnd(16, 3, 4), rnd(17, 5, 4), rnd(18, 5));
        GradCheck.check(x -> InPlaceOps.relu(Tensor.linear(x[0], x[1], x[2])), rnd(6, 3, 4), rnd(7, 5, 4), rnd(8, 5));
        // 5x5 on 14 wide, no padding: the input gradient on shifted windows at LeNet's width ratio 18/14
        GradCheck.check(x -> InPlaceOps.relu(x[0].conv2d(x[1], null, ONE, i(0), ONE, 1)), rnd(14, 1, 1, 14, 14), rnd(15, 2, 1, 5, 5));
    }

    @Test
    void sameValuesAndGradientsAsReluToTheBit() {
        Rng rng = Rng.seeded(9);
        Tensor x = Tensor.uniform(rng, -1, 1, 3, 2, 9, 9);
        Tensor r = Tensor.uniform(rng, -1, 1, 3, 4, 4, 4);
        float[][] out = new float[2][], grad = new float[2][], xGrad = new float[2][];
        for (int inplace = 0; inplace < 2; inplace++) {
            Tensor xi = x.detach().copy().requiresGrad(true);
            Tensor w = Tensor.uniform(Rng.seeded(10), -0.3, 0.3, 4, 2, 3, 3).requiresGrad(true);
            Tensor c = xi.conv2d(w, null, ONE, i(1), ONE, 1);
            Tensor h = new Activation.ReLU(inplace == 1).forward(c);
            if (inplace == 1) assertSame(c, h, "relu_ returns its input");
            Tensor y = h.maxPool2d(i(2), null, i(0), false);
            y.mul(r).sum().backward();
            out[inplace] = y.toFloatArray();
            grad[inplace] = w.grad().toFloatArray();
            xGrad[inplace] = xi.grad().toFloatArray();
        }
        assertArrayEquals(out[0], out[1]);
        assertArrayEquals(grad[0], grad[1]);
        assertArrayEquals(xGrad[0], xGrad[1]);
    }

    @Test
    void overwritesWithoutGradToo() {
        Tensor t = Tensor.of(new float[][] {{-1, 2}, {3, -4}});
        int version = t.version();
        assertSame(t, InPlaceOps.relu(t));
        assertArrayEquals(new float[] {0, 2, 3, 0}, t.toFloatArray());
        assertEquals(version + 1, t.version());
        Tensor s = Tensor.of(new float[][] {{-1, 2}, {3, -4}});
        InPlaceOps.relu(s.t()); // a strided view, no graph
        assertArrayEquals(new float[] {0, 2, 3, 0}, s.toFloatArray());
        Tensor p = Tensor.of(-1f, 5f).requiresGrad(true);
        try (var off = Grad.off()) {
            InPlaceOps.relu(p);
        }
        assertArrayEquals(new float[] {0, 5}, p.toFloatArray());
    }

    @Test
    void addOverwritesItsFirstOperandAndRefusesLeavesAndBadShapes() {
        Tensor t = Tensor.of(1f, 2f);
        int version = t.version();
        assertSame(t, InPlaceOps.add(t, Tensor.of(10f, 20f)));
        assertArrayEquals(new float[] {11, 22}, t.toFloatArray());
        assertEquals(version + 1, t.version());
        var e = assertThrows(IllegalArgumentException.class, () -> InPlaceOps.add(Tensor.zeros(2), Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("add_") && e.getMessage().contains("[3, 2]"), e.getMessage());
        Tensor leaf = Tensor.of(1f, 2f).requiresGrad(true);
        var refused = assertThrows(IllegalStateException.class, () -> InPlaceOps.add(leaf, Tensor.of(1f, 1f)));
        assertTrue(refused.getMessage().contains("add_") && refused.getMessage().contains("leaf"), refused.getMessage());
        // x.add_(x) doubles x, and its gradient reaches x's history twice; a view of x as the operand is refused
        Tensor w = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requiresGrad(true);
        Tensor y = Tensor.linear(Tensor.of(new float[][] {{1, 1}}), w, null);
        Tensor twice = InPlaceOps.add(y, y);
        assertArrayEquals(new float[] {6, 14}, twice.toFloatArray());
        twice.sum().backward();
        assertArrayEquals(new float[] {2, 2, 2, 2}, w.grad().toFloatArray());
        Tensor z = Tensor.linear(Tensor.of(new float[][] {{1, 1}}), w, null);
        var aliased = assertThrows(IllegalArgumentException.class, () -> InPlaceOps.add(z, z.reshape(2, 1).reshape(1, 2)));
        assertTrue(aliased.getMessage().contains("add_") && aliased.getMessage().contains("copy"), aliased.getMessage());
        // a plain tensor plus one that requires grad: only the second gets a gradient
        Tensor b = Tensor.of(3f, 4f).requiresGrad(true);
        Tensor sum = InPlaceOps.add(Tensor.of(1f, 1f), b);
        sum.mul(Tensor.of(2f, 5f)).sum().backward();
        assertArrayEquals(new float[] {2, 5}, b.grad().toFloatArray());
    }

    @Test
    void refusesWhatItCannotDifferentiate() {
        Tensor leaf = Tensor.of(-1f, 2f).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> InPlaceOps.relu(leaf));
        assertTrue(e.getMessage().contains("relu_") && e.getMessage().contains("leaf"), e.getMessage());
        // exp's rule reads its output, which relu_ would overwrite
        Tensor ex = leaf.exp();
        e = assertThrows(IllegalStateException.class, () -> InPlaceOps.relu(ex));
        assertTrue(e.getMessage().contains("'exp'") && e.getMessage().contains("[2]"), e.getMessage());
        // a view (narrow) of a linear output
        Tensor lin = Tensor.linear(Tensor.of(new float[][] {{1, 2}}), Tensor.of(new float[][] {{1, 0}, {0, 1}}).requiresGrad(true), null);
        e = assertThrows(IllegalStateException.class, () -> InPlaceOps.relu(lin.narrow(1, 0, 1)));
        assertTrue(e.getMessage().contains("'narrow'"), e.getMessage());
    }

    @Test
    void aSavedInputChangedInPlaceStopsBackward() {
        // mul saves its inputs; relu_ on one of them afterwards must make backward fail, as in PyTorch
        Tensor w = Tensor.of(-1f, 2f).requiresGrad(true);
        Tensor a = w.mul(Tensor.of(1f, 1f));
        Tensor saved = a.mul(w);
        InPlaceOps.relu(a);
        var e = assertThrows(IllegalStateException.class, () -> saved.sum().backward());
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void aRetainedGraphBackpropagatesTwice() {
        Tensor x = Tensor.uniform(Rng.seeded(11), -1, 1, 2, 1, 6, 6);
        Tensor w = Tensor.uniform(Rng.seeded(12), -0.5, 0.5, 3, 1, 5, 5).requiresGrad(true);
        Tensor b = Tensor.uniform(Rng.seeded(13), -0.5, 0.5, 3).requiresGrad(true);
        Tensor loss = convReluPool(x, w, b).sum();
        loss.backward(Tensor.scalar(1), true);
        float[] once = w.grad().toFloatArray();
        loss.backward(Tensor.scalar(1), true);
        float[] twice = w.grad().toFloatArray();
        for (int k = 0; k < once.length; k++) assertEquals(2 * once[k], twice[k], 0f);
        assertEquals("ReLU(inplace=True)", new Activation.ReLU(true).toString().strip());
    }
}
