package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Recurrent.Mode;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks (float64, tiny sizes) of the fused recurrence through time, for every cell type, with
 * the input projection, recurrent weight and bias, initial states, variable lengths, the reverse direction and a
 * recurrent dropout mask. The checked function returns output, final h (and c) together.
 */
class RnnGradCheckTest {
    private static final int T = 4, B = 3, I = 2, H = 3;

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), -1, 1, DType.FLOAT64, shape);
    }

    /** All results of the recurrence as one tensor, so one check covers every output. */
    private static Tensor all(Recurrent.Result r) {
        Tensor t = Tensor.cat(0, r.output().reshape(-1), r.h().reshape(-1));
        return r.c() == null ? t : Tensor.cat(0, t, r.c().reshape(-1));
    }

    /** x [T, B, I], w_ih, w_hh, b_ih, b_hh, h0 (and c0): the layer's computation for one direction. */
    private static Function<Tensor[], Tensor> layer(Mode mode, int[] lengths, boolean reverse, Tensor mask) {
        return v -> {
            Tensor xproj = Tensor.linear(v[0], v[1], v[3]);
            Tensor c0 = mode == Mode.LSTM ? v[6] : null;
            return all(Recurrent.sequence(mode, xproj, v[2], v[4], v[5], c0, lengths, reverse, mask));
        };
    }

    private static Arguments c(String name, Mode mode, int[] lengths, boolean reverse, boolean mask) {
        int g = mode.gates() * H;
        Tensor m = mask ? Tensor.bernoulli(Rng.seeded(9), 0.6, B, H).mul(1 / 0.6).toDouble() : null;
        Tensor[] in = {rnd(1, T, B, I), rnd(2, g, I), rnd(3, g, H), rnd(4, g), rnd(5, g), rnd(6, B, H), rnd(7, B, H)};
        if (mode != Mode.LSTM) in = java.util.Arrays.copyOf(in, 6);
        return Arguments.of(name, layer(mode, lengths, reverse, m), in);
    }

    static Stream<Arguments> cases() {
        int[] len = {4, 2, 1};
        return Stream.of(Mode.values()).flatMap(mode -> {
            String n = mode.opName();
            return Stream.of(
                    c(n, mode, null, false, false),
                    c(n + "-reverse", mode, null, true, false),
                    c(n + "-lengths", mode, len, false, false),
                    c(n + "-lengths-reverse", mode, len, true, false),
                    c(n + "-recurrent-dropout-mask", mode, null, false, true));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        GradCheck.check(f, inputs);
    }
}
