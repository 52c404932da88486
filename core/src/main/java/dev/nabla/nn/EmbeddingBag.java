package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.EmbeddingBags;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * torch.nn.EmbeddingBag: the sum, mean or maximum of bags of embedding rows without building the
 * per-index rows, e.g. a bag-of-words text encoder. Parameter {@code weight} [num, dim], initialized
 * N(0, 1) with the padding row zeroed, as in PyTorch. Input: INT64 [B, N] (each row a bag) or a 1-d
 * INT64 input with {@code offsets} marking where each bag starts.
 */
public final class EmbeddingBag extends Module {
    /** How the rows of a bag are combined; PyTorch's default is MEAN. */
    public enum Mode {
        SUM, MEAN, MAX
    }

    /**
     * Settings beyond the sizes: {@code paddingIdx} null for none (negative counts from the end);
     * {@code includeLastOffset} as in PyTorch (offsets has B + 1 entries, the last one ending the last bag).
     */
    public record Options(Mode mode, Integer paddingIdx, boolean includeLastOffset) {
        public static Options defaults() {
            return new Options(Mode.MEAN, null, false);
        }

        public Options mode(Mode m) {
            return new Options(m, paddingIdx, includeLastOffset);
        }

        public Options paddingIdx(Integer p) {
            return new Options(mode, p, includeLastOffset);
        }

        public Options includeLastOffset(boolean flag) {
            return new Options(mode, paddingIdx, flag);
        }
    }

    private final int numEmbeddings;
    private final int embeddingDim;
    private final Options options;
    private final Integer paddingIdx;
    private final Tensor weight;

    /** Mean mode, no padding index. */
    public EmbeddingBag(int numEmbeddings, int embeddingDim, Rng rng) {
        this(numEmbeddings, embeddingDim, Options.defaults(), rng);
    }

    public EmbeddingBag(int numEmbeddings, int embeddingDim, Mode mode, Rng rng) {
        this(numEmbeddings, embeddingDim, Options.defaults().mode(mode), rng);
    }

    public EmbeddingBag(int numEmbeddings, int embeddingDim, Options options, Rng rng) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("EmbeddingBag: sizes must be positive, got num_embeddings=" + numEmbeddings
                    + ", embedding_dim=" + embeddingDim);
        }
        if (options.mode() == null) throw new IllegalArgumentException("EmbeddingBag: mode must not be null");
        Integer p = options.paddingIdx();
        if (p != null) {
            if (p < -numEmbeddings || p >= numEmbeddings) {
                throw new IllegalArgumentException("EmbeddingBag: padding_idx " + p + " must be within num_embeddings " + numEmbeddings);
            }
            p = p < 0 ? p + numEmbeddings : p;
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.options = options;
        this.paddingIdx = p;
        Tensor w = Tensor.normal(rng, 0, 1, numEmbeddings, embeddingDim);
        if (p != null) {
            try (var g = Grad.off()) {
                w.select(0, p).fillInPlace(0);
            }
        }
        this.weight = param("weight", w);
    }

    public Tensor weight() {
        return weight;
    }

    public Options options() {
        return options;
    }

    /** Bags given as the rows of a 2-d INT64 input [B, N]; returns [B, dim]. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null);
    }

    /** Bags of a 1-d INT64 input starting at offsets; returns [B, dim]. */
    public Tensor forward(Tensor input, Tensor offsets) {
        return forward(input, offsets, null);
    }

    /** As {@link #forward(Tensor, Tensor)}, each row scaled by its per-sample weight (mode SUM only); offsets null for a 2-d input. */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        EmbeddingBags.Mode m = EmbeddingBags.Mode.valueOf(options.mode().name());
        return EmbeddingBags.embeddingBag(weight, input, offsets, perSampleWeights, m, paddingIdx, options.includeLastOffset());
    }

    @Override
    protected String describe() {
        return numEmbeddings + ", " + embeddingDim + ", mode=" + options.mode().name().toLowerCase()
                + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx)
                + (options.includeLastOffset() ? ", include_last_offset=true" : "");
    }
}
