package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.HeadProjection;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Multi-head attention (torch.nn.MultiheadAttention): queries, keys and values are projected, split into
 * {@code numHeads} heads of size embedDim / numHeads, attended with {@link Attention#scaledDotProduct} and
 * projected back by {@code out_proj}.
 *
 * <p>Parameters have PyTorch's names and layout: {@code in_proj_weight} [3E, E] and {@code in_proj_bias} [3E]
 * (q, k, v stacked), or, when kdim or vdim differ from E, {@code q_proj_weight} [E, E], {@code k_proj_weight}
 * [E, kdim], {@code v_proj_weight} [E, vdim]; {@code out_proj.weight} [E, E] and {@code out_proj.bias}. Init as
 * PyTorch: xavier-uniform projection weights, zero biases, out_proj's weight Linear's default.
 *
 * <p>Inputs are [L, N, E] (or [N, L, E] with batchFirst, or unbatched [L, E]). {@code attnMask} is [L, S] or
 * [N * numHeads, L, S]; {@code keyPaddingMask} is [N, S]; both BOOL (true = masked out) or floating (added).
 * The returned weights are [N, L, S] averaged over heads (or [N, numHeads, L, S]); S counts the positions
 * add_bias_kv and add_zero_attn append.
 */
public final class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final int kdim;
    private final int vdim;
    private final double dropout;
    private final boolean batchFirst;
    private final Rng rng;
    private final Tensor inProjWeight;
    private final Tensor qProjWeight;
    private final Tensor kProjWeight;
    private final Tensor vProjWeight;
    private final Tensor inProjBias;
    private final Tensor biasK;
    private final Tensor biasV;
    private final boolean addZeroAttn;
    private final Linear outProj;

    /** The output [L, N, E] (or batch first) and the weights (null unless asked for). */
    public record Output(Tensor output, Tensor weights) {}

    public MultiheadAttention(int embedDim, int numHeads, Rng rng) {
        this(embedDim, numHeads, 0.0, true, embedDim, embedDim, false, rng);
    }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean batchFirst, Rng rng) {
        this(embedDim, numHeads, dropout, true, embedDim, embedDim, batchFirst, rng);
    }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim,
            boolean batchFirst, Rng rng) {
        this(embedDim, numHeads, dropout, bias, false, false, kdim, vdim, batchFirst, rng);
    }

    /**
     * All of PyTorch's settings, in its order. {@code addBiasKv} appends learned {@code bias_k}, {@code bias_v}
     * [1, 1, E] (xavier-normal) to the projected keys and values as one more source position; {@code addZeroAttn}
     * appends a zero key and value after that; the masks are padded so the added positions are never masked.
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv, boolean addZeroAttn,
            int kdim, int vdim, boolean batchFirst, Rng rng) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0 || kdim <= 0 || vdim <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim " + embedDim + " must be positive and divisible by num_heads "
                    + numHeads + ", kdim " + kdim + " and vdim " + vdim + " positive");
        }
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = kdim;
        this.vdim = vdim;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.rng = generator("rng", rng); // attention dropout draws from it; checkpoints save its state
        boolean same = kdim == embedDim && vdim == embedDim;
        try (var g = Grad.off()) {
            if (same) {
                inProjWeight = param("in_proj_weight", Init.xavierUniform(Tensor.zeros(3 * embedDim, embedDim), rng));
                qProjWeight = kProjWeight = vProjWeight = null;
            } else {
                inProjWeight = null;
                qProjWeight = param("q_proj_weight", Init.xavierUniform(Tensor.zeros(embedDim, embedDim), rng));
                kProjWeight = param("k_proj_weight", Init.xavierUniform(Tensor.zeros(embedDim, kdim), rng));
                vProjWeight = param("v_proj_weight", Init.xavierUniform(Tensor.zeros(embedDim, vdim), rng));
            }
            inProjBias = bias ? param("in_proj_bias", Tensor.zeros(3 * embedDim)) : null;
            biasK = addBiasKv ? param("bias_k", Init.xavierNormal(Tensor.zeros(1, 1, embedDim), rng)) : null;
            biasV = addBiasKv ? param("bias_v", Init.xavierNormal(Tensor.zeros(1, 1, embedDim), rng)) : null;
            this.addZeroAttn = addZeroAttn;
            outProj = child("out_proj", new Linear(embedDim, embedDim, bias, rng));
            if (bias) outProj.bias().fillInPlace(0);
        }
    }

    public int embedDim() {
        return embedDim;
    }

    public int numHeads() {
        return numHeads;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    /** Self-attention without masks: the output only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, false, null).output();
    }

    /** Attention with optional masks (null for none); weights averaged over heads when needWeights. */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask) {
        return forward(query, key, value, keyPaddingMask, needWeights, attnMask, true, false);
    }

    /**
     * The full form: {@code isCausal} adds the causal mask (query i sees keys j <= i) to any attnMask;
     * {@code averageAttnWeights} false returns per-head weights [N, heads, L, S].
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
            boolean averageAttnWeights, boolean isCausal) {
        boolean unbatched = query.rank() == 2;
        int want = unbatched ? 2 : 3;
        if (query.rank() != want || key.rank() != want || value.rank() != want || query.dim(-1) != embedDim
                || key.dim(-1) != kdim || value.dim(-1) != vdim) {
            throw new IllegalArgumentException("MultiheadAttention(embed_dim=" + embedDim + ", kdim=" + kdim + ", vdim=" + vdim
                    + "): query " + query.shape() + ", key " + key.shape() + ", value " + value.shape() + " must be "
                    + (batchFirst ? "[N, L, E], [N, S, kdim], [N, S, vdim]" : "[L, N, E], [S, N, kdim], [S, N, vdim]") + " or unbatched");
        }
        Tensor q = unbatched ? query.unsqueeze(0) : (batchFirst ? query : query.transpose(0, 1));
        Tensor k = unbatched ? key.unsqueeze(0) : (batchFirst ? key : key.transpose(0, 1));
        Tensor v = unbatched ? value.unsqueeze(0) : (batchFirst ? value : value.transpose(0, 1));
        Tensor kpm = keyPaddingMask == null ? null : (unbatched ? keyPaddingMask.reshape(1, -1) : keyPaddingMask);
        int n = q.dim(0);
        int l = q.dim(1);
        int s = k.dim(1);
        if (k.dim(0) != n || v.dim(0) != n || v.dim(1) != s) {
            throw new IllegalArgumentException("MultiheadAttention: query " + query.shape() + ", key " + key.shape() + " and value "
                    + value.shape() + " disagree on batch size or source length");
        }
        Tensor[] weights = inProjWeight != null ? new Tensor[] {inProjWeight} : new Tensor[] {qProjWeight, kProjWeight, vProjWeight};
        Attention.Mask mask = new Attention.Mask(headMask(attnMask, n, l, s), kpm, isCausal);
        Output r = attend(q, k, v, weights, inProjBias, biasK, biasV, addZeroAttn, outProj.weight(), outProj.bias(), numHeads, mask,
                isTraining() ? dropout : 0, rng, needWeights, averageAttnWeights);
        Tensor o = r.output();
        Tensor out = unbatched ? o.squeeze(0) : (batchFirst ? o : o.transpose(0, 1));
        Tensor w = r.weights();
        if (w != null && unbatched) w = w.squeeze(0);
        return new Output(out, w);
    }

    /**
     * The computation on batch-first inputs q [N, L, E], k [N, S, kdim], v [N, S, vdim], as PyTorch's
     * F.multi_head_attention_forward: {@code proj} is {in_proj_weight} or {q, k, v projection weights}; biasK and
     * biasV [1, 1, E] or null; addZeroAttn appends a zero key and value. Returns [N, L, E] and the weights.
     */
    static Output attend(Tensor q, Tensor k, Tensor v, Tensor[] proj, Tensor inProjBias, Tensor biasK, Tensor biasV, boolean addZeroAttn,
            Tensor outWeight, Tensor outBias, int numHeads, Attention.Mask mask, double dropoutP, Rng rng, boolean needWeights,
            boolean average) {
        int e = outWeight.dim(0);
        Tensor[] w = proj.length == 1
                ? new Tensor[] {proj[0].narrow(0, 0, e), proj[0].narrow(0, e, e), proj[0].narrow(0, 2 * e, e)} : proj;
        Tensor[] bias = inProjBias == null ? new Tensor[3]
                : new Tensor[] {inProjBias.narrow(0, 0, e), inProjBias.narrow(0, e, e), inProjBias.narrow(0, 2 * e, e)};
        // each projection lands directly in the head layout [N, heads, L, d] (no permuted copies either way)
        Tensor qh = HeadProjection.toHeads(q, w[0], bias[0], numHeads);
        Tensor kh = HeadProjection.toHeads(k, w[1], bias[1], numHeads);
        Tensor vh = HeadProjection.toHeads(v, w[2], bias[2], numHeads);
        int extra = 0;
        int n = kh.dim(0);
        int d = kh.dim(3);
        if (biasK != null) {
            kh = Tensor.cat(2, kh, biasK.reshape(1, numHeads, 1, d).expand(n, numHeads, 1, d));
            vh = Tensor.cat(2, vh, biasV.reshape(1, numHeads, 1, d).expand(n, numHeads, 1, d));
            extra++;
        }
        if (addZeroAttn) {
            Tensor zeros = Tensor.zeros(kh.dtype(), n, numHeads, 1, d);
            kh = Tensor.cat(2, kh, zeros);
            vh = Tensor.cat(2, vh, zeros);
            extra++;
        }
        if (extra > 0) mask = new Attention.Mask(padKeys(mask.attnMask(), extra), padKeys(mask.keyPaddingMask(), extra), mask.causal());
        Attention.Result r = Attention.scaledDotProduct(qh, kh, vh, mask, dropoutP, rng, needWeights);
        Tensor o = HeadProjection.fromHeads(r.output(), outWeight, outBias);
        Tensor weights = needWeights ? (average ? r.weights().mean(1) : r.weights()) : null;
        return new Output(o, weights);
    }

    /** A mask with {@code extra} unmasked key positions appended (false or 0). */
    private static Tensor padKeys(Tensor m, int extra) {
        return m == null ? null : m.pad(new int[] {0, extra}, 0);
    }

    /** attnMask [L, S] stays; [N * heads, L, S] becomes [N, heads, L, S]. */
    private Tensor headMask(Tensor m, int n, int l, int s) {
        if (m == null) return null;
        if (m.rank() == 2 && m.dim(0) == l && m.dim(1) == s) return m;
        if (m.rank() == 3 && m.dim(0) == n * numHeads && m.dim(1) == l && m.dim(2) == s) return m.reshape(n, numHeads, l, s);
        throw new IllegalArgumentException("MultiheadAttention: attn_mask " + m.shape() + " must be [L, S] = [" + l + ", " + s
                + "] or [N * num_heads, L, S] = [" + (n * numHeads) + ", " + l + ", " + s + "]");
    }

    public Linear outProj() {
        return outProj;
    }

    @Override
    protected String describe() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads + (kdim != embedDim || vdim != embedDim ? ", kdim=" + kdim + ", vdim=" + vdim : "")
                + (dropout > 0 ? ", dropout=" + dropout : "") + (batchFirst ? ", batch_first=true" : "");
    }
}
