package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import java.util.Arrays;

/** Index-driven ops: gather, scatter-add, index-select, masked fill, one-hot. */
final class Indexing {
    private Indexing() {}

    private static void checkIndex(String op, Tensor index) {
        if (index.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": index must be an INT64 tensor, got " + index.dtype + " of shape " + index.shape());
        }
    }

    /** Coordinates of flat row-major position p in shape, into coords. */
    private static void unravel(int p, int[] shape, int[] coords) {
        for (int i = shape.length - 1; i >= 0; i--) {
            coords[i] = shape[i] == 0 ? 0 : p % shape[i];
            p = shape[i] == 0 ? 0 : p / shape[i];
        }
    }

    private static int offsetOf(Tensor t, int[] coords) {
        int off = t.offset;
        for (int i = 0; i < coords.length; i++) off += coords[i] * t.strides[i];
        return off;
    }

    private static void checkGatherShapes(String op, Tensor x, int d, Tensor index) {
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException(op + ": index " + index.shape() + " must have the rank of the input " + x.shape());
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != d && index.shape[i] > x.shape[i]) {
                throw new IllegalArgumentException(op + ": index " + index.shape() + " is larger than input " + x.shape() + " in dimension " + i);
            }
        }
    }

    private static int checkedIndex(String op, double v, int size, int d) {
        int k = (int) v;
        if (k < 0) k += size;
        if (k < 0 || k >= size) throw new IndexOutOfBoundsException(op + ": index " + (long) v + " out of range for dimension " + d + " of size " + size);
        return k;
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        checkIndex("gather", index);
        int d = x.normDim(dim, "gather");
        checkGatherShapes("gather", x, d, index);
        Tensor out = Tensor.empty(x.dtype, index.shape);
        int[] coords = new int[index.rank()];
        for (int p = 0; p < out.numel(); p++) {
            unravel(p, index.shape, coords);
            int k = checkedIndex("gather", index.storage.get(offsetOf(index, coords)), x.shape[d], d);
            coords[d] = k;
            out.storage.set(p, x.storage.get(offsetOf(x, coords)));
        }
        int[] in = x.shape;
        return Node.record(out, "gather", g -> new Tensor[] {Tensor.zeros(g.dtype, in).scatterAdd(d, index, g)}, x);
    }

    static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        checkIndex("scatterAdd", index);
        int d = x.normDim(dim, "scatterAdd");
        checkGatherShapes("scatterAdd", x, d, index);
        for (int i = 0; i < index.rank(); i++) {
            if (index.shape[i] > src.shape[i]) {
                throw new IllegalArgumentException("scatterAdd: index " + index.shape() + " is larger than src " + src.shape());
            }
        }
        Tensor out = Views.contiguousCopy(x);
        int[] coords = new int[index.rank()];
        for (int p = 0; p < index.numel(); p++) {
            unravel(p, index.shape, coords);
            double v = src.storage.get(offsetOf(src, coords));
            int k = checkedIndex("scatterAdd", index.storage.get(offsetOf(index, coords)), x.shape[d], d);
            coords[d] = k;
            int o = offsetOf(out, coords);
            out.storage.set(o, out.storage.get(o) + v);
        }
        return Node.record(out, "scatter_add", g -> new Tensor[] {
            x.requiresGrad() ? g : null, null,
            src.requiresGrad() ? g.gather(d, index).pad(padTo(index.shape, src.shape), 0) : null}, x, index, src);
    }

    /** Pads (for Tensor.pad's last-dim-first order) that grow shape `from` to `to`. */
    private static int[] padTo(int[] from, int[] to) {
        int r = from.length;
        int[] pads = new int[2 * r];
        for (int i = 0; i < r; i++) pads[2 * i + 1] = to[r - 1 - i] - from[r - 1 - i];
        return pads;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        checkIndex("indexSelect", index);
        if (index.rank() != 1) throw new IllegalArgumentException("indexSelect: index must be 1-d, got " + index.shape());
        int d = x.normDim(dim, "indexSelect");
        int[] shape = x.shape.clone();
        shape[d] = index.shape[0];
        Tensor out = Tensor.empty(x.dtype, shape);
        int[] picks = new int[index.shape[0]];
        boolean rowCopy = d == 0 && x.contiguous && (x.storage.f != null || x.storage.d != null);
        int row = x.shape[0] == 0 ? 0 : (int) (Shape.numel(x.shape) / x.shape[0]);
        for (int i = 0; i < picks.length; i++) {
            picks[i] = checkedIndex("indexSelect", index.storage.get(index.offset + i * index.strides[0]), x.shape[d], d);
            if (rowCopy) {
                // whole rows of a contiguous tensor: one bulk copy each (the batching hot path)
                if (x.storage.f != null) System.arraycopy(x.storage.f, x.offset + picks[i] * row, out.storage.f, i * row, row);
                else System.arraycopy(x.storage.d, x.offset + picks[i] * row, out.storage.d, i * row, row);
                continue;
            }
            int[] os = shape.clone();
            os[d] = 1;
            Tensor dst = Views.view(out, os, out.strides, out.offset + i * out.strides[d]);
            Tensor src = Views.view(x, os, x.strides, x.offset + picks[i] * x.strides[d]);
            Strided.copyInto(src, dst);
        }
        int[] in = x.shape;
        return Node.record(out, "index_select", g -> {
            Tensor gx = Tensor.zeros(g.dtype, in);
            int[] os = g.shape.clone();
            os[d] = 1;
            for (int i = 0; i < picks.length; i++) {
                Tensor dst = Views.view(gx, os, gx.strides, picks[i] * gx.strides[d]);
                Tensor src = Views.view(g, os, g.strides, g.offset + i * g.strides[d]);
                Strided.copyInto(Elementwise.computeBinary(dev.nabla.kernel.BinaryOp.ADD, dst, src), dst);
            }
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * Rows of a 2-d table picked by an index tensor of any shape: out[..., :] = weight[index[...], :]
     * (torch.nn.functional.embedding). The gradient scatters each output row back onto its table row, except
     * for paddingIdx (negative: none), whose row gets no gradient, as in PyTorch.
     */
    static Tensor embedding(Tensor weight, Tensor index, int paddingIdx) {
        checkIndex("embedding", index);
        if (weight.rank() != 2) throw new IllegalArgumentException("embedding: weight must be 2-d [num, dim], got " + weight.shape());
        int num = weight.shape[0];
        int dim = weight.shape[1];
        int n = index.numel();
        int[] rows = new int[n];
        Tensor flat = index.dense();
        for (int i = 0; i < n; i++) rows[i] = checkedIndex("embedding", flat.storage.get(flat.offset + i), num, 0);
        int[] shape = Arrays.copyOf(index.shape, index.shape.length + 1);
        shape[index.shape.length] = dim;
        Tensor w = weight.dense();
        Tensor out = Tensor.empty(weight.dtype, shape);
        for (int i = 0; i < n; i++) {
            if (w.storage.f != null) System.arraycopy(w.storage.f, w.offset + rows[i] * dim, out.storage.f, i * dim, dim);
            else System.arraycopy(w.storage.d, w.offset + rows[i] * dim, out.storage.d, i * dim, dim);
        }
        return Node.record(out, "embedding", g -> {
            Tensor gc = g.dense();
            Tensor gw = Tensor.zeros(g.dtype, num, dim);
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (r == paddingIdx) continue;
                int src = gc.offset + i * dim;
                int dst = r * dim;
                if (gw.storage.f != null) {
                    float[] a = gw.storage.f;
                    float[] b = gc.storage.f;
                    for (int j = 0; j < dim; j++) a[dst + j] += b[src + j];
                } else {
                    double[] a = gw.storage.d;
                    double[] b = gc.storage.d;
                    for (int j = 0; j < dim; j++) a[dst + j] += b[src + j];
                }
            }
            return new Tensor[] {gw};
        }, weight);
    }

    static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        int[] shape = Shape.broadcast("maskedFill", x.shape, mask.shape);
        if (!Arrays.equals(shape, x.shape)) {
            throw new IllegalArgumentException("maskedFill: mask " + mask.shape() + " does not broadcast to input " + x.shape());
        }
        return Tensor.where(mask, Tensor.scalar(value, x.dtype), x);
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        checkIndex("oneHot", labels);
        int[] shape = Arrays.copyOf(labels.shape, labels.rank() + 1);
        shape[labels.rank()] = numClasses;
        Tensor out = Tensor.empty(DType.FLOAT32, shape);
        Tensor c = labels.dense();
        for (int i = 0; i < c.numel(); i++) {
            double v = c.storage.get(c.offset + i);
            if (v < 0 || v >= numClasses) {
                throw new IndexOutOfBoundsException("oneHot: label " + (long) v + " at flat index " + i + " is not in [0, " + numClasses + ")");
            }
            out.storage.f[i * numClasses + (int) v] = 1f;
        }
        return out;
    }
}
