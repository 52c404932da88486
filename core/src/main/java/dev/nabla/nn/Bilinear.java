package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * y_k = x1^T W_k x2 + b_k, with PyTorch's layout (weight [out, in1, in2], bias [out]) and init
 * U(-1/sqrt(in1), 1/sqrt(in1)) for both. Takes two inputs: call {@link #forward(Tensor, Tensor)}.
 */
public final class Bilinear extends Module {
    private final int in1;
    private final int in2;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    public Bilinear(int in1, int in2, int out, Rng rng) {
        this(in1, in2, out, true, rng);
    }

    public Bilinear(int in1, int in2, int out, boolean bias, Rng rng) {
        if (in1 <= 0 || in2 <= 0 || out <= 0) {
            throw new IllegalArgumentException("Bilinear: sizes must be positive, got in1=" + in1 + ", in2=" + in2 + ", out=" + out);
        }
        this.in1 = in1;
        this.in2 = in2;
        this.out = out;
        double bound = 1 / Math.sqrt(in1);
        this.weight = param("weight", Tensor.uniform(rng, -bound, bound, out, in1, in2));
        this.bias = bias ? param("bias", Tensor.uniform(rng, -bound, bound, out)) : null;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public Tensor forward(Tensor x1, Tensor x2) {
        return F.bilinear(x1, x2, weight, bias);
    }

    /** Bilinear needs two inputs; this one-input form always throws. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("Bilinear takes two inputs: call forward(x1, x2)");
    }

    @Override
    protected String describe() {
        return "in1=" + in1 + ", in2=" + in2 + ", out=" + out + (bias == null ? ", bias=false" : "");
    }
}
