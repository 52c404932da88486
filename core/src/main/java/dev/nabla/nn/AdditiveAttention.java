package dev.nabla.nn;

import dev.nabla.tensor.MaskedSoftmax;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Additive (content-based) attention of Bahdanau et al. 2015, "jointly learning to align and translate":
 * {@code u = v^T tanh(W1 E + W2 d)}, {@code a = softmax(u)} over the encoder positions, context {@code a E}.
 * Here W1 is {@code key_proj} (keys to the attention size, no bias), W2 is {@code query_proj} (query to the
 * attention size, with bias) and v is {@code v} (attention size to 1, no bias), all Linear layers.
 *
 * <p>Shapes: query [N, Hq] (one decoder step) or [N, T, Hq]; keys [N, S, Hk]; values [N, S, Hv] (the keys when
 * null). Weights are [N, S] or [N, T, S], the context [N, Hv] or [N, T, Hv]. The optional key padding mask [N, S]
 * (BOOL, true = padding) removes positions; a query with every position masked gets zero weights.
 */
public final class AdditiveAttention extends Module {
    private final Linear keyProj;
    private final Linear queryProj;
    private final Linear v;

    /** The context and the attention weights. */
    public record Result(Tensor context, Tensor weights) {}

    public AdditiveAttention(int queryDim, int keyDim, int attentionDim, Rng rng) {
        keyProj = child("key_proj", new Linear(keyDim, attentionDim, false, rng));
        queryProj = child("query_proj", new Linear(queryDim, attentionDim, true, rng));
        v = child("v", new Linear(attentionDim, 1, false, rng));
    }

    /** Attention needs a query and keys: use {@link #attend}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("AdditiveAttention needs a query and keys: use attend(query, keys, values, keyPaddingMask)");
    }

    /** The unnormalized scores u [N, S] or [N, T, S]. */
    public Tensor scores(Tensor query, Tensor keys) {
        return scores(query, keys, queryProj.weight(), queryProj.bias(), keyProj.weight(), v.weight());
    }

    public Result attend(Tensor query, Tensor keys, Tensor values, Tensor keyPaddingMask) {
        Tensor vals = values == null ? keys : values;
        return weigh(scores(query, keys), vals, keyPaddingMask, query.rank() == 2);
    }

    /** u = v^T tanh(W1 keys + W2 query + b) with explicit weights (W2 [A, Hq], b [A] or null, W1 [A, Hk], v [1, A]). */
    public static Tensor scores(Tensor query, Tensor keys, Tensor wq, Tensor bq, Tensor wk, Tensor v) {
        boolean step = query.rank() == 2;
        if ((query.rank() != 2 && query.rank() != 3) || keys.rank() != 3 || query.dim(0) != keys.dim(0)) {
            throw new IllegalArgumentException("additive attention: query " + query.shape() + " and keys " + keys.shape()
                    + " must be [N, Hq] or [N, T, Hq] and [N, S, Hk]");
        }
        Tensor q = step ? query.unsqueeze(1) : query;
        Tensor k = Tensor.linear(keys, wk, null).unsqueeze(1);        // [N, 1, S, A]
        Tensor qq = Tensor.linear(q, wq, bq).unsqueeze(2);            // [N, T, 1, A]
        Tensor u = Tensor.linear(k.add(qq).tanh(), v, null).squeeze(-1); // [N, T, S]
        return step ? u.squeeze(1) : u;
    }

    /** Softmax of scores [N, S] or [N, T, S] over S (masked by keyPaddingMask [N, S]) and the weighted sum of values. */
    static Result weigh(Tensor scores, Tensor values, Tensor keyPaddingMask, boolean step) {
        Tensor s = step ? scores.unsqueeze(1) : scores;
        Tensor w = MaskedSoftmax.apply(s, paddingMask(keyPaddingMask, s), false, 1.0);
        if (values.rank() != 3 || values.dim(0) != s.dim(0) || values.dim(1) != s.dim(2)) {
            throw new IllegalArgumentException("attention: values " + values.shape() + " must be [N, S, Hv] for scores " + scores.shape());
        }
        Tensor c = w.matmul(values);
        return step ? new Result(c.squeeze(1), w.squeeze(1)) : new Result(c, w);
    }

    /** A BOOL key padding mask [N, S] as an additive mask [N, 1, S] for scores [N, T, S], or null. */
    static Tensor paddingMask(Tensor keyPaddingMask, Tensor scores) {
        if (keyPaddingMask == null) return null;
        return Attention.additiveMask(Attention.Mask.NONE.withKeyPadding(keyPaddingMask), scores.dims(), scores.dtype());
    }
}
