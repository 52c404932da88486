package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Variable lengths, recurrent dropout, learned initial states, names, init, determinism and errors of the recurrent layers. */
class RnnLayersTest {
    private static final int T = 6, B = 3, I = 4, H = 5;

    /** Loss weights for an output [T or len, 1, D]. */
    private static Tensor weights(int len, int d, long seed) {
        return Tensor.uniform(Rng.seeded(seed), -1, 1, len, 1, d);
    }

    private static void paddingCase(RNNBase m) {
        int[] lengths = {6, 2, 4};
        Tensor x = Tensor.randn(Rng.seeded(3), T, B, I);
        // garbage in the padding: huge values must change nothing
        Tensor padded = x.copy();
        try (var g = Grad.off()) {
            for (int b = 0; b < B; b++) {
                for (int t = lengths[b]; t < T; t++) padded.select(1, b).select(0, t).fillInPlace(1e6);
            }
        }
        Tensor xb = padded.detach().requiresGrad(true);
        RnnOutput rb = m.run(xb, lengths);
        int d = rb.output().dim(2);
        Tensor lossB = rb.output().mul(weights(T, d, 7).expand(T, B, d)).sum().add(rb.h().sum());
        if (rb.c() != null) lossB = lossB.add(rb.c().mul(2).sum());
        m.zeroGrad();
        lossB.backward();
        Map<String, Tensor> gradB = gradsOf(m);
        Map<String, Tensor> acc = new java.util.LinkedHashMap<>();
        for (int b = 0; b < B; b++) {
            int len = lengths[b];
            Tensor xa = x.narrow(1, b, 1).narrow(0, 0, len).detach().copy().requiresGrad(true);
            RnnOutput ra = m.run(xa);
            FixtureCases.assertClose("row " + b + " output", ra.output().detach(),
                    rb.output().narrow(1, b, 1).narrow(0, 0, len).detach(), 1e-5, 1e-6);
            Tensor pad = rb.output().narrow(1, b, 1).narrow(0, len, T - len).detach();
            assertEquals(0.0, pad.abs().sum().item(), "row " + b + ": outputs at padded steps are zero");
            FixtureCases.assertClose("row " + b + " h", ra.h().detach(), rb.h().narrow(1, b, 1).detach(), 1e-5, 1e-6);
            Tensor lossA = ra.output().mul(weights(T, d, 7).narrow(0, 0, len)).sum().add(ra.h().sum());
            if (ra.c() != null) {
                FixtureCases.assertClose("row " + b + " c", ra.c().detach(), rb.c().narrow(1, b, 1).detach(), 1e-5, 1e-6);
                lossA = lossA.add(ra.c().mul(2).sum());
            }
            m.zeroGrad();
            lossA.backward();
            FixtureCases.assertClose("row " + b + " grad x", xa.grad(), xb.grad().narrow(1, b, 1).narrow(0, 0, len), 1e-5, 1e-6);
            assertEquals(0.0, xb.grad().narrow(1, b, 1).narrow(0, len, T - len).abs().sum().item(), "no gradient into padding");
            gradsOf(m).forEach((k, v) -> acc.merge(k, v, Tensor::add));
        }
        for (var e : gradB.entrySet()) FixtureCases.assertClose("summed gradient " + e.getKey(), acc.get(e.getKey()), e.getValue(), 1e-4, 1e-5);
    }

    private static Map<String, Tensor> gradsOf(Module m) {
        Map<String, Tensor> g = new java.util.LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> g.put(k, v.grad().detach().copy()));
        return g;
    }

    @Test
    void paddingChangesNeitherValuesNorGradientsOfTheValidPart() {
        paddingCase(new LSTM(I, H, RnnOptions.defaults().numLayers(2).bidirectional(true), Rng.seeded(1)));
        paddingCase(new GRU(I, H, RnnOptions.defaults().bidirectional(true), Rng.seeded(2)));
        paddingCase(new RNN(I, H, RNN.Nonlinearity.TANH, RnnOptions.defaults().numLayers(2), Rng.seeded(3)));
    }

    @Test
    void recurrentDropoutUsesOneMaskPerSequenceAndIsIdentityInEval() {
        double p = 0.4;
        Rng rng = Rng.seeded(11);
        GRU gru = new GRU(I, H, RnnOptions.defaults().recurrentDropout(p), rng);
        long[] state = rng.state();
        Tensor x = Tensor.randn(Rng.seeded(4), T, B, I);
        Tensor out = gru.forward(x);
        Rng replay = Rng.seeded(0);
        replay.setState(state);
        Tensor mask = Tensor.bernoulli(replay, 1 - p, B, H).mul(1 / (1 - p));
        // the same recurrence written with plain tensor ops, the one mask applied at every step
        Map<String, Tensor> w = gru.namedParameters();
        Tensor h = Tensor.zeros(B, H);
        for (int t = 0; t < T; t++) {
            Tensor gi = Tensor.linear(x.select(0, t), w.get("weight_ih_l0"), w.get("bias_ih_l0"));
            Tensor gh = Tensor.linear(h.mul(mask), w.get("weight_hh_l0"), w.get("bias_hh_l0"));
            Tensor r = gi.narrow(1, 0, H).add(gh.narrow(1, 0, H)).sigmoid();
            Tensor z = gi.narrow(1, H, H).add(gh.narrow(1, H, H)).sigmoid();
            Tensor n = gi.narrow(1, 2 * H, H).add(r.mul(gh.narrow(1, 2 * H, H))).tanh();
            h = z.rsub(1).mul(n).add(z.mul(h));
            FixtureCases.assertClose("step " + t, h.detach(), out.select(0, t).detach(), 1e-5, 1e-6);
        }
        gru.eval();
        GRU plain = new GRU(I, H, Rng.seeded(0));
        plain.loadStateDict(gru.stateDict(), true);
        assertArrayEquals(plain.forward(x).toFloatArray(), gru.forward(x).toFloatArray());
    }

    @Test
    void learnedInitialStateIsAParameterThatGetsGradients() {
        LSTM m = new LSTM(I, H, RnnOptions.defaults().numLayers(2).learnInitialState(true), Rng.seeded(5));
        Map<String, Tensor> p = m.namedParameters();
        assertArrayEquals(new int[] {2, 1, H}, p.get("h0").dims());
        assertArrayEquals(new int[] {2, 1, H}, p.get("c0").dims());
        try (var g = Grad.off()) {
            p.get("h0").copyFromInPlace(Tensor.uniform(Rng.seeded(6), -1, 1, 2, 1, H));
            p.get("c0").copyFromInPlace(Tensor.uniform(Rng.seeded(7), -1, 1, 2, 1, H));
        }
        Tensor x = Tensor.randn(Rng.seeded(8), T, B, I);
        RnnOutput r = m.run(x);
        r.output().sum().backward();
        assertTrue(p.get("h0").grad().abs().sum().item() > 0);
        assertTrue(p.get("c0").grad().abs().sum().item() > 0);
        RnnOutput given = m.run(x, null, p.get("h0").detach().expand(2, B, H), p.get("c0").detach().expand(2, B, H));
        assertArrayEquals(given.output().toFloatArray(), r.output().toFloatArray());
    }

    @Test
    void parameterNamesShapesAndInitFollowPyTorch() {
        GRU m = new GRU(I, H, RnnOptions.defaults().numLayers(2).bidirectional(true).bias(true), Rng.seeded(1));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(m.namedParameters().keySet()));
        assertArrayEquals(new int[] {3 * H, 2 * H}, m.namedParameters().get("weight_ih_l1").dims());
        double bound = 1 / Math.sqrt(H);
        for (Tensor t : m.parameters()) {
            assertTrue(t.abs().max().item() <= bound, "init within U(-1/sqrt(H), 1/sqrt(H))");
        }
        LSTMCell cell = new LSTMCell(I, H, Rng.seeded(1));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(cell.namedParameters().keySet()));
        assertArrayEquals(new int[] {4 * H, I}, cell.namedParameters().get("weight_ih").dims());
    }

    @Test
    void resultsAreBitIdenticalOnOneAndTwoThreads() {
        LSTM m = new LSTM(I, 64, RnnOptions.defaults().bidirectional(true), Rng.seeded(1));
        Tensor x = Tensor.randn(Rng.seeded(2), T, 40, I).requiresGrad(true);
        int threads = Parallel.threads();
        float[][] res = new float[2][];
        float[][] grads = new float[2][];
        try {
            for (int k = 0; k < 2; k++) {
                Parallel.setThreads(k + 1);
                x.zeroGrad();
                Tensor out = m.forward(x);
                out.square().mean().backward();
                res[k] = out.toFloatArray();
                grads[k] = x.grad().toFloatArray();
            }
        } finally {
            Parallel.setThreads(threads);
        }
        assertArrayEquals(res[0], res[1]);
        assertArrayEquals(grads[0], grads[1]);
    }

    @Test
    void badShapesNameTheLayerAndTheShapes() {
        LSTM m = new LSTM(I, H, Rng.seeded(1));
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(T, B, I + 1)));
        assertTrue(e.getMessage().contains("LSTM") && e.getMessage().contains("[6, 3, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.run(Tensor.zeros(T, B, I), null, Tensor.zeros(2, B, H), null));
        assertTrue(e.getMessage().contains("h0") && e.getMessage().contains("[2, 3, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.run(Tensor.zeros(T, B, I), new int[] {1, 2}));
        assertTrue(e.getMessage().contains("lstm") && e.getMessage().contains("2 lengths"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.run(Tensor.zeros(T, B, I), new int[] {1, 2, 7}));
        assertTrue(e.getMessage().contains("length 7"), e.getMessage());
        GRUCell cell = new GRUCell(I, H, Rng.seeded(1));
        e = assertThrows(IllegalArgumentException.class, () -> cell.forward(Tensor.zeros(B, I), Tensor.zeros(B, H + 1)));
        assertTrue(e.getMessage().contains("gru") && e.getMessage().contains("h0"), e.getMessage());
        assertNotEquals(null, assertThrows(IllegalArgumentException.class, () -> RnnOptions.defaults().dropout(1.0)));
    }
}
