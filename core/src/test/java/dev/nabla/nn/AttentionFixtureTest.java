package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Scaled dot-product attention, MultiheadAttention and the transformer layers against PyTorch
 * (attention.safetensors, tools/reference/attention_fixtures.py): PyTorch state dicts loaded unchanged
 * (strict), outputs, returned weights, and gradients of sum(out * r) for inputs and every parameter.
 */
class AttentionFixtureTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("attention.safetensors");
    private static final double RTOL = 1e-4;
    private static final double ATOL = 2e-5;

    private static Tensor bool(Tensor intMask) {
        return intMask.ne(0);
    }

    private static Attention.Result sdpa(Tensor[] x, Attention.Mask mask) {
        return Attention.scaledDotProduct(x[0], x[1], x[2], mask, 0, null, true);
    }

    static Map<String, Function<Tensor[], Tensor>> functional() {
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        m.put("sdpa.nomask", x -> Attention.scaledDotProduct(x[0], x[1], x[2]));
        m.put("sdpa.bool_mask", x -> sdpa(x, Attention.Mask.of(bool(x[3]))).output());
        m.put("sdpa.float_mask", x -> sdpa(x, Attention.Mask.of(x[3])).output());
        m.put("sdpa.key_padding", x -> sdpa(x, Attention.Mask.NONE.withKeyPadding(bool(x[3]))).output());
        m.put("sdpa.causal", x -> sdpa(x, Attention.Mask.causalMask()).output());
        m.put("sdpa.causal.rect", x -> sdpa(x, Attention.Mask.causalMask()).output());
        m.put("sdpa.weights.bool_mask", x -> Attention.scaledDotProduct(x[0], x[1], x[1], Attention.Mask.of(bool(x[2])), 0, null, true).weights());
        return m;
    }

    /** A module case: a fresh module, and its forward from the stored inputs to {output, weights or null}. */
    private record ModuleCase(Supplier<Module> module, BiFunction<Module, Tensor[], Tensor[]> forward) {}

    @SuppressWarnings("unchecked")
    private static <M extends Module> ModuleCase mod(Supplier<M> make, BiFunction<M, Tensor[], Tensor[]> f) {
        return new ModuleCase(make::get, (m, x) -> f.apply((M) m, x));
    }

    private static Tensor[] out(Tensor t) {
        return new Tensor[] {t, null};
    }

    private static Tensor[] out(MultiheadAttention.Output o) {
        return new Tensor[] {o.output(), o.weights()};
    }

    private static Map<String, ModuleCase> modules() {
        Rng rng = Rng.seeded(3);
        Map<String, ModuleCase> m = new LinkedHashMap<>();
        m.put("mha.self.seqfirst", mod(() -> new MultiheadAttention(8, 2, rng), (a, x) -> out(a.forward(x[0], x[0], x[0], null, true, null))));
        m.put("mha.cross.batchfirst.masks", mod(() -> new MultiheadAttention(8, 2, 0.0, true, rng),
                (a, x) -> out(a.forward(x[0], x[1], x[1], bool(x[2]), true, bool(x[3])))));
        m.put("mha.kvdim.floatmask.perhead", mod(() -> new MultiheadAttention(8, 2, 0.0, true, 6, 5, false, rng),
                (a, x) -> out(a.forward(x[0], x[1], x[2], null, true, x[3], false, false))));
        m.put("mha.bias_kv.zero_attn", mod(() -> new MultiheadAttention(8, 2, 0.0, true, true, true, 8, 8, false, rng),
                (a, x) -> out(a.forward(x[0], x[1], x[1], bool(x[2]), true, bool(x[3])))));
        m.put("mha.nobias.causal", mod(() -> new MultiheadAttention(8, 2, 0.0, false, 8, 8, true, rng),
                (a, x) -> new Tensor[] {a.forward(x[0], x[0], x[0], null, false, Transformer.generateSquareSubsequentMask(4)).output(), null}));
        TransformerLayerConfig base = TransformerLayerConfig.defaults().withDimFeedforward(16).withDropout(0);
        String[][] combos = {{"post", "relu", "sf"}, {"pre", "gelu", "bf"}, {"post", "gelu", "bf"}, {"pre", "relu", "sf"}};
        for (String[] c : combos) {
            String tag = String.join(".", c);
            TransformerLayerConfig cfg = base.withNormFirst(c[0].equals("pre")).withActivation(c[1]).withBatchFirst(c[2].equals("bf"));
            m.put("enc." + tag, mod(() -> new TransformerEncoderLayer(8, 2, cfg, rng),
                    (l, x) -> out(l.forward(x[0], null, bool(x[1]), false))));
            m.put("dec." + tag, mod(() -> new TransformerDecoderLayer(8, 2, cfg, rng),
                    (l, x) -> out(l.forward(x[0], x[1], Transformer.generateSquareSubsequentMask(5), null, null, bool(x[2]), false))));
        }
        TransformerLayerConfig bf = base.withBatchFirst(true);
        m.put("encoder2.norm", mod(() -> TransformerEncoder.of(8, 2, bf, 2, true, rng),
                (e, x) -> out(e.forward(x[0], Transformer.generateSquareSubsequentMask(5), null, false))));
        m.put("transformer.small", mod(() -> new Transformer(8, 2, 2, 1, bf, rng),
                (t, x) -> out(t.forward(x[0], x[1], null, Transformer.generateSquareSubsequentMask(5), null, null, null, null))));
        return m;
    }

    private static void runModule(String name, ModuleCase c) {
        Module m = c.module().get();
        ModuleCases.run(FX, name, m, x -> c.forward().apply(m, x), RTOL, ATOL);
    }

    @TestFactory
    Stream<DynamicTest> functionalMatchesPyTorch() {
        Map<String, Function<Tensor[], Tensor>> impls = functional();
        List<DynamicTest> tests = new ArrayList<>();
        SortedSet<String> names = new TreeSet<>();
        for (String n : FixtureCases.caseNames(FX)) if (n.startsWith("sdpa.")) names.add(n);
        tests.add(DynamicTest.dynamicTest("fixture and tests cover the same sdpa cases", () -> assertEquals(names, new TreeSet<>(impls.keySet()))));
        for (String n : names) tests.add(DynamicTest.dynamicTest(n, () -> FixtureCases.run(FX, n, impls.get(n))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> modulesMatchPyTorch() {
        Map<String, ModuleCase> cases = modules();
        List<DynamicTest> tests = new ArrayList<>();
        SortedSet<String> names = new TreeSet<>();
        for (String n : FixtureCases.caseNames(FX)) if (!n.startsWith("sdpa.")) names.add(n);
        tests.add(DynamicTest.dynamicTest("fixture and tests cover the same module cases", () -> assertEquals(names, new TreeSet<>(cases.keySet()))));
        for (String n : names) if (cases.containsKey(n)) tests.add(DynamicTest.dynamicTest(n, () -> runModule(n, cases.get(n))));
        return tests.stream();
    }

    @Test
    void sinusoidalTableMatchesTheTutorial() {
        FixtureCases.assertClose("positional table", FX.get("positional.table"), PositionalEncoding.table(12, 8), 1e-6, 1e-6);
    }
}
