package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every activation against PyTorch: outputs and input gradients (nn_activations.safetensors). */
class ActivationFixtureTest {

    private static void unary(Map<String, Function<Tensor[], Tensor>> m, String name, UnaryOperator<Tensor> f) {
        m.put(name, x -> f.apply(x[0]));
    }

    static Map<String, Function<Tensor[], Tensor>> impls() {
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        unary(m, "relu", F::relu);
        unary(m, "leaky_relu", x -> new Activation.LeakyReLU().forward(x));
        unary(m, "leaky_relu.0.2", x -> F.leakyRelu(x, 0.2));
        unary(m, "relu6", x -> new Activation.ReLU6().forward(x));
        unary(m, "elu", x -> Activation.of("elu").forward(x));
        unary(m, "elu.0.5", x -> new Activation.ELU(0.5).forward(x));
        unary(m, "selu", x -> new Activation.SELU().forward(x));
        unary(m, "celu", F::celu);
        unary(m, "celu.2", x -> new Activation.CELU(2).forward(x));
        unary(m, "gelu", x -> new Activation.GELU().forward(x));
        unary(m, "gelu.tanh", x -> new Activation.GELU(true).forward(x));
        unary(m, "silu", x -> Activation.of("swish").forward(x));
        unary(m, "mish", x -> new Activation.Mish().forward(x));
        unary(m, "softplus", x -> new Activation.Softplus().forward(x));
        unary(m, "softplus.2.5", x -> new Activation.Softplus(2, 5).forward(x));
        unary(m, "softsign", x -> new Activation.Softsign().forward(x));
        unary(m, "hardtanh", x -> new Activation.Hardtanh().forward(x));
        unary(m, "hardtanh.-2.1.5", x -> F.hardtanh(x, -2, 1.5));
        unary(m, "hardsigmoid", x -> new Activation.Hardsigmoid().forward(x));
        unary(m, "hardswish", x -> new Activation.Hardswish().forward(x));
        unary(m, "sigmoid", x -> new Activation.Sigmoid().forward(x));
        unary(m, "tanh", x -> new Activation.Tanh().forward(x));
        unary(m, "tanhshrink", x -> new Activation.Tanhshrink().forward(x));
        unary(m, "softshrink", x -> new Activation.Softshrink().forward(x));
        unary(m, "hardshrink.1", x -> new Activation.Hardshrink(1).forward(x));
        unary(m, "logsigmoid", x -> new Activation.LogSigmoid().forward(x));
        unary(m, "softmax.1", x -> new Activation.Softmax(1).forward(x));
        unary(m, "softmax.0", x -> F.softmax(x, 0));
        unary(m, "log_softmax.1", x -> new Activation.LogSoftmax(1).forward(x));
        unary(m, "log_softmax.0", x -> F.logSoftmax(x, 0));
        unary(m, "glu.-1", x -> new Activation.GLU().forward(x));
        unary(m, "glu.0", x -> new Activation.GLU(0).forward(x));
        unary(m, "erf", F::erf);
        unary(m, "erf.range", F::erf);
        m.put("prelu.single", x -> F.prelu(x[0], x[1]));
        m.put("prelu.channels", x -> F.prelu(x[0], x[1]));
        m.put("prelu.4d", x -> F.prelu(x[0], x[1]));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return FixtureCases.tests(FixtureCases.load("nn_activations.safetensors"), impls());
    }
}
