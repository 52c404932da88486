package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Finite-difference checks of every differentiable op, including broadcasting and view cases. */
class OpGradientTest {

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), -1, 1, DType.FLOAT64, shape);
    }

    /** Values away from zero (for log, sqrt, div, abs, pow). */
    private static Tensor pos(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), 0.5, 2, DType.FLOAT64, shape);
    }

    private static Arguments c(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return Arguments.of(name, f, inputs);
    }

    static Stream<Arguments> cases() {
        Tensor idx = Tensor.wrap(new double[] {2, 0, 1, 1, 2, 0}, DType.INT64, 2, 3);
        return Stream.of(
                // binary, same shape and broadcast
                c("add", x -> x[0].add(x[1]), rnd(1, 3, 4), rnd(2, 3, 4)),
                c("add-broadcast-row", x -> x[0].add(x[1]), rnd(1, 3, 4), rnd(2, 4)),
                c("add-broadcast-both", x -> x[0].add(x[1]), rnd(1, 3, 1), rnd(2, 1, 4)),
                c("sub-broadcast", x -> x[0].sub(x[1]), rnd(1, 2, 3, 4), rnd(2, 3, 1)),
                c("mul-broadcast", x -> x[0].mul(x[1]), rnd(1, 3, 4), rnd(2, 1, 4)),
                c("div", x -> x[0].div(x[1]), rnd(1, 3, 4), pos(2, 3, 4)),
                c("div-scalar-tensor", x -> x[0].div(x[1]), rnd(1, 3, 4), pos(2)),
                c("pow-both", x -> x[0].pow(x[1]), pos(1, 3, 4), rnd(2, 3, 4)),
                c("pow-scalar", x -> x[0].pow(3), rnd(1, 5)),
                c("maximum", x -> x[0].maximum(x[1]), rnd(1, 3, 4), rnd(2, 3, 4)),
                c("minimum-broadcast", x -> x[0].minimum(x[1]), rnd(1, 3, 4), rnd(2, 4)),
                c("scalar-ops", x -> x[0].add(2).mul(3).sub(1).div(4).rsub(1).rdiv(3), pos(1, 2, 3)),
                // unary
                c("neg", x -> x[0].neg(), rnd(1, 4, 3)),
                c("abs", x -> x[0].abs(), rnd(1, 4, 3)),
                c("exp", x -> x[0].exp(), rnd(1, 4, 3)),
                c("log", x -> x[0].log(), pos(1, 4, 3)),
                c("log1p", x -> x[0].log1p(), pos(1, 4, 3)),
                c("expm1", x -> x[0].expm1(), rnd(1, 4, 3)),
                c("sqrt", x -> x[0].sqrt(), pos(1, 4, 3)),
                c("rsqrt", x -> x[0].rsqrt(), pos(1, 4, 3)),
                c("sin", x -> x[0].sin(), rnd(1, 4, 3)),
                c("cos", x -> x[0].cos(), rnd(1, 4, 3)),
                c("tanh", x -> x[0].tanh(), rnd(1, 4, 3)),
                c("sigmoid", x -> x[0].sigmoid(), rnd(1, 4, 3)),
                c("relu", x -> x[0].relu(), rnd(1, 4, 3)),
                c("square", x -> x[0].square(), rnd(1, 4, 3)),
                c("reciprocal", x -> x[0].reciprocal(), pos(1, 4, 3)),
                c("clamp", x -> x[0].clamp(-0.5, 0.5), rnd(1, 4, 3)),
                c("where", x -> Tensor.where(x[0].gt(0), x[0].mul(2), x[1]), rnd(1, 3, 4), rnd(2, 4)),
                // reductions
                c("sum-all", x -> x[0].sum(), rnd(1, 3, 4)),
                c("sum-dim0", x -> x[0].sum(0), rnd(1, 3, 4)),
                c("sum-dim1-keep", x -> x[0].sum(1, true), rnd(1, 3, 4)),
                c("sum-dims-02", x -> x[0].sum(new int[] {0, 2}, false), rnd(1, 2, 3, 4)),
                c("mean-dim", x -> x[0].mean(-1, true), rnd(1, 3, 4)),
                c("mean-all", x -> x[0].mean(), rnd(1, 3, 4)),
                c("var-unbiased", x -> x[0].var(1, true, false), rnd(1, 3, 4)),
                c("var-biased-all", x -> x[0].var(false).reshape(1), rnd(1, 3, 4)),
                c("std", x -> x[0].std(0, true, true), rnd(1, 3, 4)),
                c("prod", x -> x[0].prod(1, false), rnd(1, 3, 4)),
                c("prod-with-zero", x -> x[0].mul(x[0].abs().gt(0.3)).prod(1, false), rnd(1, 3, 4)),
                c("max-dim", x -> x[0].max(1, false).values(), rnd(1, 3, 4)),
                c("min-dim-keep", x -> x[0].min(0, true).values(), rnd(1, 3, 4)),
                c("max-all", x -> x[0].max().reshape(1), rnd(1, 3, 4)),
                c("amax-dims", x -> x[0].amax(new int[] {0, 2}, true), rnd(1, 2, 3, 4)),
                c("logsumexp", x -> x[0].logsumexp(1, false), rnd(1, 3, 4)),
                c("norm2", x -> x[0].norm(2).reshape(1), rnd(1, 3, 4)),
                c("norm1-dim", x -> x[0].norm(1, 1, false), rnd(1, 3, 4)),
                c("norm-inf", x -> x[0].norm(Double.POSITIVE_INFINITY).reshape(1), rnd(1, 3, 4)),
                c("softmax-last", x -> x[0].softmax(-1), rnd(1, 3, 5)),
                c("softmax-dim0", x -> x[0].softmax(0), rnd(1, 3, 5)),
                c("log-softmax", x -> x[0].logSoftmax(1), rnd(1, 2, 4, 3)),
                // views
                c("reshape", x -> x[0].reshape(4, -1).mul(x[1]), rnd(1, 2, 6), rnd(2, 4, 3)),
                c("transpose-then-op", x -> x[0].transpose(0, 1).mul(x[1]), rnd(1, 3, 4), rnd(2, 4, 3)),
                c("permute-reshape", x -> x[0].permute(2, 0, 1).reshape(4, 6), rnd(1, 2, 3, 4)),
                c("squeeze-unsqueeze", x -> x[0].unsqueeze(1).squeeze().mul(2), rnd(1, 3, 4)),
                c("narrow", x -> x[0].narrow(1, 1, 2), rnd(1, 3, 4)),
                c("slice-step", x -> x[0].slice(1, 0, 4, 2), rnd(1, 3, 4)),
                c("select", x -> x[0].select(0, -1), rnd(1, 3, 4)),
                c("expand", x -> x[0].expand(2, 3, 4).mul(x[1]), rnd(1, 3, 1), rnd(2, 2, 3, 4)),
                c("flatten", x -> x[0].flatten(1, 2), rnd(1, 2, 3, 4)),
                c("view-of-view", x -> x[0].transpose(0, 1).narrow(0, 1, 2).sum(1), rnd(1, 3, 4)),
                // linear algebra
                c("matmul-2d", x -> x[0].matmul(x[1]), rnd(1, 3, 4), rnd(2, 4, 5)),
                c("matmul-transposed-views", x -> x[0].t().matmul(x[1].t()), rnd(1, 4, 3), rnd(2, 5, 4)),
                c("matmul-vec-mat", x -> x[0].matmul(x[1]), rnd(1, 4), rnd(2, 4, 5)),
                c("matmul-mat-vec", x -> x[0].matmul(x[1]), rnd(1, 3, 4), rnd(2, 4)),
                c("matmul-dot", x -> x[0].matmul(x[1]).reshape(1), rnd(1, 4), rnd(2, 4)),
                c("matmul-batched", x -> x[0].matmul(x[1]), rnd(1, 2, 3, 4), rnd(2, 2, 4, 5)),
                c("matmul-broadcast-batch", x -> x[0].matmul(x[1]), rnd(1, 2, 3, 4), rnd(2, 4, 5)),
                c("matmul-broadcast-left", x -> x[0].matmul(x[1]), rnd(1, 3, 4), rnd(2, 2, 4, 5)),
                c("bmm", x -> x[0].bmm(x[1]), rnd(1, 2, 3, 4), rnd(2, 2, 4, 2)),
                c("outer", x -> x[0].outer(x[1]), rnd(1, 3), rnd(2, 4)),
                c("linear-float64-composite", x -> Tensor.linear(x[0], x[1], x[2]), rnd(1, 2, 3, 4), rnd(2, 5, 4), rnd(3, 5)),
                // indexing and joining
                c("gather", x -> x[0].gather(1, idx), rnd(1, 2, 3)),
                c("scatter-add", x -> x[0].scatterAdd(1, idx, x[1]), rnd(1, 2, 3), rnd(2, 2, 3)),
                c("index-select", x -> x[0].indexSelect(0, Tensor.indices(2, 0, 2)), rnd(1, 3, 4)),
                c("masked-fill", x -> x[0].maskedFill(x[0].gt(0.2), -1), rnd(1, 3, 4)),
                c("cat", x -> Tensor.cat(1, x[0], x[1]), rnd(1, 2, 3), rnd(2, 2, 2)),
                c("stack", x -> Tensor.stack(0, x[0], x[1]), rnd(1, 2, 3), rnd(2, 2, 3)),
                c("split", x -> x[0].split(2, 1)[1].mul(3), rnd(1, 2, 5)),
                c("chunk", x -> x[0].chunk(2, 0)[0], rnd(1, 4, 3)),
                c("pad", x -> x[0].pad(new int[] {1, 2, 0, 1}, 0.5), rnd(1, 2, 3)),
                c("flip", x -> x[0].flip(0, 1), rnd(1, 2, 3)),
                c("roll", x -> x[0].roll(2, 1), rnd(1, 2, 5)),
                c("repeat", x -> x[0].repeat(2, 1, 3), rnd(1, 2, 3)),
                c("tril", x -> x[0].tril(0), rnd(1, 4, 4)),
                c("triu-offset", x -> x[0].triu(1), rnd(1, 2, 3, 4)),
                c("copy", x -> x[0].copy().mul(x[0]), rnd(1, 3)),
                // a composite: a tiny MLP
                c("mlp", x -> x[0].matmul(x[1]).add(x[2]).tanh().sum(1).softmax(0), rnd(1, 4, 3), rnd(2, 3, 5), rnd(3, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        GradCheck.check(f, inputs);
    }

    @org.junit.jupiter.api.Test
    void gradCheckCatchesAWrongRule() {
        // sign has zero gradient; pretending it is the identity must be caught
        assertThrows(AssertionError.class, () -> GradCheck.check(x -> x[0].sign().add(x[0].detach()), rnd(1, 3)));
    }
}
