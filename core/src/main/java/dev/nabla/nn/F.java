package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * The functional forms of the layers (as {@code torch.nn.functional}): activations, linear maps and
 * dropout, each a short composite of core tensor ops, so gradients come for free.
 *
 * <p>Where PyTorch picks a gradient at a kink, these functions pick the same one: e.g. hardtanh's
 * gradient is zero at its bounds, leaky_relu's at 0 is the slope, elu's at 0 is alpha. The rectifier
 * family is written as relu(x) + g(x - relu(x)) (relu's derivative at 0 is 0), which needs no
 * {@code where} and never evaluates a branch outside its own domain, so nothing overflows and no NaN
 * reaches the gradient.
 */
public final class F {
    private F() {}

    /** SELU's alpha and scale (Klambauer et al. 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    // ---------------------------------------------------------------- rectifiers

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** x for x > 0, negativeSlope * x otherwise (PyTorch's default slope is 0.01; the gradient at 0 is the slope). */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        Tensor pos = x.relu();
        return pos.add(x.sub(pos).mul(negativeSlope));
    }

    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01);
    }

    /**
     * Parametric ReLU: x for x > 0, weight * x otherwise. A weight of one element applies to all
     * elements; a weight of C elements applies per channel, dimension 1 of an input of rank >= 2.
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        if (weight.rank() != 1) throw new IllegalArgumentException("prelu: weight must be 1-d, got " + weight.shape());
        Tensor w = weight;
        int c = weight.dim(0);
        if (c != 1) {
            if (x.rank() < 2 || x.dim(1) != c) {
                throw new IllegalArgumentException("prelu: weight " + weight.shape() + " has " + c
                        + " channels but input " + x.shape() + " has " + (x.rank() < 2 ? "no channel dimension" : x.dim(1) + " in dimension 1"));
            }
            int[] shape = new int[x.rank()];
            java.util.Arrays.fill(shape, 1);
            shape[1] = c;
            w = weight.reshape(shape);
        } else {
            w = weight.reshape();
        }
        Tensor pos = x.relu();
        return pos.add(x.sub(pos).mul(w));
    }

    /** max(0, x) limited to 6 (a hardtanh from 0 to 6). */
    public static Tensor relu6(Tensor x) {
        return hardtanh(x, 0, 6);
    }

    /** x for x > 0, alpha * (exp(x) - 1) otherwise (the gradient at 0 is alpha, as PyTorch). */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor pos = x.relu();
        return pos.add(x.sub(pos).expm1().mul(alpha));
    }

    public static Tensor elu(Tensor x) {
        return elu(x, 1.0);
    }

    /** scale * elu(x, alpha) with the self-normalizing constants. */
    public static Tensor selu(Tensor x) {
        return elu(x, SELU_ALPHA).mul(SELU_SCALE);
    }

    /** max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
    public static Tensor celu(Tensor x, double alpha) {
        if (alpha == 0) throw new IllegalArgumentException("celu: alpha must not be 0");
        Tensor pos = x.relu();
        return pos.add(x.sub(pos).div(alpha).expm1().mul(alpha));
    }

    public static Tensor celu(Tensor x) {
        return celu(x, 1.0);
    }

    // ---------------------------------------------------------------- smooth gates

    /** Exact GELU: x * Phi(x), with Phi the standard normal distribution function. */
    public static Tensor gelu(Tensor x) {
        return x.mul(Special.normalCdf(x));
    }

    /** GELU, exact or with the tanh approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (PyTorch's approximate='tanh'). */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        if (!tanhApproximation) return gelu(x);
        double k = Math.sqrt(2 / Math.PI);
        Tensor inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(k);
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    /** SiLU (swish with beta 1): x * sigmoid(x). */
    public static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /** Swish with a fixed beta: x * sigmoid(beta x). */
    public static Tensor swish(Tensor x, double beta) {
        return x.mul(x.mul(beta).sigmoid());
    }

    /** Mish: x * tanh(softplus(x)). */
    public static Tensor mish(Tensor x) {
        return x.mul(softplus(x, 1, Double.POSITIVE_INFINITY).tanh());
    }

    /**
     * Softplus as PyTorch: log(1 + exp(beta x)) / beta, and x itself where beta x > threshold
     * (defaults 1 and 20). An infinite threshold gives the exact, overflow-free form everywhere.
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        if (beta == 0) throw new IllegalArgumentException("softplus: beta must not be 0");
        Tensor z = beta == 1 ? x : x.mul(beta);
        // log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)); -|z| is formed as z - 2 relu(z) so that the
        // gradient at z = 0 is exactly 1/2 (relu's derivative at 0 is 0)
        Tensor zp = z.relu();
        Tensor stable = zp.add(z.sub(zp.mul(2)).exp().log1p());
        if (beta != 1) stable = stable.div(beta);
        if (threshold == Double.POSITIVE_INFINITY) return stable;
        return Tensor.where(z.gt(threshold), x, stable);
    }

    public static Tensor softplus(Tensor x) {
        return softplus(x, 1, 20);
    }

    /** log(sigmoid(x)) = -softplus(-x), without overflow. */
    public static Tensor logSigmoid(Tensor x) {
        return softplus(x.neg(), 1, Double.POSITIVE_INFINITY).neg();
    }

    /** x / (1 + |x|). */
    public static Tensor softsign(Tensor x) {
        return x.div(x.abs().add(1));
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** x - tanh(x). */
    public static Tensor tanhshrink(Tensor x) {
        return x.sub(x.tanh());
    }

    // ---------------------------------------------------------------- piecewise linear

    /** Clamps to [min, max]; the gradient is 1 strictly inside and 0 at and beyond the bounds (as PyTorch). */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        if (min > max) throw new IllegalArgumentException("hardtanh: min " + min + " > max " + max);
        Tensor inside = x.gt(min).mul(x.lt(max));
        return Tensor.where(inside, x, x.detach().clamp(min, max));
    }

    public static Tensor hardtanh(Tensor x) {
        return hardtanh(x, -1, 1);
    }

    /** 0 below -3, 1 above 3, x/6 + 1/2 between (gradient 1/6 strictly inside). */
    public static Tensor hardsigmoid(Tensor x) {
        Tensor inside = x.gt(-3).mul(x.lt(3));
        Tensor lin = x.div(6).add(0.5);
        return Tensor.where(inside, lin, lin.detach().clamp(0, 1));
    }

    /** x * hardsigmoid(x): 0 below -3, x above 3, x (x + 3) / 6 between. */
    public static Tensor hardswish(Tensor x) {
        Tensor mid = x.mul(x.add(3)).div(6);
        return Tensor.where(x.lt(-3), x.zerosLike(), Tensor.where(x.le(3), mid, x));
    }

    /** x - lambda above lambda, x + lambda below -lambda, 0 between. */
    public static Tensor softshrink(Tensor x, double lambda) {
        if (lambda < 0) throw new IllegalArgumentException("softshrink: lambda must be >= 0, got " + lambda);
        return Tensor.where(x.gt(lambda), x.sub(lambda), Tensor.where(x.lt(-lambda), x.add(lambda), x.zerosLike()));
    }

    /** x where |x| > lambda, 0 elsewhere. */
    public static Tensor hardshrink(Tensor x, double lambda) {
        return Tensor.where(x.abs().gt(lambda), x, x.zerosLike());
    }

    /** x where x > threshold, value elsewhere. */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        return Tensor.where(x.gt(threshold), x, x.zerosLike().add(value));
    }

    // ---------------------------------------------------------------- normalized outputs and gates

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** Gated linear unit: splits dim into halves a, b and returns a * sigmoid(b). */
    public static Tensor glu(Tensor x, int dim) {
        int size = x.dim(dim);
        if (size % 2 != 0) {
            throw new IllegalArgumentException("glu: dimension " + dim + " of input " + x.shape() + " has odd size " + size + "; it must be halved");
        }
        Tensor a = x.narrow(dim, 0, size / 2);
        Tensor b = x.narrow(dim, size / 2, size / 2);
        return a.mul(b.sigmoid());
    }

    public static Tensor erf(Tensor x) {
        return Special.erf(x);
    }

    // ---------------------------------------------------------------- linear maps

    /** x W^T + b for weight [out, in] and bias [out] (or null), over any leading dims of x. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || x.rank() == 0 || x.dim(-1) != weight.dim(1)) {
            throw new IllegalArgumentException("linear: input " + x.shape() + " does not fit weight " + weight.shape()
                    + " (the input's last dimension must equal the weight's second)");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException("linear: bias " + bias.shape() + " does not fit weight " + weight.shape());
        }
        return Tensor.linear(x, weight, bias);
    }

    /**
     * Bilinear map y_k = x1^T W_k x2 + b_k for weight [out, in1, in2] and bias [out] (or null). x1 is
     * [..., in1] and x2 [..., in2] with the same leading dims.
     */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.rank() != 3 || x1.rank() == 0 || x2.rank() == 0 || x1.dim(-1) != weight.dim(1) || x2.dim(-1) != weight.dim(2)
                || x1.rank() != x2.rank() || !java.util.Arrays.equals(lead(x1), lead(x2))) {
            throw new IllegalArgumentException("bilinear: inputs " + x1.shape() + " and " + x2.shape() + " do not fit weight "
                    + weight.shape() + " (need [..., in1] and [..., in2] with equal leading dims)");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException("bilinear: bias " + bias.shape() + " does not fit weight " + weight.shape());
        }
        int out = weight.dim(0);
        int in1 = weight.dim(1);
        int in2 = weight.dim(2);
        int[] leading = lead(x1);
        Tensor a = x1.reshape(-1, in1);
        Tensor b = x2.reshape(-1, in2);
        // (a @ W viewed as [in1, out*in2]) gives, per row, x1^T W_k for every k; then dot with x2
        Tensor t = a.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).reshape(-1, out, in2);
        Tensor y = t.mul(b.unsqueeze(1)).sum(2);
        if (bias != null) y = y.add(bias);
        int[] shape = java.util.Arrays.copyOf(leading, leading.length + 1);
        shape[leading.length] = out;
        return y.reshape(shape);
    }

    private static int[] lead(Tensor x) {
        return java.util.Arrays.copyOf(x.dims(), x.rank() - 1);
    }

    // ---------------------------------------------------------------- dropout

    /** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p) when training. */
    public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        Tensor mask = Tensor.bernoulli(rng, 1 - p, x.dims()).mul(1 / (1 - p));
        return x.mul(mask.to(x.dtype()));
    }

    /**
     * Alpha dropout (for SELU networks): dropped elements are set to SELU's negative saturation
     * -scale*alpha and an affine map a*x + b restores zero mean and unit variance, as PyTorch.
     */
    public static Tensor alphaDropout(Tensor x, double p, boolean training, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("alphaDropout: p must be in [0, 1], got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        double alpha = SELU_ALPHA * SELU_SCALE;
        double a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
        Tensor keep = Tensor.bernoulli(rng, 1 - p, x.dims()).to(x.dtype());
        // kept: a*x + alpha*a*p; dropped: a*(-alpha) + alpha*a*p
        Tensor b = keep.sub(1).mul(alpha * a).add(alpha * a * p);
        return x.mul(keep.mul(a)).add(b);
    }

    // ---------------------------------------------------------------- distances

    /** p-norm of x1 - x2 + eps along the last dimension (as torch.nn.functional.pairwise_distance). */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps) {
        if (!(p > 0)) throw new IllegalArgumentException("pairwiseDistance: p must be > 0, got " + p);
        Tensor d = x1.sub(x2).add(eps);
        if (p == 2 || p == 1 || p == Double.POSITIVE_INFINITY) return d.norm(p, -1, false);
        return d.abs().pow(p).sum(-1).pow(1 / p);
    }

    /**
     * Cosine similarity along dim: x1 . x2 / (max(|x1|, eps) max(|x2|, eps)), as current PyTorch's
     * cosine_similarity (default eps 1e-8); it differs from 1.13's only where a norm is below eps.
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        Tensor dot = x1.mul(x2).sum(dim);
        Tensor n1 = x1.norm(2, dim, false).clampMin(eps);
        Tensor n2 = x2.norm(2, dim, false).clampMin(eps);
        return dot.div(n1.mul(n2));
    }

    // ---- convolution, pooling and normalization (issue 4)

    /** torch.nn.functional.conv2d; padding {p}, {ph, pw} or {top, bottom, left, right}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return x.conv2d(weight, bias, stride, padding, dilation, groups);
    }

    /** conv2d with padding="same" (stride 1): output height and width equal the input's. */
    public static Tensor conv2dSame(Tensor x, Tensor weight, Tensor bias, int[] dilation, int groups) {
        int dh = dilation[0], dw = dilation.length > 1 ? dilation[1] : dilation[0];
        int[] ph = Tensor.samePadding(weight.dim(2), dh), pw = Tensor.samePadding(weight.dim(3), dw);
        return x.conv2d(weight, bias, new int[] {1}, new int[] {ph[0], ph[1], pw[0], pw[1]}, dilation, groups);
    }

    /** torch.nn.functional.conv1d; padding {p} or {left, right}. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int[] padding, int dilation, int groups) {
        return x.conv1d(weight, bias, stride, padding, dilation, groups);
    }

    /** Causal 1-d convolution: left padding dilation * (k - 1) only, so output t sees inputs up to t. */
    public static Tensor causalConv1d(Tensor x, Tensor weight, Tensor bias, int dilation, int groups) {
        return x.conv1d(weight, bias, 1, new int[] {dilation * (weight.dim(2) - 1), 0}, dilation, groups);
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int[] dilation, int groups) {
        return x.convTranspose2d(weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding,
            int outputPadding, int dilation, int groups) {
        return x.convTranspose1d(weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return x.maxPool2d(kernel, stride, padding, ceilMode);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return x.avgPool2d(kernel, stride, padding, ceilMode, countIncludePad);
    }

    public static Tensor adaptiveAvgPool2d(Tensor x, int oh, int ow) {
        return x.adaptiveAvgPool2d(oh, ow);
    }

    /**
     * torch.nn.functional.batch_norm: in training, normalizes with the batch statistics and (if given)
     * updates the running ones in place with momentum; in eval, uses the running ones.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, groups, weight, bias, eps);
    }

    public static Tensor instanceNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        return Normalization.instanceNorm(x, weight, bias, eps);
    }
}
