package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import dev.nabla.kernel.Gemm;

/**
 * The projections of multi-head attention as fused ops that read and write the head layout [N, heads, L, d]
 * directly, so no permuted copy is made on the way into or out of the attention products, in either direction:
 * <ul>
 * <li>{@link #toHeads}: {@code linear(x, w, b)} for x [N, L, in], w [heads * d, in], reshaped to [N, L, heads, d]
 * and transposed to a contiguous [N, heads, L, d];</li>
 * <li>{@link #fromHeads}: the inverse layout, {@code linear(o.transpose(1, 2).reshape(N, L, heads * d), w, b)} for
 * o [N, heads, L, d] and w [out, heads * d].</li>
 * </ul>
 * Each is one batched matrix product per head, forward and backward (FLOAT32 and FLOAT64).
 */
public final class HeadProjection {
    private HeadProjection() {}

    /** x [N, L, in], w [heads * d, in], b [heads * d] or null: the projection in head layout [N, heads, L, d]. */
    public static Tensor toHeads(Tensor x, Tensor w, Tensor b, int heads) {
        if (x.rank() != 3 || w.rank() != 2 || x.shape[2] != w.shape[1] || heads <= 0 || w.shape[0] % heads != 0
                || (b != null && (b.rank() != 1 || b.shape[0] != w.shape[0])) || !sameDtype(x, w, b)) {
            throw new IllegalArgumentException("to_heads: input " + x.shape() + ", weight " + w.shape() + (b == null ? "" : ", bias " + b.shape())
                    + " and " + heads + " heads do not fit (need [N, L, in], [heads * d, in], [heads * d], one floating dtype)");
        }
        int n = x.shape[0];
        int l = x.shape[1];
        int in = x.shape[2];
        int d = w.shape[0] / heads;
        Tensor xc = x.dense();
        Tensor wc = w.dense();
        Tensor out = Tensor.empty(x.dtype, new int[] {n, heads, l, d});
        if (b != null) fillHeadBias(out, b.dense(), n, heads, l, d);
        for (int h = 0; h < heads; h++) {
            // out[n, h] = x[n] (L x in) * w_h^T (in x d)
            gemm(n, false, true, l, d, in, xc, xc.offset, l * in, in, wc, wc.offset + h * d * in, 0, in,
                    b == null ? 0 : 1, out, h * l * d, heads * l * d, d);
        }
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return Node.record(out, "to_heads", gOut -> {
            Tensor g = gOut.dense();
            Tensor dx = null;
            Tensor dw = null;
            Tensor db = null;
            if (x.requiresGrad()) {
                dx = Tensor.empty(x.dtype, x.shape);
                for (int h = 0; h < heads; h++) {
                    gemm(n, false, false, l, in, d, g, g.offset + h * l * d, heads * l * d, d, wc, wc.offset + h * d * in, 0, in,
                            h == 0 ? 0 : 1, dx, 0, l * in, in);
                }
            }
            if (w.requiresGrad()) {
                // dw_h += g[i, h]^T x[i]: one batch over the heads (distinct outputs, run in parallel) per sample
                dw = Tensor.empty(w.dtype, w.shape);
                for (int i = 0; i < n; i++) {
                    gemm(heads, true, false, d, in, l, g, g.offset + i * heads * l * d, l * d, d, xc, xc.offset + i * l * in, 0, in,
                            i == 0 ? 0 : 1, dw, 0, d * in, in);
                }
            }
            if (b != null && b.requiresGrad()) db = headBiasGrad(g, n, heads, l, d);
            return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
        }, inputs);
    }

    /** o [N, heads, L, d], w [out, heads * d], b [out] or null: the output projection [N, L, out]. */
    public static Tensor fromHeads(Tensor o, Tensor w, Tensor b) {
        if (o.rank() != 4 || w.rank() != 2 || w.shape[1] != o.shape[1] * o.shape[3]
                || (b != null && (b.rank() != 1 || b.shape[0] != w.shape[0])) || !sameDtype(o, w, b)) {
            throw new IllegalArgumentException("from_heads: input " + o.shape() + ", weight " + w.shape() + (b == null ? "" : ", bias " + b.shape())
                    + " do not fit (need [N, heads, L, d], [out, heads * d], [out], one floating dtype)");
        }
        int n = o.shape[0];
        int heads = o.shape[1];
        int l = o.shape[2];
        int d = o.shape[3];
        int e = w.shape[0];
        int hd = heads * d;
        Tensor oc = o.dense();
        Tensor wc = w.dense();
        Tensor out = Tensor.empty(o.dtype, new int[] {n, l, e});
        if (b != null) {
            Tensor bc = b.dense();
            for (int r = 0; r < n * l; r++) copy(bc, bc.offset, out, r * e, e);
        }
        for (int h = 0; h < heads; h++) {
            // out[n] += o[n, h] (L x d) * w[:, h]^T (d x out)
            gemm(n, false, true, l, e, d, oc, oc.offset + h * l * d, heads * l * d, d, wc, wc.offset + h * d, 0, hd,
                    b == null && h == 0 ? 0 : 1, out, 0, l * e, e);
        }
        Tensor[] inputs = b == null ? new Tensor[] {o, w} : new Tensor[] {o, w, b};
        return Node.record(out, "from_heads", gOut -> {
            Tensor g = gOut.dense();
            Tensor dO = null;
            Tensor dw = null;
            Tensor db = null;
            if (o.requiresGrad()) {
                dO = Tensor.empty(o.dtype, o.shape);
                for (int h = 0; h < heads; h++) {
                    gemm(n, false, false, l, d, e, g, g.offset, l * e, e, wc, wc.offset + h * d, 0, hd, 0, dO, h * l * d, heads * l * d, d);
                }
            }
            if (w.requiresGrad()) {
                // dw[:, h] += g[i]^T o[i, h]: one batch over the heads (distinct column blocks) per sample
                dw = Tensor.empty(w.dtype, w.shape);
                for (int i = 0; i < n; i++) {
                    gemm(heads, true, false, e, d, l, g, g.offset + i * l * e, 0, e, oc, oc.offset + i * heads * l * d, l * d, d,
                            i == 0 ? 0 : 1, dw, 0, d, hd);
                }
            }
            if (b != null && b.requiresGrad()) db = g.reshape(n * l, e).sum(0);
            return b == null ? new Tensor[] {dO, dw} : new Tensor[] {dO, dw, db};
        }, inputs);
    }

    private static boolean sameDtype(Tensor a, Tensor w, Tensor b) {
        return a.dtype.isFloating() && a.dtype == w.dtype && (b == null || b.dtype == a.dtype);
    }

    private static void fillHeadBias(Tensor out, Tensor b, int n, int heads, int l, int d) {
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < heads; h++) {
                int base = ((i * heads + h) * l) * d;
                for (int t = 0; t < l; t++) copy(b, b.offset + h * d, out, base + t * d, d);
            }
        }
    }

    private static void copy(Tensor src, int from, Tensor dst, int to, int len) {
        if (src.storage.f != null) System.arraycopy(src.storage.f, from, dst.storage.f, to, len);
        else System.arraycopy(src.storage.d, from, dst.storage.d, to, len);
    }

    private static Tensor headBiasGrad(Tensor g, int n, int heads, int l, int d) {
        // g [N, heads, L, d] summed over N and L gives [heads, d], the bias's layout
        return g.sum(new int[] {0, 2}, false).reshape(heads * d);
    }

    /** Batched C = A op B (+ C when beta is 1) over float or double storage; stride 0 for C accumulates in order. */
    private static void gemm(int batch, boolean ta, boolean tb, int m, int nn, int k, Tensor a, int aOff, int sa, int lda,
            Tensor b, int bOff, int sb, int ldb, int beta, Tensor c, int cOff, int sc, int ldc) {
        if (c.storage.f != null) {
            Gemm.sgemmBatched(batch, ta, tb, m, nn, k, 1f, a.storage.f, aOff, sa, lda, b.storage.f, bOff, sb, ldb, beta,
                    c.storage.f, cOff, sc, ldc);
        } else {
            Gemm.dgemmBatched(batch, ta, tb, m, nn, k, 1.0, a.storage.d, aOff, sa, lda, b.storage.d, bOff, sb, ldb, beta,
                    c.storage.d, cOff, sc, ldc);
        }
    }
}
