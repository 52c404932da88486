package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Reduce;

/**
 * Fused ops for the hot paths of training, each with its own checked derivative rule: fewer
 * temporaries and passes than the equivalent composite of primitives.
 */
final class Fused {
    private Fused() {}

    /** y = x W^T + b for x [..., in], W [out, in], b [out] or null (torch.nn.functional.linear). */
    static Tensor linear(Tensor x, Tensor w, Tensor b) {
        if (w.rank() != 2 || x.rank() == 0 || x.dim(-1) != w.shape[1] || (b != null && (b.rank() != 1 || b.shape[0] != w.shape[0]))) {
            throw new IllegalArgumentException("linear: input " + x.shape() + ", weight " + w.shape()
                    + (b == null ? "" : ", bias " + b.shape()) + " do not fit (need input [..., in], weight [out, in], bias [out])");
        }
        boolean fast = x.dtype == DType.FLOAT32 && w.dtype == DType.FLOAT32 && (b == null || b.dtype == DType.FLOAT32);
        if (!fast) {
            Tensor y = x.matmul(w.t());
            return b == null ? y : y.add(b);
        }
        int in = w.shape[1];
        int out = w.shape[0];
        int rows = in == 0 ? 0 : x.numel() / in;
        Tensor x2 = x.dense();
        Tensor wc = w.dense();
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = out;
        Tensor y = Tensor.empty(DType.FLOAT32, outShape);
        float[] yf = y.storage.f;
        float beta = 0f;
        if (b != null) {
            Tensor bc = b.dense();
            for (int r = 0; r < rows; r++) System.arraycopy(bc.storage.f, bc.offset, yf, r * out, out);
            beta = 1f;
        }
        Gemm.sgemm(false, true, rows, out, in, 1f, x2.storage.f, x2.offset, in, wc.storage.f, wc.offset, in, beta, yf, 0, out);
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        // a FreshRule: dx, dw and db are new tensors (or null when added into the leaf's gradient)
        return Node.record(y, "linear", (Node.FreshRule) (g, reuse) -> {
            Tensor g2 = g.dense();
            Tensor dx = null;
            Tensor dw = null;
            Tensor db = null;
            if (x.requiresGrad()) {
                dx = Tensor.empty(DType.FLOAT32, x.shape);
                Gemm.sgemm(false, false, rows, in, out, 1f, g2.storage.f, g2.offset, out, wc.storage.f, wc.offset, in,
                        0f, dx.storage.f, 0, in);
            }
            if (w.requiresGrad()) {
                Tensor acc = gradToAccumulateInto(w);
                if (acc == null) dw = Tensor.empty(DType.FLOAT32, w.shape);
                Tensor into = acc == null ? dw : acc;
                Gemm.sgemm(true, false, out, in, rows, 1f, g2.storage.f, g2.offset, out, x2.storage.f, x2.offset, in,
                        acc == null ? 0f : 1f, into.storage.f, into.offset, in);
                if (acc != null) acc.bumpVersion();
            }
            if (b != null && b.requiresGrad()) {
                Tensor acc = gradToAccumulateInto(b);
                db = Tensor.empty(DType.FLOAT32, b.shape);
                Reduce.sumColumns(g2.storage.f, g2.offset, rows, out, db.storage.f, 0);
                if (acc != null) {
                    float[] a = acc.storage.f;
                    for (int j = 0; j < out; j++) a[acc.offset + j] += db.storage.f[j];
                    acc.bumpVersion();
                    db = null;
                }
            }
            return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
        }, inputs);
    }

    /**
     * The gradient a leaf parameter already holds, if the weight or bias gradient of {@link #linear} can be added
     * into it in place (PyTorch's AccumulateGrad does so), else null to hand a new gradient to the backward pass.
     * It must be a contiguous FLOAT32 tensor of the leaf's shape that has been written in place since it was made
     * (version above 0): a buffer kept by {@code Optimizer.zeroGrad(false)}, or one this path has added into. A
     * gradient made during the current pass (version 0) may still share memory with a gradient the pass has yet
     * to propagate (a rule may hand the same tensor to two inputs), so it is left to the pass, as is any other.
     * In place spares the step a fresh weight-sized array (on a 784-256-128-10 MLP, 0.9 MB a step of memory that
     * is in no cache yet).
     */
    private static Tensor gradToAccumulateInto(Tensor leaf) {
        Tensor g = leaf.grad();
        if (g == null || !leaf.isLeaf() || g.dtype != DType.FLOAT32 || !g.contiguous || g.requiresGrad()
                || g.version() == 0 || !java.util.Arrays.equals(g.shape, leaf.shape)) {
            return null;
        }
        return g;
    }
}
