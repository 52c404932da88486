package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Convolutions and pools against PyTorch (conv_ops.safetensors, tools/reference/conv_fixtures.py), float32. */
class ConvFixtureTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("conv_ops.safetensors");
    private static final int[] ONE = {1};

    private static int[] i(int... v) {
        return v;
    }

    /** Runs a Conv2d module loaded with the fixture's weight and bias, and checks it against F.conv2d. */
    private static Tensor module(Module m, Tensor[] x, Function<Tensor[], Tensor> functional) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("weight", x[1]);
        if (x.length > 2) sd.put("bias", x[2]);
        m.loadStateDict(sd, true);
        Tensor viaModule = m.forward(x[0]);
        Tensor viaF = functional.apply(x);
        FixtureCases.assertClose("module vs functional", viaF.detach(), viaModule.detach(), 1e-6, 1e-6);
        return viaF;
    }

    static Map<String, Function<Tensor[], Tensor>> impls() {
        Rng rng = Rng.seeded(0);
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        m.put("conv2d.basic", x -> module(new Conv2d(3, 4, 3, rng), x, y -> F.conv2d(y[0], y[1], y[2], ONE, i(0), ONE, 1)));
        m.put("conv2d.s2p1", x -> module(new Conv2d(3, 4, 3, 2, 1, rng), x, y -> F.conv2d(y[0], y[1], y[2], i(2), i(1), ONE, 1)));
        m.put("conv2d.s21p10", x -> F.conv2d(x[0], x[1], x[2], i(2, 1), i(1, 0), ONE, 1));
        m.put("conv2d.dil2p2", x -> module(new Conv2d(3, 4, i(3), ONE, i(2), i(2), 1, true, rng), x,
                y -> F.conv2d(y[0], y[1], y[2], ONE, i(2), i(2), 1)));
        m.put("conv2d.g2", x -> module(new Conv2d(4, 6, i(3), i(2, 1), i(1, 0), ONE, 2, true, rng), x,
                y -> F.conv2d(y[0], y[1], y[2], i(2, 1), i(1, 0), ONE, 2)));
        m.put("conv2d.depthwise", x -> F.conv2d(x[0], x[1], x[2], ONE, i(1), ONE, 4));
        m.put("conv2d.depthwise.mult2", x -> F.conv2d(x[0], x[1], x[2], i(2), i(1), ONE, 3));
        m.put("conv2d.same", x -> module(Conv2d.same(3, 3, i(4, 3), ONE, 1, true, rng), x,
                y -> F.conv2dSame(y[0], y[1], y[2], ONE, 1)));
        m.put("conv2d.same.dil2", x -> F.conv2dSame(x[0], x[1], x[2], i(2), 1));
        m.put("conv2d.1x1.nobias", x -> module(new Conv2d(3, 5, i(1), ONE, i(0), ONE, 1, false, rng), x,
                y -> F.conv2d(y[0], y[1], null, ONE, i(0), ONE, 1)));
        m.put("conv1d.s2p1", x -> module(new Conv1d(3, 4, 3, 2, i(1), 1, 1, true, rng), x,
                y -> F.conv1d(y[0], y[1], y[2], 2, i(1), 1, 1)));
        m.put("conv1d.causal.dil2", x -> module(Conv1d.causal(3, 4, 3, 2, rng), x, y -> F.causalConv1d(y[0], y[1], y[2], 2, 1)));
        m.put("conv1d.g3", x -> F.conv1d(x[0], x[1], null, 1, i(2), 1, 3));
        m.put("conv_transpose2d.s2p1op1", x -> module(new ConvTranspose2d(4, 3, i(3), i(2), i(1), i(1), ONE, 1, true, rng), x,
                y -> F.convTranspose2d(y[0], y[1], y[2], i(2), i(1), i(1), ONE, 1)));
        m.put("conv_transpose2d.g2.dil2", x -> module(new ConvTranspose2d(4, 4, i(3), ONE, i(0), i(0), i(2), 2, true, rng), x,
                y -> F.convTranspose2d(y[0], y[1], y[2], ONE, i(0), i(0), i(2), 2)));
        m.put("conv_transpose1d.s2p1", x -> module(new ConvTranspose1d(3, 2, 4, 2, 1, 0, 1, 1, true, rng), x,
                y -> F.convTranspose1d(y[0], y[1], y[2], 2, 1, 0, 1, 1)));
        m.put("max_pool2d.k2", x -> x[0].maxPool2d(i(2), null, i(0), false));
        m.put("max_pool2d.k3s2p1", x -> x[0].maxPool2d(i(3), i(2), i(1), false));
        m.put("max_pool2d.k3s2.ceil", x -> x[0].maxPool2d(i(3), i(2), i(0), true));
        m.put("max_pool2d.k23s12", x -> x[0].maxPool2d(i(2, 3), i(1, 2), i(0), false));
        m.put("avg_pool2d.k2", x -> x[0].avgPool2d(i(2), null, i(0), false, true));
        m.put("avg_pool2d.k3s2p1", x -> x[0].avgPool2d(i(3), i(2), i(1), false, true));
        m.put("avg_pool2d.k3s2p1.exclude_pad", x -> x[0].avgPool2d(i(3), i(2), i(1), false, false));
        m.put("avg_pool2d.k3s2p1.ceil", x -> x[0].avgPool2d(i(3), i(2), i(1), true, true));
        m.put("avg_pool2d.k3s2p1.ceil.exclude_pad", x -> x[0].avgPool2d(i(3), i(2), i(1), true, false));
        m.put("max_pool1d.k3s2", x -> x[0].maxPool1d(3, 2, 0, false));
        m.put("avg_pool1d.k3s2p1", x -> x[0].avgPool1d(3, 2, 1, false, true));
        m.put("adaptive_avg_pool2d.3x2", x -> x[0].adaptiveAvgPool2d(3, 2));
        m.put("adaptive_avg_pool2d.1x1", x -> x[0].adaptiveAvgPool2d(1, 1));
        m.put("upsample.nearest.x2", x -> new Upsample(2, Upsample.Mode.NEAREST).forward(x[0]));
        m.put("upsample.nearest.5x7", x -> new Upsample(i(5, 7), Upsample.Mode.NEAREST).forward(x[0]));
        m.put("upsample.bilinear.x2", x -> new Upsample(2, Upsample.Mode.BILINEAR).forward(x[0]));
        m.put("upsample.bilinear.5x3", x -> new Upsample(i(5, 3), Upsample.Mode.BILINEAR).forward(x[0]));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return FixtureCases.tests(FX, impls());
    }
}
