package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.SoftmaxRows;

/**
 * The fused softmax of attention: {@code softmax(scale * scores + mask)} over the last dimension, with an
 * optional additive mask (any floating dtype, broadcast to the scores; {@code -inf} removes a key) and an
 * optional causal mask (query i sees keys j <= i, top-left aligned as {@code torch.ones(L, S).tril()}),
 * in one pass and with its own derivative rule.
 *
 * <p>A row whose keys are all masked has no distribution to normalize: this op defines its weights as all
 * zero (so attention returns a zero vector for that query), and its gradient as zero, where a plain
 * softmax would give NaN. The mask receives no gradient.
 */
public final class MaskedSoftmax {
    private MaskedSoftmax() {}

    /**
     * @param scores [..., Lq, Lk], FLOAT32 or FLOAT64
     * @param mask additive mask broadcastable to the scores' shape, or null
     * @param causal whether query i may only see keys j <= i
     * @param scale factor applied to the scores before the mask is added
     */
    public static Tensor apply(Tensor scores, Tensor mask, boolean causal, double scale) {
        if (scores.rank() < 2 || !scores.dtype.isFloating()) {
            throw new IllegalArgumentException("masked_softmax: scores " + scores.shape() + " (" + scores.dtype
                    + ") must be floating with at least 2 dimensions [..., Lq, Lk]");
        }
        int r = scores.rank();
        int lq = scores.shape[r - 2];
        int lk = scores.shape[r - 1];
        Tensor m = null;
        if (mask != null) {
            if (!mask.dtype.isFloating()) {
                throw new IllegalArgumentException("masked_softmax: the additive mask must be floating, got " + mask.dtype
                        + " of shape " + mask.shape() + "; convert a boolean mask with maskedFill first");
            }
            if (mask.rank() > r) {
                throw new IllegalArgumentException("masked_softmax: mask " + mask.shape() + " does not broadcast to scores " + scores.shape());
            }
            try {
                m = mask.detach().expand(scores.shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("masked_softmax: mask " + mask.shape() + " does not broadcast to scores " + scores.shape(), e);
            }
        }
        Tensor x = scores.dense();
        Tensor y = Tensor.empty(scores.dtype, scores.shape);
        int rows = lq == 0 ? 0 : x.numel() / lk;
        if (lk == 0 || rows == 0) return Node.record(y, "masked_softmax", g -> new Tensor[] {g.zerosLike()}, scores);
        Tensor mm = m;
        int[] shape = scores.shape;
        Parallel.forRange(rows, Math.max(1, 16384 / lk), (s, e) -> {
            double[] buf = x.storage.f == null ? new double[lk] : null;
            float[] fbuf = x.storage.f != null ? new float[lk + SoftmaxRows.SCRATCH] : null;
            float[] mbuf = x.storage.f != null && mm != null ? new float[lk] : null;
            int[] idx = new int[r];
            for (int row = s; row < e; row++) {
                int limit = causal ? Math.min(lk, row % lq + 1) : lk;
                int mOff = mm == null ? 0 : maskRowOffset(mm, shape, row, idx);
                int mStride = mm == null ? 0 : mm.strides[r - 1];
                if (fbuf != null) {
                    if (mm != null) for (int j = 0; j < limit; j++) mbuf[j] = (float) mm.storage.get(mOff + j * mStride);
                    SoftmaxRows.forward(x.storage.f, x.offset + row * lk, (float) scale, mm == null ? null : mbuf, limit, lk,
                            y.storage.f, row * lk, fbuf);
                } else {
                    rowDouble(x.storage, x.offset + row * lk, y.storage, row * lk, lk, limit, scale,
                            mm == null ? null : mm.storage, mOff, mStride, buf);
                }
            }
        });
        return Node.record(y, "masked_softmax", g -> new Tensor[] {backward(g, y, scale)}, scores);
    }

    /** Offset into the (expanded) mask of row {@code row} of the flattened [rows, Lk] scores. */
    private static int maskRowOffset(Tensor m, int[] shape, int row, int[] idx) {
        int r = shape.length;
        int rem = row;
        int off = m.offset;
        for (int d = r - 2; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
            off += idx[d] * m.strides[d];
        }
        return off;
    }

    private static void rowDouble(Storage x, int xo, Storage y, int yo, int lk, int limit, double scale,
            Storage mask, int mo, int ms, double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < limit; j++) {
            double a = x.get(xo + j) * scale;
            if (mask != null) a += mask.get(mo + j * ms);
            v[j] = a;
            max = Math.max(max, a);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            for (int j = 0; j < lk; j++) y.set(yo + j, 0);
            return;
        }
        double sum = 0;
        for (int j = 0; j < limit; j++) {
            v[j] = StrictMath.exp(v[j] - max);
            sum += v[j];
        }
        for (int j = 0; j < lk; j++) y.set(yo + j, j < limit ? v[j] / sum : 0);
    }

    /** d scores = scale * y * (g - sum(g * y)); zero where y is zero (masked keys, fully masked rows). */
    private static Tensor backward(Tensor gOut, Tensor y, double scale) {
        Tensor g = gOut.dtype == y.dtype ? gOut.dense() : gOut.to(y.dtype).dense();
        int r = y.rank();
        int lk = y.shape[r - 1];
        int rows = y.numel() / lk;
        Tensor dx = Tensor.empty(y.dtype, y.shape);
        Parallel.forRange(rows, Math.max(1, 16384 / lk), (s, e) -> {
            float[] scratch = new float[SoftmaxRows.SCRATCH];
            for (int row = s; row < e; row++) {
                int yo = row * lk;
                int go = g.offset + row * lk;
                if (y.storage.f != null) {
                    SoftmaxRows.backward(y.storage.f, yo, g.storage.f, go, (float) scale, lk, dx.storage.f, yo, scratch);
                } else {
                    double dot = 0;
                    for (int j = 0; j < lk; j++) dot += g.storage.get(go + j) * y.storage.get(yo + j);
                    for (int j = 0; j < lk; j++) {
                        dx.storage.set(yo + j, scale * y.storage.get(yo + j) * (g.storage.get(go + j) - dot));
                    }
                }
            }
        });
        return dx;
    }
}
