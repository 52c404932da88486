package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A lookup table of {@code num} vectors of size {@code dim} (torch.nn.Embedding): an INT64 index tensor of any
 * shape [...] maps to [..., dim]. Weight initialized N(0, 1) as in PyTorch. The row {@code paddingIdx} (if set)
 * starts at zero and never receives a gradient; with {@code maxNorm} set, every row looked up whose p-norm
 * exceeds it is rescaled in place to that norm before the lookup, as PyTorch does.
 */
public final class Embedding extends Module {
    private final int num;
    private final int dim;
    private final int paddingIdx;
    private final double maxNorm;
    private final double normType;
    private final Tensor weight;

    public Embedding(int num, int dim, Rng rng) {
        this(num, dim, NONE, 0, rng);
    }

    /**
     * @param paddingIdx row that stays constant (zero-initialized, no gradient); negative counts from the end as in
     *     PyTorch; pass {@link #NONE} for none
     * @param maxNorm renormalize looked-up rows to at most this 2-norm; 0 for no limit
     */
    public Embedding(int num, int dim, int paddingIdx, double maxNorm, Rng rng) {
        this(Tensor.normal(rng, 0, 1, num, dim), paddingIdx, maxNorm, 2.0, true);
    }

    /** No padding row. */
    public static final int NONE = Integer.MIN_VALUE;

    private Embedding(Tensor table, int paddingIdx, double maxNorm, double normType, boolean zeroPadding) {
        if (table.rank() != 2 || table.dim(0) <= 0 || table.dim(1) <= 0) {
            throw new IllegalArgumentException("Embedding: table must be 2-d [num, dim] with positive sizes, got " + table.shape());
        }
        this.num = table.dim(0);
        this.dim = table.dim(1);
        if (paddingIdx != NONE && (paddingIdx < -num || paddingIdx >= num)) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " out of range for " + num + " rows");
        }
        this.paddingIdx = paddingIdx == NONE ? -1 : (paddingIdx < 0 ? paddingIdx + num : paddingIdx);
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("Embedding: maxNorm must be >= 0, got " + maxNorm);
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.weight = param("weight", table);
        if (zeroPadding && this.paddingIdx >= 0) {
            try (var g = Grad.off()) {
                weight.select(0, this.paddingIdx).fillInPlace(0);
            }
        }
    }

    /** An embedding holding a copy of {@code table} [num, dim] (torch's from_pretrained); frozen if asked. */
    public static Embedding fromPretrained(Tensor table, boolean freeze) {
        Embedding e = new Embedding(table.detach().copy(), NONE, 0, 2.0, false);
        if (freeze) e.freeze();
        return e;
    }

    public Tensor weight() {
        return weight;
    }

    public int numEmbeddings() {
        return num;
    }

    public int embeddingDim() {
        return dim;
    }

    @Override
    public Tensor forward(Tensor indices) {
        if (indices.dtype().isFloating()) {
            throw new IllegalArgumentException("Embedding: indices must be INT64, got " + indices.dtype() + " of shape " + indices.shape());
        }
        if (maxNorm > 0) renormalize(indices);
        return Tensor.embedding(weight, indices, paddingIdx);
    }

    private void renormalize(Tensor indices) {
        try (var g = Grad.off()) {
            Tensor flat = indices.reshape(-1);
            java.util.BitSet done = new java.util.BitSet(num);
            for (int i = 0; i < flat.numel(); i++) {
                int r = (int) flat.get(i);
                if (r < 0) r += num;
                if (r < 0 || r >= num || done.get(r)) continue; // out-of-range rows fail in the lookup itself
                done.set(r);
                Tensor row = weight.select(0, r);
                double norm = row.norm(normType).item();
                if (norm > maxNorm) row.mulInPlace(maxNorm / (norm + 1e-7));
            }
        }
    }

    @Override
    protected String describe() {
        return num + ", " + dim + (paddingIdx >= 0 ? ", paddingIdx=" + paddingIdx : "") + (maxNorm > 0 ? ", maxNorm=" + maxNorm : "");
    }
}
