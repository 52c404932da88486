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

/** Finite-difference checks (float64) of the convolution, pooling and normalization ops. */
class ConvGradCheckTest {
    private static Tensor rnd(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), -1, 1, DType.FLOAT64, shape);
    }

    private static Arguments c(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return Arguments.of(name, f, inputs);
    }

    private static final int[] ONE = {1};

    static Stream<Arguments> cases() {
        return Stream.of(
                c("conv2d", x -> x[0].conv2d(x[1], x[2], ONE, new int[] {0}, ONE, 1), rnd(1, 2, 2, 5, 4), rnd(2, 3, 2, 3, 2), rnd(3, 3)),
                c("conv2d-stride-pad", x -> x[0].conv2d(x[1], x[2], new int[] {2, 1}, new int[] {1, 0, 2, 1}, ONE, 1),
                        rnd(1, 2, 2, 5, 4), rnd(2, 3, 2, 3, 2), rnd(3, 3)),
                c("conv2d-dilation", x -> x[0].conv2d(x[1], null, ONE, new int[] {1}, new int[] {2}, 1), rnd(1, 1, 2, 5, 5), rnd(2, 2, 2, 2, 2)),
                c("conv2d-groups", x -> x[0].conv2d(x[1], x[2], new int[] {2}, new int[] {1}, ONE, 2), rnd(1, 2, 4, 4, 4), rnd(2, 4, 2, 2, 2), rnd(3, 4)),
                c("conv2d-depthwise", x -> x[0].conv2d(x[1], null, ONE, new int[] {1}, ONE, 3), rnd(1, 1, 3, 4, 3), rnd(2, 3, 1, 3, 3)),
                c("conv2d-1x1", x -> x[0].conv2d(x[1], x[2], ONE, new int[] {0}, ONE, 1), rnd(1, 2, 3, 2, 3), rnd(2, 2, 3, 1, 1), rnd(3, 2)),
                c("conv2d-1x1-groups", x -> x[0].conv2d(x[1], null, ONE, new int[] {0}, ONE, 2), rnd(1, 2, 4, 2, 3), rnd(2, 6, 2, 1, 1)),
                c("conv1d-causal", x -> F.causalConv1d(x[0], x[1], x[2], 2, 1), rnd(1, 2, 2, 6), rnd(2, 3, 2, 2), rnd(3, 3)),
                c("conv1d-strided-view-input", x -> x[0].transpose(1, 2).conv1d(x[1], null, 2, new int[] {1}, 1, 1), rnd(1, 2, 5, 2), rnd(2, 3, 2, 3)),
                c("conv-transpose2d", x -> x[0].convTranspose2d(x[1], x[2], new int[] {2}, new int[] {1}, new int[] {1}, ONE, 1),
                        rnd(1, 2, 2, 3, 2), rnd(2, 2, 3, 3, 3), rnd(3, 3)),
                c("conv-transpose2d-groups-dilation", x -> x[0].convTranspose2d(x[1], null, ONE, new int[] {0}, new int[] {0}, new int[] {2}, 2),
                        rnd(1, 1, 4, 2, 3), rnd(2, 4, 1, 2, 2)),
                c("conv-transpose1d", x -> x[0].convTranspose1d(x[1], x[2], 2, 1, 0, 1, 1), rnd(1, 2, 2, 4), rnd(2, 2, 3, 3), rnd(3, 3)),
                c("max-pool2d", x -> x[0].maxPool2d(new int[] {3}, new int[] {2}, new int[] {1}, false), rnd(1, 2, 2, 5, 6)),
                c("max-pool2d-ceil", x -> x[0].maxPool2d(new int[] {2}, null, new int[] {0}, true), rnd(1, 1, 2, 5, 5)),
                c("max-pool1d", x -> x[0].maxPool1d(3, 2, 1, false), rnd(1, 2, 2, 7)),
                c("avg-pool2d", x -> x[0].avgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, true, true), rnd(1, 2, 2, 5, 6)),
                c("avg-pool2d-exclude-pad", x -> x[0].avgPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1}, true, false), rnd(1, 1, 2, 5, 4)),
                c("avg-pool1d", x -> x[0].avgPool1d(2, 0, 0, false, true), rnd(1, 2, 2, 6)),
                c("adaptive-avg-pool2d", x -> x[0].adaptiveAvgPool2d(2, 3), rnd(1, 2, 2, 5, 4)),
                c("batch-norm-train", x -> F.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5), rnd(1, 3, 2, 2, 2), rnd(2, 2), rnd(3, 2)),
                c("batch-norm-eval", x -> F.batchNorm(x[0], x[1], x[2].abs().add(0.5), null, null, false, 0.1, 1e-5), rnd(1, 3, 2, 2), rnd(2, 2), rnd(3, 2)),
                c("layer-norm", x -> F.layerNorm(x[0], new int[] {4}, x[1], x[2], 1e-5), rnd(1, 3, 4), rnd(2, 4), rnd(3, 4)),
                c("group-norm", x -> F.groupNorm(x[0], 2, x[1], x[2], 1e-5), rnd(1, 2, 4, 3), rnd(2, 4), rnd(3, 4)),
                c("upsample-nearest", x -> Upsample.interpolate(x[0], new int[] {5, 3}, Upsample.Mode.NEAREST), rnd(1, 1, 2, 3, 2)),
                c("upsample-bilinear", x -> Upsample.interpolate(x[0], 2, Upsample.Mode.BILINEAR), rnd(1, 1, 2, 3, 2)),
                c("instance-norm", x -> F.instanceNorm(x[0], null, null, 1e-5), rnd(1, 2, 2, 3, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        GradCheck.check(f, inputs);
    }
}
