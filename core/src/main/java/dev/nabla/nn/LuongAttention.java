package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Multiplicative (global) attention of Luong et al. 2015: alignment {@code a_t = softmax(score(h_t, h_s))} over
 * all source states, context {@code c_t = sum_s a_t(s) h_s} and the attentional vector
 * {@code h~_t = tanh(W_c [c_t; h_t])}. The score is one of
 * <ul>
 * <li>{@link Score#DOT}: {@code h_t . h_s} (needs equal sizes; no parameters);</li>
 * <li>{@link Score#GENERAL}: {@code h_t . (W_a h_s)}, {@code W_a} the bias-free Linear {@code attn} (Hs to Ht);</li>
 * <li>{@link Score#CONCAT}: {@code v_a . tanh(W_a [h_t; h_s])}, {@code W_a} the bias-free Linear {@code attn}
 * (Ht + Hs to attentionDim) and {@code v_a} the bias-free Linear {@code v} (attentionDim to 1).</li>
 * </ul>
 * {@code W_c} is the bias-free Linear {@code combine} (Hs + Ht to outDim), present when outDim > 0.
 *
 * <p>Shapes: query h_t [N, T, Ht] (or one step [N, Ht]), keys = values h_s [N, S, Hs]; the key padding mask [N, S]
 * (BOOL, true = padding) is optional.
 */
public final class LuongAttention extends Module {
    /** The score functions of the paper. */
    public enum Score { DOT, GENERAL, CONCAT }

    /** Context [N, (T,) Hs], weights [N, (T,) S] and the attentional vector [N, (T,) outDim] (null without combine). */
    public record Result(Tensor context, Tensor weights, Tensor attentional) {}

    private final Score score;
    private final int queryDim;
    private final int keyDim;
    private final Linear attn;
    private final Linear v;
    private final Linear combine;

    /**
     * @param attentionDim the hidden size of the concat score (ignored otherwise)
     * @param outDim the size of the attentional vector, or 0 for no combine layer
     */
    public LuongAttention(Score score, int queryDim, int keyDim, int attentionDim, int outDim, Rng rng) {
        if (score == Score.DOT && queryDim != keyDim) {
            throw new IllegalArgumentException("LuongAttention(dot): query size " + queryDim + " and key size " + keyDim + " must be equal");
        }
        this.score = score;
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        this.attn = switch (score) {
            case DOT -> null;
            case GENERAL -> child("attn", new Linear(keyDim, queryDim, false, rng));
            case CONCAT -> child("attn", new Linear(queryDim + keyDim, attentionDim, false, rng));
        };
        this.v = score == Score.CONCAT ? child("v", new Linear(attentionDim, 1, false, rng)) : null;
        this.combine = outDim > 0 ? child("combine", new Linear(keyDim + queryDim, outDim, false, rng)) : null;
    }

    public Score score() {
        return score;
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("LuongAttention: use attend(query, keys, keyPaddingMask)");
    }

    /** The unnormalized scores [N, T, S] for query [N, T, Ht] and keys [N, S, Hs]. */
    public Tensor scores(Tensor query, Tensor keys) {
        if (query.rank() != 3 || keys.rank() != 3 || query.dim(0) != keys.dim(0) || query.dim(2) != queryDim || keys.dim(2) != keyDim) {
            throw new IllegalArgumentException("LuongAttention(" + score + "): query " + query.shape() + " and keys " + keys.shape()
                    + " must be [N, T, " + queryDim + "] and [N, S, " + keyDim + "]");
        }
        return switch (score) {
            case DOT -> query.matmul(keys.transpose(1, 2));
            case GENERAL -> query.matmul(attn.forward(keys).transpose(1, 2));
            case CONCAT -> {
                // W_a [h_t; h_s] = W_a[:, :Ht] h_t + W_a[:, Ht:] h_s, without forming every pair's concatenation
                Tensor w = attn.weight();
                Tensor q = Tensor.linear(query, w.narrow(1, 0, queryDim), null).unsqueeze(2);   // [N, T, 1, A]
                Tensor k = Tensor.linear(keys, w.narrow(1, queryDim, keyDim), null).unsqueeze(1); // [N, 1, S, A]
                yield v.forward(q.add(k).tanh()).squeeze(-1);
            }
        };
    }

    /** Global attention over all source positions. */
    public Result attend(Tensor query, Tensor keys, Tensor keyPaddingMask) {
        boolean step = query.rank() == 2;
        Tensor q = step ? query.unsqueeze(1) : query;
        AdditiveAttention.Result r = AdditiveAttention.weigh(scores(q, keys), keys, keyPaddingMask, false);
        return finish(q, r.context(), r.weights(), step);
    }

    /** Wraps up weights computed elsewhere (local attention): the attentional vector and the step squeeze. */
    Result finish(Tensor q, Tensor context, Tensor weights, boolean step) {
        Tensor h = combine == null ? null : combine.forward(Tensor.cat(-1, context, q)).tanh();
        if (!step) return new Result(context, weights, h);
        return new Result(context.squeeze(1), weights.squeeze(1), h == null ? null : h.squeeze(1));
    }

    @Override
    protected String describe() {
        return score.name().toLowerCase(java.util.Locale.ROOT) + ", query=" + queryDim + ", key=" + keyDim;
    }
}
