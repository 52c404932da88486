package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Locale;
import java.util.function.Function;

/**
 * Central differences in float32 over every floating input and every parameter of a module (whose parameters
 * cannot be made float64): compares backward's gradient of sum(f * R) with (L(x + h) - L(x - h)) / 2h,
 * h = 1e-2, accumulated in double (infinite outputs, e.g. masked log-probabilities, are left out); tolerances atol 2e-3, rtol 2e-2 cover float32 rounding and the h^2 term.
 */
final class Float32GradCheck {
    private Float32GradCheck() {}

    static void check(Module m, Tensor[] inputs, Function<Tensor[], Tensor> fn) {
        // infinite outputs (log-probabilities of masked positions) are constant: leave them out of the loss
        Function<Tensor[], Tensor> f = x -> {
            Tensor o = fn.apply(x);
            return Tensor.where(o.isinf(), Tensor.scalar(0), o);
        };
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = inputs[i].dtype().isFloating() ? inputs[i].detach().copy().requiresGrad(true) : inputs[i];
        }
        m.zeroGrad();
        Tensor out = f.apply(x);
        Tensor r = Tensor.uniform(Rng.seeded(99), -1, 1, out.dims());
        out.mul(r).sum().backward();
        for (int i = 0; i < x.length; i++) if (x[i].requiresGrad()) compare("input " + i, x[i], x[i].grad(), () -> loss(f, x, r));
        for (var e : m.namedParameters().entrySet()) compare(e.getKey(), e.getValue(), e.getValue().grad(), () -> loss(f, x, r));
    }

    private static double loss(Function<Tensor[], Tensor> f, Tensor[] x, Tensor r) {
        try (var g = Grad.off()) {
            double[] o = f.apply(x).toDoubleArray();
            double[] w = r.toDoubleArray();
            double s = 0;
            for (int i = 0; i < o.length; i++) s += o[i] * w[i];
            return s;
        }
    }

    private static void compare(String what, Tensor t, Tensor grad, java.util.function.DoubleSupplier loss) {
        double h = 1e-2;
        double[] analytic = grad == null ? new double[t.numel()] : grad.toDoubleArray();
        float[] data = t.floatData();
        int off = t.dataOffset();
        for (int j = 0; j < t.numel(); j++) {
            float saved = data[off + j];
            data[off + j] = saved + (float) h;
            double up = loss.getAsDouble();
            data[off + j] = saved - (float) h;
            double down = loss.getAsDouble();
            data[off + j] = saved;
            double numeric = (up - down) / (2 * h);
            if (!(Math.abs(analytic[j] - numeric) <= 2e-3 + 2e-2 * Math.abs(numeric))) {
                throw new AssertionError(String.format(Locale.ROOT, "gradient of %s %s at %d: backward %.6g, finite difference %.6g",
                        what, t.shape(), j, analytic[j], numeric));
            }
        }
    }
}
