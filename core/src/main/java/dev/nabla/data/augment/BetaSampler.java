package dev.nabla.data.augment;

import dev.nabla.tensor.Rng;

/** Draws from Beta(a, b) as G_a / (G_a + G_b) with Marsaglia-Tsang gamma variates (boosted for shapes below 1). */
final class BetaSampler {
    private BetaSampler() {}

    static double beta(Rng rng, double a, double b) {
        double x = gamma(rng, a);
        double y = gamma(rng, b);
        return x + y == 0 ? (rng.nextDouble() < a / (a + b) ? 1 : 0) : x / (x + y);
    }

    static double gamma(Rng rng, double shape) {
        if (shape < 1) {
            // Gamma(k) = Gamma(k + 1) * U^(1/k)
            double u = rng.nextDouble();
            return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z, v;
            do {
                z = rng.nextGaussian();
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    static void checkAlpha(String op, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException(op + ": alpha must be finite and > 0, got " + alpha);
    }
}
