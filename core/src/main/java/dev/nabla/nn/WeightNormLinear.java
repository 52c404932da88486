package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A {@link Linear} under weight normalization (torch.nn.utils.weight_norm(nn.Linear(in, out)), dim=0): parameters
 * bias [out], weight_g [out, 1] and weight_v [out, in], initialized from Linear's default init (v = w, g = ||w||
 * per row, so the layer starts out computing exactly what the plain Linear would).
 */
public final class WeightNormLinear extends WeightNormed {
    private final int in;
    private final int out;

    public WeightNormLinear(int in, int out, Rng rng) {
        this(in, out, true, rng);
    }

    public WeightNormLinear(int in, int out, boolean bias, Rng rng) {
        Linear plain = new Linear(in, out, bias, rng);
        super(plain.weight(), plain.bias());
        this.in = in;
        this.out = out;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new IllegalArgumentException("WeightNormLinear(in=" + in + ", out=" + out + "): input shape " + x.shape() + " must end in " + in);
        }
        return Tensor.linear(x, weight(), bias());
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + (bias() == null ? ", bias=false" : "");
    }
}
