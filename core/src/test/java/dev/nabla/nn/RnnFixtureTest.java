package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * RNN, LSTM, GRU (stacked, bidirectional, batch-first, given states, no bias, packed variable-length batches) and
 * the cells, and the layer-normalized LSTM (against its equations written with torch ops), against PyTorch (rnn.safetensors, tools/reference/rnn_fixtures.py): the PyTorch state dict loads
 * unchanged (strict), and output, final states and the gradients of input, initial states and every parameter
 * match in float32 (rtol 1e-4, atol 1e-5).
 */
class RnnFixtureTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("rnn.safetensors");
    private static final int I = 3;
    private static final int H = 4;

    private static RnnOptions o() {
        return RnnOptions.defaults();
    }

    static Map<String, Supplier<Module>> cases() {
        Rng rng = Rng.seeded(1);
        Map<String, Supplier<Module>> m = new LinkedHashMap<>();
        m.put("rnn_tanh", () -> new RNN(I, H, rng));
        m.put("rnn_relu.L2.h0", () -> new RNN(I, H, RNN.Nonlinearity.RELU, o().numLayers(2), rng));
        m.put("rnn_tanh.bi.nobias.bf", () -> new RNN(I, H, RNN.Nonlinearity.TANH, o().bidirectional(true).bias(false).batchFirst(true), rng));
        m.put("lstm", () -> new LSTM(I, H, rng));
        m.put("lstm.L2.bi", () -> new LSTM(I, H, o().numLayers(2).bidirectional(true), rng));
        m.put("lstm.bf.h0c0", () -> new LSTM(I, H, o().batchFirst(true), rng));
        m.put("lstm.nobias.L2.h0c0", () -> new LSTM(I, H, o().bias(false).numLayers(2), rng));
        m.put("gru", () -> new GRU(I, H, rng));
        m.put("gru.L2.bi.h0", () -> new GRU(I, H, o().numLayers(2).bidirectional(true), rng));
        m.put("gru.bf.nobias", () -> new GRU(I, H, o().batchFirst(true).bias(false), rng));
        m.put("packed.lstm.bi", () -> new LSTM(I, H, o().bidirectional(true), rng));
        m.put("packed.lstm.L2.bf.h0c0", () -> new LSTM(I, H, o().numLayers(2).batchFirst(true), rng));
        m.put("packed.gru.bi.L2", () -> new GRU(I, H, o().bidirectional(true).numLayers(2), rng));
        m.put("packed.rnn_tanh.bi.h0", () -> new RNN(I, H, RNN.Nonlinearity.TANH, o().bidirectional(true), rng));
        m.put("cell.rnn_tanh.h0", () -> new RNNCell(I, H, rng));
        m.put("cell.rnn_relu", () -> new RNNCell(I, H, true, RNN.Nonlinearity.RELU, rng));
        m.put("cell.lstm.h0c0", () -> new LSTMCell(I, H, rng));
        m.put("cell.lstm", () -> new LSTMCell(I, H, false, rng));
        m.put("cell.gru.h0", () -> new GRUCell(I, H, rng));
        m.put("lnlstm.h0c0", () -> new LayerNormLSTM(I, H, false, rng));
        m.put("lnlstm.bf.lengths", () -> new LayerNormLSTM(I, H, true, rng));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        Map<String, Supplier<Module>> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        for (String k : FX.keySet()) if (k.endsWith(".x") && !k.endsWith(".grad.x")) names.add(k.substring(0, k.length() - 2));
        tests.add(DynamicTest.dynamicTest("fixture and test cover the same cases", () -> assertEquals(names, new TreeSet<>(cases.keySet()))));
        for (String name : names) {
            if (cases.containsKey(name)) tests.add(DynamicTest.dynamicTest(name, () -> check(name, cases.get(name).get())));
        }
        return tests.stream();
    }

    private static Tensor var(String key) {
        Tensor t = FX.get(key);
        return t == null ? null : t.detach().copy().requiresGrad(true);
    }

    private static void check(String name, Module m) {
        String pre = name + ".sd.";
        Map<String, Tensor> sd = new LinkedHashMap<>();
        FX.forEach((k, v) -> {
            if (k.startsWith(pre)) sd.put(k.substring(pre.length()), v);
        });
        m.loadStateDict(sd, true);
        Tensor x = var(name + ".x");
        Tensor h0 = var(name + ".h0");
        Tensor c0 = var(name + ".c0");
        Tensor len = FX.get(name + ".lengths");
        RnnOutput r = switch (m) {
            case RNNBase layer -> layer.run(x, len == null ? null : len.toIntArray(), h0, c0);
            case LayerNormLSTM layer -> layer.run(x, len == null ? null : len.toIntArray(), h0, c0);
            case LSTMCell cell -> cell.forward(x, h0, c0);
            case RNNCell cell -> {
                Tensor h = cell.forward(x, h0);
                yield new RnnOutput(h, h, null);
            }
            case GRUCell cell -> {
                Tensor h = cell.forward(x, h0);
                yield new RnnOutput(h, h, null);
            }
            default -> throw new IllegalStateException(m.getClass().getName());
        };
        FixtureCases.assertClose(name + ": output", FX.get(name + ".out"), r.output());
        FixtureCases.assertClose(name + ": h", FX.get(name + ".h"), r.h());
        Tensor loss = r.output().mul(FX.get(name + ".r_out")).sum().add(r.h().mul(FX.get(name + ".r_h")).sum());
        if (FX.containsKey(name + ".c")) {
            FixtureCases.assertClose(name + ": c", FX.get(name + ".c"), r.c());
            loss = loss.add(r.c().mul(FX.get(name + ".r_c")).sum());
        }
        loss.backward();
        FixtureCases.assertClose(name + ": grad x", FX.get(name + ".grad.x"), x.grad());
        if (h0 != null) FixtureCases.assertClose(name + ": grad h0", FX.get(name + ".grad.h0"), h0.grad());
        if (c0 != null) FixtureCases.assertClose(name + ": grad c0", FX.get(name + ".grad.c0"), c0.grad());
        Map<String, Tensor> params = m.namedParameters();
        assertEquals(sd.keySet(), params.keySet(), name + ": parameter names");
        for (var e : params.entrySet()) {
            FixtureCases.assertClose(name + ": grad " + e.getKey(), FX.get(name + ".grad.sd." + e.getKey()), e.getValue().grad());
        }
    }
}
