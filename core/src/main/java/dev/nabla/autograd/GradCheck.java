package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Locale;
import java.util.function.Function;

/**
 * Finite-difference gradient check in float64: compares the gradients backward() computes with central
 * differences of {@code sum(f(inputs) * R)} for a fixed random R, so every output element counts.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and step of a check. */
    public record Options(double eps, double atol, double rtol, long seed) {
        public static Options defaults() {
            return new Options(1e-6, 1e-6, 1e-4, 1234);
        }

        public Options withTolerance(double atol, double rtol) {
            return new Options(eps, atol, rtol, seed);
        }
    }

    /** Checks f at the given FLOAT64 inputs (each is treated as a variable); throws AssertionError on mismatch. */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(f, Options.defaults(), inputs);
    }

    public static void check(Function<Tensor[], Tensor> f, Options opt, Tensor... inputs) {
        Tensor[] vars = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("GradCheck: input " + i + " is " + inputs[i].dtype() + "; use FLOAT64 inputs");
            }
            vars[i] = inputs[i].detach().copy().requiresGrad(true);
        }
        Tensor out = f.apply(vars);
        Tensor r = Tensor.uniform(Rng.seeded(opt.seed()), -1, 1, DType.FLOAT64, out.dims());
        out.mul(r).sum().backward();

        for (int i = 0; i < vars.length; i++) {
            double[] x = vars[i].toDoubleArray();
            Tensor g = vars[i].grad();
            double[] analytic = g == null ? new double[x.length] : g.toDoubleArray();
            for (int j = 0; j < x.length; j++) {
                double numeric = (objective(f, vars, i, x, j, opt.eps(), r) - objective(f, vars, i, x, j, -opt.eps(), r)) / (2 * opt.eps());
                double a = analytic[j];
                if (!(Math.abs(a - numeric) <= opt.atol() + opt.rtol() * Math.abs(numeric))) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "gradient mismatch for input %d %s at flat index %d: backward %.10g, finite difference %.10g",
                            i, vars[i].shape(), j, a, numeric));
                }
            }
        }
    }

    private static double objective(Function<Tensor[], Tensor> f, Tensor[] vars, int which, double[] x, int j, double delta, Tensor r) {
        double[] moved = x.clone();
        moved[j] += delta;
        Tensor[] args = vars.clone();
        args[which] = Tensor.wrap(moved, DType.FLOAT64, vars[which].dims());
        try (var g = Grad.off()) {
            return f.apply(args).mul(r).sum().item();
        }
    }
}
