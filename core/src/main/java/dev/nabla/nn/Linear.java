package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** y = x W^T + b, with PyTorch's layout ([out, in] weight) and default init U(-1/sqrt(in), 1/sqrt(in)). */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int in, int out, Rng rng) {
        this(in, out, true, rng);
    }

    public Linear(int in, int out, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + ", out=" + out);
        this.in = in;
        this.out = out;
        double bound = 1 / Math.sqrt(in);
        this.weight = param("weight", Tensor.uniform(rng, -bound, bound, out, in));
        this.bias = bias ? param("bias", Tensor.uniform(rng, -bound, bound, out)) : null;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new IllegalArgumentException("Linear(in=" + in + ", out=" + out + "): input shape " + x.shape()
                    + " must end in " + in);
        }
        return Tensor.linear(x, weight, bias);
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + (bias == null ? ", bias=false" : "");
    }
}
