package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.MaskedSoftmax;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Local attention of Luong et al. 2015: each target step t attends only to the source positions s with
 * |s - p_t| <= D around an aligned position p_t, scored by a {@link LuongAttention} (child {@code align}).
 * <ul>
 * <li>{@link Mode#MONOTONIC} (local-m): p_t = t + offset, the window's softmax is the alignment.</li>
 * <li>{@link Mode#PREDICTIVE} (local-p): p_t = S * sigmoid(v_p^T tanh(W_p h_t)) with W_p the bias-free Linear
 * {@code predict_proj} (Ht to Ht) and v_p the bias-free Linear {@code predict_v} (Ht to 1); the window's softmax is
 * multiplied by a Gaussian exp(-(s - p_t)^2 / (2 sigma^2)), sigma = D / 2, which carries p_t's gradient (the
 * window itself is a hard, non-differentiable cut).</li>
 * </ul>
 * A step whose window holds no unmasked position gets zero weights. Shapes as {@link LuongAttention}.
 */
public final class LocalAttention extends Module {
    /** How the window's centre is chosen. */
    public enum Mode { MONOTONIC, PREDICTIVE }

    private final LuongAttention align;
    private final Mode mode;
    private final int window;
    private final Linear predictProj;
    private final Linear predictV;

    public LocalAttention(LuongAttention align, Mode mode, int window, int queryDim, Rng rng) {
        if (window < 0) throw new IllegalArgumentException("LocalAttention: window half-width D must be >= 0, got " + window);
        this.align = child("align", align);
        this.mode = mode;
        this.window = window;
        this.predictProj = mode == Mode.PREDICTIVE ? child("predict_proj", new Linear(queryDim, queryDim, false, rng)) : null;
        this.predictV = mode == Mode.PREDICTIVE ? child("predict_v", new Linear(queryDim, 1, false, rng)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("LocalAttention needs a query and keys: use attend(query, keys, keyPaddingMask, offset)");
    }

    /** The window centres p_t [N, T, 1] for query [N, T, Ht] and a source of srcLen positions. */
    public Tensor positions(Tensor query, int srcLen) {
        if (mode == Mode.MONOTONIC) {
            throw new IllegalStateException("LocalAttention: local-m has fixed positions t + offset; only local-p predicts them");
        }
        return predictV.forward(predictProj.forward(query).tanh()).sigmoid().mul(srcLen);
    }

    /**
     * @param query [N, T, Ht] (or one step [N, Ht])
     * @param keys [N, S, Hs], also the values
     * @param keyPaddingMask [N, S] (BOOL, true = padding) or null
     * @param offset local-m: the target index of the query's first step (p_t = offset + t); ignored by local-p
     */
    public LuongAttention.Result attend(Tensor query, Tensor keys, Tensor keyPaddingMask, int offset) {
        boolean step = query.rank() == 2;
        Tensor q = step ? query.unsqueeze(1) : query;
        int n = q.dim(0);
        int t = q.dim(1);
        int s = keys.dim(1);
        Tensor scores = align.scores(q, keys);
        Tensor pos = Tensor.arange(s).to(scores.dtype());                         // [S]
        Tensor p = mode == Mode.MONOTONIC
                ? Tensor.arange(offset, offset + t, 1).to(scores.dtype()).reshape(1, t, 1)
                : positions(q, s);                                              // [N, T, 1]
        Tensor mask;
        try (var g = Grad.off()) {
            Tensor outside = pos.sub(p.detach()).abs().gt(window);                 // [1 or N, T, S]
            mask = Tensor.where(outside, Tensor.scalar(Double.NEGATIVE_INFINITY, scores.dtype()), Tensor.scalar(0, scores.dtype()));
            Tensor pad = AdditiveAttention.paddingMask(keyPaddingMask, scores);
            if (pad != null) mask = mask.add(pad);
            mask = mask.expand(n, t, s);
        }
        Tensor w = MaskedSoftmax.apply(scores, mask, false, 1.0);
        if (mode == Mode.PREDICTIVE) {
            double sigma = window / 2.0;
            Tensor d = pos.sub(p);
            w = w.mul(d.mul(d).div(-2 * sigma * sigma).exp());
        }
        return align.finish(q, w.matmul(keys), w, step);
    }

    @Override
    protected String describe() {
        return (mode == Mode.MONOTONIC ? "local-m" : "local-p") + ", D=" + window;
    }
}
