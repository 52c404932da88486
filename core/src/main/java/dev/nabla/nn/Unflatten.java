package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Splits one dimension into several (torch.nn.Unflatten): e.g. [N, 784] to [N, 1, 28, 28] with dim 1, sizes (1, 28, 28). */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    public Unflatten(int dim, int... sizes) {
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        int d = dim < 0 ? dim + x.rank() : dim;
        if (d < 0 || d >= x.rank()) throw new IllegalArgumentException("Unflatten: dim " + dim + " out of range for " + x.shape());
        int[] in = x.dims();
        int[] out = new int[in.length - 1 + sizes.length];
        System.arraycopy(in, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(in, d + 1, out, d + sizes.length, in.length - d - 1);
        long prod = 1;
        for (int s : sizes) prod *= s;
        if (prod != in[d]) {
            throw new IllegalArgumentException("Unflatten: dimension " + d + " of " + x.shape() + " has " + in[d]
                    + " elements, sizes " + Arrays.toString(sizes) + " need " + prod);
        }
        return x.reshape(out);
    }

    @Override
    protected String describe() {
        return "dim=" + dim + ", sizes=" + Arrays.toString(sizes);
    }
}
