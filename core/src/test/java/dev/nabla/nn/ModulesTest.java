package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The activation, PReLU, Bilinear, dropout and container modules: settings, state dicts, modes, errors. */
class ModulesTest {

    @Test
    void activationOfKnowsEveryName() {
        Tensor x = Tensor.linspace(-4, 4, 9);
        for (String name : Activation.KNOWN.replace(" (swish)", ", swish").split(", ")) {
            Activation a = Activation.of(name.toUpperCase(java.util.Locale.ROOT));
            assertArrayEquals(x.dims(), a.forward(x).dims(), name);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.of("swishy"));
        assertTrue(e.getMessage().contains("swishy") && e.getMessage().contains("gelu"));
        assertSame(Activation.Identity.class, Activation.of("identity").getClass());
    }

    @Test
    void printsPyTorchLikeSettings() {
        Sequential s = new Sequential(new Linear(4, 3, Rng.seeded(1)), new Activation.GELU(true), new Activation.LeakyReLU(0.2), new PReLU(3));
        String text = s.toString();
        assertTrue(text.contains("GELU(approximate=tanh)"), text);
        assertTrue(text.contains("LeakyReLU(negative_slope=0.2)"), text);
        assertTrue(text.contains("PReLU(num_parameters=3)"), text);
        assertEquals("ReLU()\n", new Activation.ReLU().toString());
    }

    @Test
    void preluLearnsItsSlopes() {
        PReLU p = new PReLU(3);
        assertEquals(List.of("weight"), List.copyOf(p.stateDict().keySet()));
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, p.weight().toFloatArray());
        Tensor x = Tensor.of(new float[][] {{-1, 2, -3}, {4, -5, 6}});
        Tensor y = p.forward(x);
        assertArrayEquals(new float[] {-0.25f, 2, -0.75f, 4, -1.25f, 6}, y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new float[] {-1, -5, -3}, p.weight().grad().toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("prelu") && e.getMessage().contains("[2, 4]") && e.getMessage().contains("[3]"), e.getMessage());
        assertEquals(-0.5, new PReLU().forward(Tensor.of(-2f)).item(), 1e-7);
    }

    @Test
    void bilinearHasPyTorchShapesAndNeedsTwoInputs() {
        Bilinear b = new Bilinear(4, 3, 2, Rng.seeded(2));
        assertArrayEquals(new int[] {2, 4, 3}, b.stateDict().get("weight").dims());
        assertArrayEquals(new int[] {2}, b.stateDict().get("bias").dims());
        assertArrayEquals(new int[] {5, 2}, b.forward(Tensor.zeros(5, 4), Tensor.zeros(5, 3)).dims());
        assertThrows(UnsupportedOperationException.class, () -> b.forward(Tensor.zeros(5, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 4), Tensor.zeros(5, 4)));
        assertTrue(e.getMessage().contains("bilinear") && e.getMessage().contains("[5, 4]") && e.getMessage().contains("[2, 4, 3]"));
        double bound = 1 / Math.sqrt(4);
        assertTrue(b.weight().abs().max().item() <= bound);
    }

    @Test
    void moduleListRegistersChildrenInOrder() {
        ModuleList list = new ModuleList(new Linear(2, 3, Rng.seeded(3)), new Activation.ReLU());
        list.add(new Linear(3, 1, false, Rng.seeded(4)));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(list.stateDict().keySet()));
        assertEquals(3, list.size());
        assertSame(list.get(2), list.get(-1));
        Tensor x = Tensor.ones(1, 2);
        for (Module m : list) x = m.forward(x);
        assertArrayEquals(new int[] {1, 1}, x.dims());
        assertThrows(UnsupportedOperationException.class, () -> list.forward(Tensor.ones(1, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        list.eval();
        assertTrue(!list.get(1).isTraining());
    }

    @Test
    void alphaDropoutKeepsSelfNormalizedStatistics() {
        AlphaDropout d = new AlphaDropout(0.2, Rng.seeded(5));
        Tensor x = Tensor.randn(Rng.seeded(6), 400, 500);
        Tensor y = d.forward(x);
        assertEquals(0, y.mean().item(), 0.01);
        assertEquals(1, y.var(false).item(), 0.015);
        double saturation = -F.SELU_ALPHA * F.SELU_SCALE;
        double a = 1 / Math.sqrt((saturation * saturation * 0.2 + 1) * 0.8);
        double dropped = a * saturation + a * (-saturation) * 0.2;
        long count = 0;
        for (float v : y.toFloatArray()) if (Math.abs(v - dropped) < 1e-5) count++;
        assertEquals(0.2, count / 200000.0, 0.005);
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void dropoutFunctionalScalesSurvivors() {
        Tensor x = Tensor.ones(1000, 100);
        Tensor y = F.dropout(x, 0.3, true, Rng.seeded(7));
        assertEquals(1, y.mean().item(), 0.01);
        assertSame(x, F.dropout(x, 0.3, false, Rng.seeded(7)));
        assertEquals(0, F.dropout(x, 1, true, Rng.seeded(7)).abs().max().item());
    }

    @Test
    void gluAndPreluRejectBadShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> F.glu(Tensor.zeros(2, 3), 1));
        assertTrue(e.getMessage().contains("glu") && e.getMessage().contains("[2, 3]"));
        assertThrows(IllegalArgumentException.class, () -> F.linear(Tensor.zeros(2, 3), Tensor.zeros(4, 2), null));
    }

    @Test
    void sigmoidFactsHold() {
        Tensor x = Tensor.of(0f).requiresGrad(true);
        Tensor y = new Activation.Sigmoid().forward(x);
        y.backward();
        assertEquals(0.5, y.item());
        assertEquals(0.25, x.grad().item());
    }

    @Test
    void geluIsAccurateInTheTails() {
        // x Phi(x) for x = -10: Phi(-10) = 7.619853024160527e-24
        assertEquals(-7.619853024160527e-23, F.gelu(Tensor.of(-10f).toDouble()).item(), 1e-36);
        assertEquals(10, F.gelu(Tensor.of(10f)).item(), 1e-6);
    }
}
