package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Locale;

/**
 * Weight initializers, as {@code torch.nn.init}: each fills a tensor in place (under {@link Grad#off()},
 * so parameters can be filled) from an explicit {@link Rng}, and returns the tensor. Fans follow
 * PyTorch: for a weight [out, in, k...], fan_in = in * prod(k) and fan_out = out * prod(k).
 */
public final class Init {
    private Init() {}

    /** Which fan Kaiming init preserves: the forward pass's variance (FAN_IN) or the backward pass's (FAN_OUT). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** fan_in and fan_out of a weight tensor of rank >= 2. */
    public record Fans(int fanIn, int fanOut) {}

    public static Fans fans(Tensor t) {
        if (t.rank() < 2) {
            throw new IllegalArgumentException("fans: fan in and fan out need a tensor of rank >= 2, got shape " + t.shape());
        }
        int receptive = 1;
        for (int i = 2; i < t.rank(); i++) receptive *= t.dim(i);
        return new Fans(t.dim(1) * receptive, t.dim(0) * receptive);
    }

    /**
     * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear, conv and
     * sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu (slope 0.01
     * unless given), 3/4 for selu.
     */
    public static double calculateGain(String nonlinearity, double param) {
        String n = nonlinearity.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "linear", "identity", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("calculateGain: unsupported nonlinearity '" + nonlinearity
                    + "' (known: linear, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu, selu)");
        };
    }

    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, 0.01);
    }

    // ---------------------------------------------------------------- constants

    public static Tensor constant(Tensor t, double value) {
        try (var g = Grad.off()) {
            t.fillInPlace(value);
        }
        return t;
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** The identity matrix in a 2-d tensor (ones on the diagonal, zeros elsewhere). */
    public static Tensor eye(Tensor t) {
        if (t.rank() != 2) throw new IllegalArgumentException("eye: needs a 2-d tensor, got shape " + t.shape());
        return set(t, Tensor.eye(t.dim(0), t.dim(1)));
    }

    // ---------------------------------------------------------------- distributions

    /** U(low, high). */
    public static Tensor uniform(Tensor t, Rng rng, double low, double high) {
        return set(t, Tensor.uniform(rng, low, high, DType.FLOAT64, t.dims()));
    }

    /** N(mean, std^2). */
    public static Tensor normal(Tensor t, Rng rng, double mean, double std) {
        return set(t, Tensor.normal(rng, mean, std, DType.FLOAT64, t.dims()));
    }

    /**
     * N(mean, std^2) truncated to [a, b] (absolute bounds, as torch.nn.init.trunc_normal_; defaults
     * mean 0, std 1, a -2, b 2). Draws by rejection when [a, b] holds at least 5% of the mass, else by
     * inverting the distribution function, so every draw is an exact truncated-normal sample.
     */
    public static Tensor truncNormal(Tensor t, Rng rng, double mean, double std, double a, double b) {
        if (!(a < b)) throw new IllegalArgumentException("truncNormal: need a < b, got a=" + a + ", b=" + b);
        if (!(std > 0)) throw new IllegalArgumentException("truncNormal: std must be > 0, got " + std);
        double alpha = (a - mean) / std;
        double beta = (b - mean) / std;
        double lowCdf = Special.normalCdf(alpha);
        double highCdf = Special.normalCdf(beta);
        double mass = highCdf - lowCdf;
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            double z;
            if (mass >= 0.05) {
                do {
                    z = rng.nextGaussian();
                } while (z < alpha || z > beta);
            } else if (alpha > 0) {
                // upper tail: invert the survival function for precision
                double sLow = Special.normalCdf(-beta);
                double sHigh = Special.normalCdf(-alpha);
                z = -Special.normalQuantile(sLow + rng.nextDouble() * (sHigh - sLow));
            } else {
                z = Special.normalQuantile(lowCdf + rng.nextDouble() * mass);
            }
            v[i] = Math.min(b, Math.max(a, mean + std * z));
        }
        return set(t, Tensor.wrap(v, DType.FLOAT64, t.dims()));
    }

    public static Tensor truncNormal(Tensor t, Rng rng, double mean, double std) {
        return truncNormal(t, rng, mean, std, -2, 2);
    }

    // ---------------------------------------------------------------- variance scaling

    /** Glorot/Xavier uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t, Rng rng, double gain) {
        Fans f = fans(t);
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, rng, -bound, bound);
    }

    public static Tensor xavierUniform(Tensor t, Rng rng) {
        return xavierUniform(t, rng, 1.0);
    }

    /** Glorot/Xavier normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, Rng rng, double gain) {
        Fans f = fans(t);
        return normal(t, rng, 0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())));
    }

    public static Tensor xavierNormal(Tensor t, Rng rng) {
        return xavierNormal(t, rng, 1.0);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, String nonlinearity) {
        Fans f = fans(t);
        int fan = mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
        if (fan == 0) throw new IllegalArgumentException("kaiming init: tensor of shape " + t.shape() + " has a zero fan");
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * He/Kaiming uniform: U(-b, b) with b = gain * sqrt(3 / fan), gain = calculateGain(nonlinearity, a).
     * PyTorch's defaults are a = 0, FAN_IN, "leaky_relu" (so gain sqrt(2)).
     */
    public static Tensor kaimingUniform(Tensor t, Rng rng, double a, FanMode mode, String nonlinearity) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, rng, -bound, bound);
    }

    public static Tensor kaimingUniform(Tensor t, Rng rng) {
        return kaimingUniform(t, rng, 0, FanMode.FAN_IN, "leaky_relu");
    }

    /** He/Kaiming normal: N(0, std^2) with std = gain / sqrt(fan). */
    public static Tensor kaimingNormal(Tensor t, Rng rng, double a, FanMode mode, String nonlinearity) {
        return normal(t, rng, 0, kaimingStd(t, a, mode, nonlinearity));
    }

    public static Tensor kaimingNormal(Tensor t, Rng rng) {
        return kaimingNormal(t, rng, 0, FanMode.FAN_IN, "leaky_relu");
    }

    /** LeCun normal (for SELU networks, Klambauer et al.): N(0, 1 / fan_in), not truncated. */
    public static Tensor lecunNormal(Tensor t, Rng rng) {
        return normal(t, rng, 0, Math.sqrt(1.0 / fans(t).fanIn()));
    }

    /** LeCun uniform: U(-b, b) with b = sqrt(3 / fan_in). */
    public static Tensor lecunUniform(Tensor t, Rng rng) {
        double bound = Math.sqrt(3.0 / fans(t).fanIn());
        return uniform(t, rng, -bound, bound);
    }

    // ---------------------------------------------------------------- orthogonal

    /**
     * A (semi-)orthogonal matrix times gain (Saxe et al.), as torch.nn.init.orthogonal_: the tensor is
     * viewed as [rows, numel/rows], a standard normal matrix of that shape is factored as QR (Householder,
     * in double) and Q, with column signs making diag(R) positive, fills it. Rows (or columns, whichever
     * are fewer) come out orthonormal.
     */
    public static Tensor orthogonal(Tensor t, Rng rng, double gain) {
        if (t.rank() < 2) throw new IllegalArgumentException("orthogonal: needs a tensor of rank >= 2, got shape " + t.shape());
        int rows = t.dim(0);
        int cols = t.numel() / rows;
        double[] g = new double[rows * cols];
        for (int i = 0; i < g.length; i++) g[i] = rng.nextGaussian();
        double[] q = orthonormalize(g, rows, cols);
        for (int i = 0; i < q.length; i++) q[i] *= gain;
        return set(t, Tensor.wrap(q, DType.FLOAT64, t.dims()));
    }

    public static Tensor orthogonal(Tensor t, Rng rng) {
        return orthogonal(t, rng, 1.0);
    }

    /**
     * The Q factor (signs fixed so diag(R) > 0) of the row-major rows x cols matrix a if rows >= cols,
     * else the transpose of the Q factor of a^T; row-major rows x cols.
     */
    static double[] orthonormalize(double[] a, int rows, int cols) {
        boolean wide = rows < cols;
        int m = wide ? cols : rows;
        int n = wide ? rows : cols;
        double[][] x = new double[m][n]; // tall m x n
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (wide) x[j][i] = a[i * cols + j];
                else x[i][j] = a[i * cols + j];
            }
        }
        double[][] q = Householder.thinQ(x, m, n);
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i * cols + j] = wide ? q[j][i] : q[i][j];
        }
        return out;
    }

    /** Householder QR of a tall matrix, giving the thin Q with diag(R) made non-negative. */
    static final class Householder {
        private Householder() {}

        static double[][] thinQ(double[][] a, int m, int n) {
            double[][] r = new double[m][];
            for (int i = 0; i < m; i++) r[i] = a[i].clone();
            double[][] vs = new double[n][];
            double[] diagSign = new double[n];
            for (int k = 0; k < n; k++) {
                double norm = 0;
                for (int i = k; i < m; i++) norm += r[i][k] * r[i][k];
                norm = Math.sqrt(norm);
                double[] v = new double[m];
                if (norm == 0) {
                    vs[k] = v;
                    diagSign[k] = 0;
                    continue;
                }
                double alpha = r[k][k] > 0 ? -norm : norm; // R[k][k] becomes alpha
                for (int i = k; i < m; i++) v[i] = r[i][k];
                v[k] -= alpha;
                double vnorm2 = 0;
                for (int i = k; i < m; i++) vnorm2 += v[i] * v[i];
                if (vnorm2 > 0) {
                    for (int j = k; j < n; j++) {
                        double dot = 0;
                        for (int i = k; i < m; i++) dot += v[i] * r[i][j];
                        double s = 2 * dot / vnorm2;
                        for (int i = k; i < m; i++) r[i][j] -= s * v[i];
                    }
                    double inv = 1 / Math.sqrt(vnorm2);
                    for (int i = k; i < m; i++) v[i] *= inv;
                }
                vs[k] = v;
                diagSign[k] = Math.signum(r[k][k]);
            }
            // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity
            double[][] q = new double[m][n];
            for (int j = 0; j < n; j++) q[j][j] = 1;
            for (int k = n - 1; k >= 0; k--) {
                double[] v = vs[k];
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int i = k; i < m; i++) dot += v[i] * q[i][j];
                    if (dot == 0) continue;
                    for (int i = k; i < m; i++) q[i][j] -= 2 * dot * v[i];
                }
            }
            // make diag(R) positive: Q[:, j] *= sign(R[j][j]) (as PyTorch, a zero pivot zeroes the column)
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) q[i][j] *= diagSign[j];
            }
            return q;
        }
    }

    // ---------------------------------------------------------------- data-dependent

    /**
     * Layer-sequential unit-variance init (Mishkin and Matas 2016, "All you need is a good init"); see
     * {@link Lsuv}. Returns the output variance each initialized layer reached.
     */
    public static java.util.List<Double> lsuv(Module model, Tensor batch, Rng rng) {
        return Lsuv.apply(model, batch, rng, 1.0, 0.1, 10);
    }

    public static java.util.List<Double> lsuv(Module model, Tensor batch, Rng rng, double targetVariance, double tolerance, int maxIterations) {
        return Lsuv.apply(model, batch, rng, targetVariance, tolerance, maxIterations);
    }

    // ---------------------------------------------------------------- helpers

    /** Copies values (any dtype, t's shape) into t in place, with recording off. */
    static Tensor set(Tensor t, Tensor values) {
        try (var g = Grad.off()) {
            t.copyFromInPlace(values.to(t.dtype()));
        }
        return t;
    }
}
