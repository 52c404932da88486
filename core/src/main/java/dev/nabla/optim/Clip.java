package dev.nabla.optim;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_. Parameters without a gradient are skipped. */
public final class Clip {
    private Clip() {}

    /** {@link #clipGradNorm(List, double, double, boolean)} with the Euclidean norm. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2, false);
    }

    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * Scales all gradients together, in place, so that their joint norm (the {@code normType}-norm of
     * all gradient elements, as if concatenated; {@code Double.POSITIVE_INFINITY} for the max-abs norm)
     * is at most {@code maxNorm}: each is multiplied by {@code min(1, maxNorm / (total + 1e-6))}.
     * Returns the total norm before clipping (0 if no parameter has a gradient). With
     * {@code errorIfNonfinite}, a NaN or infinite total norm throws instead of scaling.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        List<Tensor> grads = grads(params);
        double total = normOf(grads, normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new ArithmeticException("clipGradNorm: the total norm of order " + normType + " of the gradients is " + total
                    + "; set errorIfNonfinite to false to clip anyway");
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) {
            try (var off = Grad.off()) {
                for (Tensor g : grads) g.mulInPlace(coef);
            }
        }
        return total;
    }

    /** The joint {@code normType}-norm of the gradients of {@code params} (&gt; 0 or +infinity), without changing them. */
    public static double gradNorm(List<Tensor> params, double normType) {
        return normOf(grads(params), normType);
    }

    private static double normOf(List<Tensor> grads, double normType) {
        if (!(normType > 0)) throw new IllegalArgumentException("clipGradNorm: normType must be > 0 or +infinity, got " + normType);
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double acc = 0;
        for (Tensor g : grads) {
            Tensor c = g.contiguous();
            if (c.dtype() == DType.FLOAT32) {
                float[] d = c.floatData();
                int o = c.dataOffset();
                int n = c.numel();
                if (inf) {
                    for (int k = 0; k < n; k++) acc = max(acc, Math.abs(d[o + k]));
                } else if (normType == 2) {
                    for (int k = 0; k < n; k++) acc += (double) d[o + k] * d[o + k];
                } else if (normType == 1) {
                    for (int k = 0; k < n; k++) acc += Math.abs(d[o + k]);
                } else {
                    for (int k = 0; k < n; k++) acc += StrictMath.pow(Math.abs(d[o + k]), normType);
                }
            } else {
                for (double x : c.toDoubleArray()) {
                    double a = Math.abs(x);
                    acc = inf ? max(acc, a) : normType == 2 ? acc + a * a : acc + StrictMath.pow(a, normType);
                }
            }
        }
        if (inf || normType == 1) return acc;
        return normType == 2 ? Math.sqrt(acc) : StrictMath.pow(acc, 1 / normType);
    }

    /** NaN-propagating max. */
    private static double max(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    /** Clamps every gradient element, in place, to [-clipValue, clipValue]. */
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        try (var off = Grad.off()) {
            for (Tensor g : grads(params)) g.clampInPlace(-clipValue, clipValue);
        }
    }

    private static List<Tensor> grads(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) if (p.grad() != null) out.add(p.grad());
        return out;
    }
}
