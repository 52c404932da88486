package dev.nabla.loss;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite-difference checks (float64) of every loss with respect to its floating inputs, across options. */
class LossGradCheckTest {

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), -2, 2, DType.FLOAT64, shape);
    }

    private static Tensor prob(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), 0.05, 0.95, DType.FLOAT64, shape);
    }

    private static Arguments c(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return Arguments.of(name, f, inputs);
    }

    static Stream<Arguments> cases() {
        Tensor y = Tensor.indices(0, 3, 1, 2, 3);
        Tensor yIgn = Tensor.indices(0, -100, 1, 2, -100);
        Tensor w = Tensor.fromArray(new double[] {0.5, 1.5, 1.0, 2.0}, DType.FLOAT64, 4);
        Tensor yk = Tensor.wrap(new double[] {0, 3, 1, 2, -100, 1}, DType.INT64, 2, 3);
        Tensor pm = Tensor.fromArray(new double[] {1, -1, 1, -1, -1}, DType.FLOAT64, 5);
        Tensor sim = Tensor.fromArray(new double[] {1, 0, 1, 0, 0}, DType.FLOAT64, 5);
        Tensor soft = rnd(40, 5, 4).softmax(1);
        CrossEntropyOptions o = CrossEntropyOptions.defaults();
        return Stream.of(
                c("mse", x -> Loss.mse(x[0], x[1]), rnd(1, 5, 4), rnd(2, 5, 4)),
                c("l1", x -> Loss.l1(x[0], x[1], Reduction.SUM), rnd(1, 5, 4), rnd(2, 5, 4)),
                c("smoothL1", x -> Loss.smoothL1(x[0], x[1], 0.7, Reduction.NONE), rnd(1, 5, 4), rnd(2, 5, 4)),
                c("huber", x -> Loss.huber(x[0], x[1], 0.8, Reduction.MEAN), rnd(1, 5, 4), rnd(2, 5, 4)),
                c("bce", x -> Loss.bce(x[0], x[1], Reduction.NONE), prob(3, 5, 4), prob(4, 5, 4)),
                c("bce-weight", x -> Loss.bce(x[0], x[1], x[2], Reduction.MEAN), prob(3, 5, 4), prob(4, 5, 4), prob(5, 4)),
                c("bceWithLogits", x -> Loss.bceWithLogits(x[0].mul(5), x[1], Reduction.NONE), rnd(6, 5, 4), prob(4, 5, 4)),
                c("bceWithLogits-weights", x -> Loss.bceWithLogits(x[0], x[1], x[2], x[3], Reduction.SUM),
                        rnd(6, 5, 4), prob(4, 5, 4), prob(7, 5, 4), prob(8, 4)),
                c("crossEntropy", x -> Loss.crossEntropy(x[0], y), rnd(9, 5, 4)),
                c("crossEntropy-weight-ignore", x -> Loss.crossEntropy(x[0], yIgn, o.withWeight(w)), rnd(9, 5, 4)),
                c("crossEntropy-smoothing", x -> Loss.crossEntropy(x[0], yIgn, o.withWeight(w).withLabelSmoothing(0.2)), rnd(9, 5, 4)),
                c("crossEntropy-kdim", x -> Loss.crossEntropy(x[0], yk, o.withLabelSmoothing(0.1).withReduction(Reduction.NONE)), rnd(10, 2, 4, 3)),
                c("crossEntropy-probabilities", x -> Loss.crossEntropy(x[0], x[1].softmax(1), o.withWeight(w).withLabelSmoothing(0.1)),
                        rnd(9, 5, 4), rnd(11, 5, 4)),
                c("crossEntropy-class-weights", x -> Loss.crossEntropy(soft, y, o.withWeight(x[0])), prob(12, 4)),
                c("nll", x -> Loss.nll(x[0], yIgn, o.withWeight(w).withReduction(Reduction.SUM)), rnd(9, 5, 4)),
                c("klDiv", x -> Loss.klDiv(x[0].logSoftmax(1), x[1].softmax(1), Reduction.BATCHMEAN), rnd(13, 5, 4), rnd(14, 5, 4)),
                c("klDiv-logTarget", x -> Loss.klDiv(x[0], x[1], Reduction.NONE, true), rnd(13, 5, 4), rnd(14, 5, 4)),
                c("multiMargin", x -> Loss.multiMargin(x[0], y, 1, 1.0, w, Reduction.NONE), rnd(15, 5, 4)),
                c("multiMargin-p2", x -> Loss.multiMargin(x[0], y, 2, 0.5, null, Reduction.MEAN), rnd(15, 5, 4)),
                c("multiLabelSoftMargin", x -> Loss.multiLabelSoftMargin(x[0].mul(4), x[1], w, Reduction.NONE), rnd(16, 5, 4), prob(17, 5, 4)),
                c("cosineEmbedding", x -> Loss.cosineEmbedding(x[0], x[1], pm, -0.3, Reduction.NONE), rnd(18, 5, 6), rnd(19, 5, 6)),
                c("marginRanking", x -> Loss.marginRanking(x[0], x[1], pm, 0.3, Reduction.SUM), rnd(20, 5), rnd(21, 5)),
                c("contrastive", x -> Loss.contrastive(x[0], x[1], sim, 3, Reduction.NONE), rnd(22, 5, 3), rnd(23, 5, 3)),
                c("tripletMargin", x -> Loss.tripletMargin(x[0], x[1], x[2], 1, 2, 1e-6, false, Reduction.NONE), rnd(24, 5, 4), rnd(25, 5, 4), rnd(26, 5, 4)),
                c("tripletMargin-swap-p1", x -> Loss.tripletMargin(x[0], x[1], x[2], 2, 1, 1e-6, true, Reduction.MEAN), rnd(24, 5, 4), rnd(25, 5, 4), rnd(26, 5, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        GradCheck.check(f, inputs);
    }
}
