package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks (float64) of every composite activation and functional layer. Inputs are
 * uniform in (-4, 4), which crosses every kink (0, +-1, +-3, ...) with probability zero.
 */
class ActivationGradCheckTest {

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), -4, 4, DType.FLOAT64, shape);
    }

    private static Arguments c(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return Arguments.of(name, f, inputs);
    }

    static Stream<Arguments> cases() {
        Tensor x = rnd(1, 3, 6);
        return Stream.of(
                c("leakyRelu", t -> F.leakyRelu(t[0], 0.1), x),
                c("prelu-single", t -> F.prelu(t[0], t[1]), x, rnd(2, 1)),
                c("prelu-channels", t -> F.prelu(t[0], t[1]), rnd(3, 2, 3, 4), rnd(4, 3)),
                c("relu6", t -> F.relu6(t[0].mul(2)), x),
                c("elu", t -> F.elu(t[0], 0.7), x),
                c("selu", t -> F.selu(t[0]), x),
                c("celu", t -> F.celu(t[0], 1.5), x),
                c("gelu", t -> F.gelu(t[0]), x),
                c("gelu-tails", t -> F.gelu(t[0].mul(3)), x),
                c("gelu-tanh", t -> F.gelu(t[0], true), x),
                c("erf", t -> F.erf(t[0]), x),
                c("erfc", t -> Special.erfc(t[0]), x),
                c("silu", t -> F.silu(t[0]), x),
                c("swish", t -> F.swish(t[0], 1.7), x),
                c("mish", t -> F.mish(t[0]), x),
                c("softplus", t -> F.softplus(t[0]), x),
                c("softplus-beta-threshold", t -> F.softplus(t[0], 2, 3), x),
                c("softplus-large", t -> F.softplus(t[0].mul(30), 1, Double.POSITIVE_INFINITY), x),
                c("logSigmoid", t -> F.logSigmoid(t[0].mul(10)), x),
                c("softsign", t -> F.softsign(t[0]), x),
                c("hardtanh", t -> F.hardtanh(t[0], -2, 1.5), x),
                c("hardsigmoid", t -> F.hardsigmoid(t[0]), x),
                c("hardswish", t -> F.hardswish(t[0]), x),
                c("tanhshrink", t -> F.tanhshrink(t[0]), x),
                c("softshrink", t -> F.softshrink(t[0], 0.5), x),
                c("hardshrink", t -> F.hardshrink(t[0], 0.5), x),
                c("threshold", t -> F.threshold(t[0], 0.5, -1), x),
                c("glu", t -> F.glu(t[0], 1), x),
                c("glu-dim0", t -> F.glu(t[0], 0), rnd(5, 4, 3)),
                c("linear", t -> F.linear(t[0], t[1], t[2]), rnd(6, 5, 4), rnd(7, 3, 4), rnd(8, 3)),
                c("bilinear", t -> F.bilinear(t[0], t[1], t[2], t[3]), rnd(9, 2, 4), rnd(10, 2, 3), rnd(11, 5, 4, 3), rnd(12, 5)),
                c("pairwiseDistance-2", t -> F.pairwiseDistance(t[0], t[1], 2, 1e-6), rnd(13, 3, 4), rnd(14, 3, 4)),
                c("pairwiseDistance-3", t -> F.pairwiseDistance(t[0], t[1], 3, 1e-6), rnd(13, 3, 4), rnd(14, 3, 4)),
                c("cosineSimilarity", t -> F.cosineSimilarity(t[0], t[1], 1, 1e-8), rnd(15, 3, 4), rnd(16, 3, 4)),
                c("regularization-l1-l2", t -> Regularization.l1(java.util.List.of(t[0], t[1])).add(Regularization.l2(java.util.List.of(t[0], t[1]), 0.3)),
                        rnd(17, 3, 4), rnd(18, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        GradCheck.check(f, inputs);
    }
}
