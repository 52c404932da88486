package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Learned absolute positions (as GPT's and BERT's position embeddings): a trainable table {@code weight}
 * [maxLen, dModel], drawn N(0, initStd^2) (GPT-2 uses 0.02), whose first L rows are added to an input of
 * length L. Inputs are [N, L, dModel] with batchFirst, else [L, N, dModel].
 */
public final class LearnedPositionalEmbedding extends Module {
    private final int dModel;
    private final boolean batchFirst;
    private final Tensor weight;

    public LearnedPositionalEmbedding(int maxLen, int dModel, boolean batchFirst, Rng rng) {
        this(maxLen, dModel, 0.02, batchFirst, rng);
    }

    public LearnedPositionalEmbedding(int maxLen, int dModel, double initStd, boolean batchFirst, Rng rng) {
        if (dModel <= 0 || maxLen <= 0 || !(initStd >= 0)) {
            throw new IllegalArgumentException("LearnedPositionalEmbedding: max_len " + maxLen + ", d_model " + dModel
                    + " must be positive, init std " + initStd + " >= 0");
        }
        this.dModel = dModel;
        this.batchFirst = batchFirst;
        this.weight = param("weight", Tensor.normal(rng, 0, initStd, maxLen, dModel));
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor x) {
        int lenDim = batchFirst ? 1 : 0;
        if (x.rank() != 3 || x.dim(2) != dModel || x.dim(lenDim) > weight.dim(0)) {
            throw new IllegalArgumentException("LearnedPositionalEmbedding(max_len=" + weight.dim(0) + ", d_model=" + dModel + "): input "
                    + x.shape() + " must be " + (batchFirst ? "[N, L, d_model]" : "[L, N, d_model]") + " with L <= max_len");
        }
        Tensor p = weight.narrow(0, 0, x.dim(lenDim));
        return x.add(batchFirst ? p : p.unsqueeze(1));
    }

    @Override
    protected String describe() {
        return "max_len=" + weight.dim(0) + ", d_model=" + dModel;
    }
}
