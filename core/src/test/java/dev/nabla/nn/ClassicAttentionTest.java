package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The attention of the notes (Bahdanau, Luong global and local, pointer head, gated convolution) against the
 * papers' formulas written in torch (attention_classic.safetensors), and by finite differences: float64 GradCheck
 * of the additive score, and central differences in float32 over every input and parameter of each module.
 */
class ClassicAttentionTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("attention_classic.safetensors");
    private static final int H = 5;
    private static final int K = 4;
    private static final int A = 7;

    private static Tensor bool(Tensor t) {
        return t.ne(0);
    }

    private static Tensor[] one(Tensor t) {
        return new Tensor[] {t, null};
    }

    private static Tensor[] luong(LuongAttention.Result r) {
        return one(Tensor.cat(-1, r.context(), r.weights(), r.attentional()));
    }

    /** Each case: a fresh module and its forward on the stored inputs. */
    private record Case(Supplier<Module> make, java.util.function.BiFunction<Module, Tensor[], Tensor[]> forward) {}

    private static Map<String, Case> cases() {
        Rng rng = Rng.seeded(8);
        Map<String, Case> m = new LinkedHashMap<>();
        m.put("classic.additive", new Case(() -> new AdditiveAttention(H, K, A, rng), (mod, x) -> {
            AdditiveAttention.Result r = ((AdditiveAttention) mod).attend(x[0], x[1], null, bool(x[2]));
            return one(Tensor.cat(-1, r.context(), r.weights()));
        }));
        m.put("classic.luong.dot", new Case(() -> new LuongAttention(LuongAttention.Score.DOT, H, H, A, 4, rng),
                (mod, x) -> luong(((LuongAttention) mod).attend(x[0], x[1], null))));
        m.put("classic.luong.general", new Case(() -> new LuongAttention(LuongAttention.Score.GENERAL, H, K, A, 4, rng),
                (mod, x) -> luong(((LuongAttention) mod).attend(x[0], x[1], null))));
        m.put("classic.luong.concat", new Case(() -> new LuongAttention(LuongAttention.Score.CONCAT, H, K, A, 4, rng),
                (mod, x) -> luong(((LuongAttention) mod).attend(x[0], x[1], null))));
        m.put("classic.local_m", new Case(() -> new LocalAttention(new LuongAttention(LuongAttention.Score.GENERAL, H, K, A, 4, rng),
                LocalAttention.Mode.MONOTONIC, 1, H, rng), (mod, x) -> luong(((LocalAttention) mod).attend(x[0], x[1], null, 0))));
        m.put("classic.local_p", new Case(() -> new LocalAttention(new LuongAttention(LuongAttention.Score.DOT, H, H, A, 4, rng),
                LocalAttention.Mode.PREDICTIVE, 2, H, rng), (mod, x) -> luong(((LocalAttention) mod).attend(x[0], x[1], null, 0))));
        m.put("classic.pointer", new Case(() -> new PointerHead(H, K, A, rng),
                (mod, x) -> one(((PointerHead) mod).logProbabilities(x[0], x[1], bool(x[2])))));
        m.put("classic.gated_conv", new Case(() -> new GatedConv1d(3, 4, 3, 2, false, rng), (mod, x) -> one(mod.forward(x[0]))));
        m.put("classic.gated_conv.residual", new Case(() -> new GatedConv1d(4, 4, 2, 1, true, rng), (mod, x) -> one(mod.forward(x[0]))));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesTheFormulasInTorch() {
        Map<String, Case> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("fixture and tests cover the same cases",
                () -> assertEquals(FixtureCases.caseNames(FX), new java.util.TreeSet<>(cases.keySet()))));
        for (var e : cases.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Module mod = e.getValue().make().get();
                ModuleCases.run(FX, e.getKey(), mod, x -> e.getValue().forward().apply(mod, x), 1e-4, 2e-5);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> finiteDifferencesOverInputsAndParameters() {
        Map<String, Case> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : cases.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Module mod = e.getValue().make().get();
                String name = e.getKey();
                List<Tensor> xs = new ArrayList<>();
                while (FX.containsKey(name + ".x" + xs.size())) xs.add(FX.get(name + ".x" + xs.size()));
                Float32GradCheck.check(mod, xs.toArray(new Tensor[0]), x -> e.getValue().forward().apply(mod, x)[0]);
            }));
        }
        return tests.stream();
    }

    @Test
    void additiveScoresGradCheckInDoublePrecision() {
        Rng r = Rng.seeded(2);
        Function<int[], Tensor> d = s -> Tensor.normal(r, 0, 1, DType.FLOAT64, s);
        GradCheck.check(x -> AdditiveAttention.scores(x[0], x[1], x[2], x[3], x[4], x[5]),
                d.apply(new int[] {2, 3, 4}), d.apply(new int[] {2, 5, 3}), d.apply(new int[] {6, 4}), d.apply(new int[] {6}),
                d.apply(new int[] {6, 3}), d.apply(new int[] {1, 6}));
        GradCheck.check(x -> AdditiveAttention.weigh(AdditiveAttention.scores(x[0], x[1], x[2], null, x[3], x[4]), x[1], null, true).context(),
                d.apply(new int[] {2, 4}), d.apply(new int[] {2, 5, 3}), d.apply(new int[] {6, 4}), d.apply(new int[] {6, 3}), d.apply(new int[] {1, 6}));
    }

    @Test
    void localWindowsKeepOnlyNearbyPositions() {
        Rng r = Rng.seeded(3);
        LocalAttention local = new LocalAttention(new LuongAttention(LuongAttention.Score.DOT, 4, 4, 1, 0, r), LocalAttention.Mode.MONOTONIC, 1, 4, r);
        LuongAttention.Result res = local.attend(Tensor.randn(r, 1, 5, 4), Tensor.randn(r, 1, 8, 4), null, 2);
        Tensor w = res.weights();
        for (int t = 0; t < 5; t++) {
            for (int s = 0; s < 8; s++) {
                boolean inside = Math.abs(s - (t + 2)) <= 1;
                assertEquals(inside, w.get(0, t, s) > 0, "t=" + t + ", s=" + s);
            }
            assertEquals(1, w.select(1, t).sum().item(), 1e-5);
        }
        assertThrows(IllegalStateException.class, () -> local.positions(Tensor.zeros(1, 2, 4), 8));
    }

    @Test
    void pointerHeadIsADistributionOverInputsAndPointsToTheArgmax() {
        Rng r = Rng.seeded(4);
        PointerHead head = new PointerHead(3, 3, 5, r);
        Tensor enc = Tensor.randn(r, 2, 4, 3);
        Tensor mask = Tensor.fromArray(new double[] {0, 1, 0, 0, 0, 0, 0, 1}, DType.BOOL, 2, 4);
        Tensor lp = head.logProbabilities(Tensor.randn(r, 2, 3), enc, mask);
        try (var g = Grad.off()) {
            assertEquals(1, lp.exp().select(0, 0).sum().item(), 1e-5);
            assertEquals(0, lp.exp().get(0, 1));
            assertEquals(0, lp.exp().get(1, 3));
            Tensor chosen = PointerHead.pointTo(lp, enc);
            for (int n = 0; n < 2; n++) {
                int j = (int) lp.select(0, n).argmax().item();
                FixtureCases.assertClose("pointed state", enc.select(0, n).select(0, j), chosen.select(0, n), 0, 0);
            }
        }
    }

    @Test
    void gatedConvolutionIsCausal() {
        Rng r = Rng.seeded(5);
        GatedConv1d block = new GatedConv1d(2, 3, 3, 2, false, r);
        Tensor x = Tensor.randn(r, 1, 2, 10);
        Tensor y1 = block.forward(x);
        Tensor x2 = x.copy();
        try (var g = Grad.off()) {
            x2.narrow(2, 6, 4).fillInPlace(5);
        }
        Tensor y2 = block.forward(x2);
        FixtureCases.assertClose("outputs before the change", y1.narrow(2, 0, 6), y2.narrow(2, 0, 6), 0, 0);
        assertTrue(y1.narrow(2, 6, 4).sub(y2.narrow(2, 6, 4)).abs().max().item() > 0);
        assertThrows(IllegalArgumentException.class, () -> new GatedConv1d(2, 3, 3, 1, true, r));
    }
}
