package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.MaskedSoftmax;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Scaled dot-product attention, softmax(q k^T / sqrt(d) + mask) v (Vaswani et al. 2017), as
 * {@code torch.nn.functional.scaled_dot_product_attention} with the masks of {@code nn.MultiheadAttention}.
 *
 * <p>Shapes: q [..., Lq, d], k [..., Lk, d], v [..., Lk, dv] (leading dims broadcast, e.g. [B, heads]);
 * the output is [..., Lq, dv] and the weights [..., Lq, Lk]. The products are batched matmuls and the
 * softmax is the fused {@link MaskedSoftmax} (scale, mask and causal limit in one pass).
 *
 * <p>Masks ({@link Mask}): an attention mask broadcastable to [..., Lq, Lk], either BOOL (true = the key is
 * masked out, PyTorch MultiheadAttention's convention) or floating (added to the scores); a key padding
 * mask [B, Lk] (BOOL, true = padding, or floating and added) for scores [B, ..., Lq, Lk]; and a causal flag
 * (query i sees keys j <= i). A query whose keys are all masked gets all-zero weights and a zero output
 * (and no gradient), where PyTorch's math path gives NaN.
 */
public final class Attention {
    private Attention() {}

    /** The attention output and, if asked for, the weights (after dropout, as PyTorch returns them). */
    public record Result(Tensor output, Tensor weights) {}

    /** The masks of one attention call; any part may be absent (null, false). */
    public record Mask(Tensor attnMask, Tensor keyPaddingMask, boolean causal) {
        public static final Mask NONE = new Mask(null, null, false);

        public static Mask causalMask() {
            return new Mask(null, null, true);
        }

        public static Mask of(Tensor attnMask) {
            return new Mask(attnMask, null, false);
        }

        public Mask withAttnMask(Tensor m) {
            return new Mask(m, keyPaddingMask, causal);
        }

        public Mask withKeyPadding(Tensor m) {
            return new Mask(attnMask, m, causal);
        }

        public Mask withCausal(boolean c) {
            return new Mask(attnMask, keyPaddingMask, c);
        }
    }

    /** softmax(q k^T / sqrt(d)) v without masks or dropout. */
    public static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v) {
        return scaledDotProduct(q, k, v, Mask.NONE, 0, null, false).output();
    }

    /**
     * Scaled dot-product attention with masks and dropout on the weights.
     *
     * @param dropoutP probability of dropping a weight (0 for none; pass 0 in evaluation)
     * @param rng the generator for the dropout mask (may be null when dropoutP is 0)
     * @param needWeights whether to return the weights in the result
     */
    public static Result scaledDotProduct(Tensor q, Tensor k, Tensor v, Mask mask, double dropoutP, Rng rng, boolean needWeights) {
        return scaledDotProduct(q, k, v, mask, dropoutP, rng, needWeights, Double.NaN);
    }

    /** As above with an explicit scale (NaN: 1/sqrt(d)). */
    public static Result scaledDotProduct(Tensor q, Tensor k, Tensor v, Mask mask, double dropoutP, Rng rng,
            boolean needWeights, double scale) {
        check(q, k, v);
        if (!(dropoutP >= 0 && dropoutP < 1)) throw new IllegalArgumentException("scaled_dot_product_attention: dropout must be in [0, 1), got " + dropoutP);
        if (dropoutP > 0 && rng == null) throw new IllegalArgumentException("scaled_dot_product_attention: dropout " + dropoutP + " needs an Rng");
        double s = Double.isNaN(scale) ? 1 / Math.sqrt(q.dim(-1)) : scale;
        Tensor scores = q.matmul(k.transpose(-1, -2));
        Mask m = mask == null ? Mask.NONE : mask;
        Tensor additive = additiveMask(m, scores.dims(), scores.dtype());
        Tensor w = MaskedSoftmax.apply(scores, additive, m.causal(), s);
        if (dropoutP > 0) w = F.dropout(w, dropoutP, true, rng);
        return new Result(w.matmul(v), needWeights ? w : null);
    }

    private static void check(Tensor q, Tensor k, Tensor v) {
        if (q.rank() < 2 || k.rank() < 2 || v.rank() < 2 || q.dim(-1) != k.dim(-1) || k.dim(-2) != v.dim(-2)) {
            throw new IllegalArgumentException("scaled_dot_product_attention: q " + q.shape() + ", k " + k.shape() + ", v " + v.shape()
                    + " do not fit (need q [..., Lq, d], k [..., Lk, d], v [..., Lk, dv])");
        }
    }

    /**
     * The attention and key padding masks as one additive mask broadcastable to the scores [..., Lq, Lk]
     * (0 where a key is kept, -inf where a BOOL mask removes it, the mask's values where it is floating), or null.
     */
    static Tensor additiveMask(Mask m, int[] scoreShape, DType dtype) {
        int r = scoreShape.length;
        Tensor out = null;
        if (m.attnMask() != null) {
            Tensor a = m.attnMask();
            if (a.rank() > r || !broadcasts(a.dims(), scoreShape)) {
                throw new IllegalArgumentException("attention: attn_mask " + a.shape() + " does not broadcast to the scores "
                        + Arrays.toString(scoreShape) + " [..., Lq, Lk]");
            }
            out = toAdditive(a, dtype);
        }
        if (m.keyPaddingMask() != null) {
            Tensor p = m.keyPaddingMask();
            if (p.rank() != 2 || r < 3 || p.dim(0) != scoreShape[0] || p.dim(1) != scoreShape[r - 1]) {
                throw new IllegalArgumentException("attention: key_padding_mask " + p.shape() + " must be [B, Lk] = ["
                        + scoreShape[0] + ", " + scoreShape[r - 1] + "] for scores " + Arrays.toString(scoreShape));
            }
            int[] shape = new int[r];
            Arrays.fill(shape, 1);
            shape[0] = p.dim(0);
            shape[r - 1] = p.dim(1);
            Tensor pa = toAdditive(p, dtype).reshape(shape);
            out = out == null ? pa : out.add(pa);
        }
        return out;
    }

    private static Tensor toAdditive(Tensor mask, DType dtype) {
        if (mask.dtype() == DType.BOOL) {
            return Tensor.where(mask, Tensor.scalar(Double.NEGATIVE_INFINITY, dtype), Tensor.scalar(0, dtype));
        }
        if (!mask.dtype().isFloating()) {
            throw new IllegalArgumentException("attention: a mask must be BOOL or floating, got " + mask.dtype() + " of shape " + mask.shape());
        }
        return mask.detach().to(dtype);
    }

    private static boolean broadcasts(int[] from, int[] to) {
        int shift = to.length - from.length;
        for (int i = 0; i < from.length; i++) if (from[i] != 1 && from[i] != to[i + shift]) return false;
        return true;
    }

    /** A [sz, sz] FLOAT32 mask with -inf above the diagonal and 0 elsewhere (Transformer.generate_square_subsequent_mask). */
    public static Tensor squareSubsequentMask(int sz) {
        float[] d = new float[sz * sz];
        for (int i = 0; i < sz; i++) for (int j = i + 1; j < sz; j++) d[i * sz + j] = Float.NEGATIVE_INFINITY;
        return Tensor.wrap(d, sz, sz);
    }
}
