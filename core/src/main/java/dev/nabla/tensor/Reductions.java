package dev.nabla.tensor;

import dev.nabla.autograd.Grad;
import dev.nabla.autograd.Node;
import dev.nabla.kernel.Reduce;
import java.util.Arrays;

/** Reductions along any set of dims (with keepDim), softmax, and their derivative rules. */
public final class Reductions {
    private Reductions() {}

    /** Values and their INT64 indices, as returned by {@code max(dim)} and {@code min(dim)}. */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    /**
     * A tensor rearranged as {@code outer} rows of {@code len} reduced elements each (contiguous),
     * with the output shapes with and without the reduced dims kept.
     */
    private record Rows(Tensor data, int outer, int len, int[] keepShape, int[] dropShape) {}

    static int[] normDims(Tensor x, int[] dims, String op) {
        boolean[] seen = new boolean[x.rank()];
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = x.normDim(dims[i], op);
            if (seen[out[i]]) throw new IllegalArgumentException(op + ": dim " + dims[i] + " repeated in " + Arrays.toString(dims));
            seen[out[i]] = true;
        }
        Arrays.sort(out);
        return out;
    }

    private static Rows rows(Tensor x, int[] dims, String op) {
        int r = x.rank();
        int[] d = normDims(x, dims, op);
        boolean[] reduced = new boolean[r];
        for (int k : d) reduced[k] = true;
        int[] keep = x.shape.clone();
        int[] drop = new int[r - d.length];
        int[] order = new int[r];
        int k = 0;
        int len = 1;
        for (int i = 0; i < r; i++) {
            if (reduced[i]) {
                keep[i] = 1;
                len *= x.shape[i];
            } else {
                drop[k] = x.shape[i];
                order[k++] = i;
            }
        }
        for (int i : d) order[k++] = i;
        int outer = (int) Shape.numel(drop);
        boolean trailing = true;
        for (int i = 0; i < r; i++) trailing &= order[i] == i;
        Tensor data;
        try (var g = Grad.off()) {
            data = trailing ? x.contiguous() : Views.contiguousCopy(x.permute(order));
        }
        return new Rows(data, outer, len, keep, drop);
    }

    /** True if dims are exactly 0..k-1 of a contiguous x (reduce over leading dims: column sums). */
    private static boolean leading(Tensor x, int[] d) {
        for (int i = 0; i < d.length; i++) if (d[i] != i) return false;
        return x.contiguous && d.length < x.rank();
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        Tensor out = computeSum(x, dims, keepDim);
        int[] in = x.shape;
        int[] keepShape = keepShape(x, dims);
        // Written out (into a kept gradient array when there is one: a FreshRule), so every consumer sees a
        // contiguous gradient and may overwrite it. An expanded view (PyTorch's expand) was tried and withdrawn:
        // the transformer runs that seemed to argue against it turned out to vary as much with the same code.
        return Node.recordShapeOnly(out, "sum", (Node.FreshRule) (g, reuse) -> {
            Tensor grad = GradBuffers.uninitialized(g.dtype, in);
            Strided.copy(g.reshape(keepShape).expand(in), grad.storage, 0);
            return new Tensor[] {grad};
        }, x);
    }

    private static int[] keepShape(Tensor x, int[] dims) {
        int[] keep = x.shape.clone();
        for (int d : normDims(x, dims, "sum")) keep[d] = 1;
        return keep;
    }

    private static Tensor computeSum(Tensor x, int[] dims, boolean keepDim) {
        int[] d = normDims(x, dims, "sum");
        DType dt = x.dtype == DType.BOOL ? DType.INT64 : x.dtype;
        if (x.dtype == DType.FLOAT32 && leading(x, d)) {
            int rows = 1;
            for (int i : d) rows *= x.shape[i];
            int[] keep = keepShape(x, d);
            int[] drop = Arrays.copyOfRange(x.shape, d.length, x.rank());
            Tensor out = Tensor.empty(dt, keepDim ? keep : drop);
            Reduce.sumColumns(x.storage.f, x.offset, rows, out.numel(), out.storage.f, 0);
            return out;
        }
        Rows rw = rows(x, d, "sum");
        Tensor out = Tensor.empty(dt, keepDim ? rw.keepShape : rw.dropShape);
        Tensor c = rw.data;
        if (c.storage.f != null) {
            Reduce.sumRows(c.storage.f, c.offset, rw.outer, rw.len, out.storage.f, 0);
        } else {
            for (int i = 0; i < rw.outer; i++) {
                double acc = 0;
                for (int j = 0; j < rw.len; j++) acc += c.storage.get(c.offset + i * rw.len + j);
                out.storage.set(i, acc);
            }
        }
        return out;
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        int n = 1;
        for (int d : normDims(x, dims, "mean")) n *= x.shape[d];
        Tensor xs = x.dtype.isFloating() ? x : x.toFloat();
        return sum(xs, dims, keepDim).div(n);
    }

    static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        int n = 1;
        for (int d : normDims(x, dims, "var")) n *= x.shape[d];
        Tensor dev = x.sub(mean(x, dims, true));
        return sum(dev.mul(dev), dims, keepDim).div(Math.max(n - (unbiased ? 1 : 0), 0));
    }

    /** Sums g over the dims that broadcasting expanded, giving a tensor of shape target. */
    static Tensor sumTo(Tensor g, int[] target) {
        if (Arrays.equals(g.shape, target)) return g;
        int r = g.rank();
        int shift = r - target.length;
        if (shift < 0) throw new IllegalArgumentException("sumTo: cannot reduce " + g.shape() + " to " + Arrays.toString(target));
        int count = 0;
        int[] dims = new int[r];
        for (int i = 0; i < r; i++) {
            if (i < shift || (target[i - shift] == 1 && g.shape[i] != 1)) dims[count++] = i;
            else if (target[i - shift] != g.shape[i]) {
                throw new IllegalArgumentException("sumTo: cannot reduce " + g.shape() + " to " + Arrays.toString(target));
            }
        }
        Tensor s = count == 0 ? g : sum(g, Arrays.copyOf(dims, count), true);
        return s.reshape(target);
    }

    static Tensor prod(Tensor x, int[] dims, boolean keepDim) {
        Rows rw = rows(x, dims, "prod");
        Tensor out = Tensor.empty(x.dtype, keepDim ? rw.keepShape : rw.dropShape);
        Tensor c = rw.data;
        for (int i = 0; i < rw.outer; i++) {
            double acc = 1;
            for (int j = 0; j < rw.len; j++) acc *= c.storage.get(c.offset + i * rw.len + j);
            out.storage.set(i, acc);
        }
        int[] in = x.shape;
        int[] keep = rw.keepShape;
        int[] order = permutationFor(x, dims);
        return Node.record(out, "prod", g -> {
            // d prod / d x_j = product of the other elements, by prefix and suffix products (exact with zeros)
            Tensor others = Tensor.empty(c.dtype, new int[] {rw.outer, rw.len});
            for (int i = 0; i < rw.outer; i++) {
                int b = c.offset + i * rw.len;
                double prefix = 1;
                for (int j = 0; j < rw.len; j++) {
                    others.storage.set(i * rw.len + j, prefix);
                    prefix *= c.storage.get(b + j);
                }
                double suffix = 1;
                for (int j = rw.len - 1; j >= 0; j--) {
                    int k = i * rw.len + j;
                    others.storage.set(k, others.storage.get(k) * suffix);
                    suffix *= c.storage.get(b + j);
                }
            }
            Tensor gr = g.reshape(rw.outer, 1).mul(others);
            return new Tensor[] {unpermute(gr, in, order)};
        }, x);
    }

    /** The permutation {@link #rows} applies: kept dims first, reduced dims last. */
    private static int[] permutationFor(Tensor x, int[] dims) {
        int r = x.rank();
        int[] d = normDims(x, dims, "reduce");
        boolean[] red = new boolean[r];
        for (int k : d) red[k] = true;
        int[] order = new int[r];
        int k = 0;
        for (int i = 0; i < r; i++) if (!red[i]) order[k++] = i;
        for (int i : d) order[k++] = i;
        return order;
    }

    /** Turns a [outer, len] gradient laid out as {@link #rows} back into the input's shape. */
    private static Tensor unpermute(Tensor rowsGrad, int[] inShape, int[] order) {
        int[] permuted = new int[order.length];
        for (int i = 0; i < order.length; i++) permuted[i] = inShape[order[i]];
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[order[i]] = i;
        return rowsGrad.reshape(permuted).permute(inverse).contiguous();
    }

    static ValuesIndices maxWithIndex(Tensor x, int dim, boolean keepDim, boolean isMax) {
        String op = isMax ? "max" : "min";
        int d = x.normDim(dim, op);
        if (x.rank() > 0 && x.shape[d] == 0) throw new IllegalArgumentException(op + ": reducing an empty dimension of " + x.shape());
        Rows rw = rows(x, new int[] {d}, op);
        int[] outShape = keepDim ? rw.keepShape : rw.dropShape;
        Tensor values = Tensor.empty(x.dtype, outShape);
        Tensor idx = Tensor.empty(DType.INT64, outShape);
        Tensor c = rw.data;
        for (int i = 0; i < rw.outer; i++) {
            int b = c.offset + i * rw.len;
            double best = c.storage.get(b);
            int bi = 0;
            for (int j = 1; j < rw.len && !Double.isNaN(best); j++) {
                double v = c.storage.get(b + j);
                if (Double.isNaN(v) || (isMax ? v > best : v < best)) {
                    best = v;
                    bi = j;
                }
            }
            values.storage.set(i, best);
            idx.storage.d[i] = bi;
        }
        int[] in = x.shape;
        Tensor idxKeep = keepDim ? idx : idx.unsqueeze(d);
        Node.record(values, op, g -> {
            Tensor gk = keepDim ? g : g.unsqueeze(d);
            return new Tensor[] {Tensor.zeros(g.dtype, in).scatterAdd(d, idxKeep, gk)};
        }, x);
        return new ValuesIndices(values, idx);
    }

    static Tensor amax(Tensor x, int[] dims, boolean keepDim, boolean isMax) {
        String op = isMax ? "amax" : "amin";
        if (x.numel() == 0) throw new IllegalArgumentException(op + ": empty tensor " + x.shape());
        Rows rw = rows(x, dims, op);
        Tensor out = Tensor.empty(x.dtype, keepDim ? rw.keepShape : rw.dropShape);
        Tensor c = rw.data;
        for (int i = 0; i < rw.outer; i++) {
            double best = isMax ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (int j = 0; j < rw.len; j++) {
                double v = c.storage.get(c.offset + i * rw.len + j);
                if (Double.isNaN(v)) {
                    best = v;
                    break;
                }
                best = isMax ? Math.max(best, v) : Math.min(best, v);
            }
            out.storage.set(i, best);
        }
        int[] keep = rw.keepShape;
        return Node.record(out, op, g -> {
            Tensor ok = out.reshape(keep);
            Tensor mask = x.eq(ok).to(g.dtype);
            Tensor count = mask.sum(dims, true);
            return new Tensor[] {g.reshape(keep).mul(mask).div(count)};
        }, x);
    }

    static Tensor logsumexp(Tensor x, int dim, boolean keepDim) {
        int d = x.normDim(dim, "logsumexp");
        Tensor m;
        try (var g = Grad.off()) {
            m = amax(x, new int[] {d}, true, true);
            m = Tensor.where(m.isinf(), m.zerosLike(), m);
        }
        Tensor out = x.sub(m).exp().sum(d, true).log().add(m);
        return keepDim ? out : out.squeeze(d);
    }

    static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
        if (p == 1) return x.abs().sum(dims, keepDim);
        if (p == Double.POSITIVE_INFINITY) return x.abs().amax(dims, keepDim);
        if (p != 2) throw new IllegalArgumentException("norm: p must be 1, 2 or infinity, got " + p);
        Tensor out;
        try (var g = Grad.off()) {
            out = x.mul(x).sum(dims, keepDim).sqrt();
        }
        int[] keep = keepShape(x, dims);
        return Node.record(out, "norm", g -> {
            Tensor ok = out.reshape(keep);
            // the subgradient at a zero norm is 0, as in PyTorch
            Tensor safe = Tensor.where(ok.eq(0), ok.onesLike(), ok);
            return new Tensor[] {x.mul(g.reshape(keep).div(safe))};
        }, x);
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        String op = log ? "log_softmax" : "softmax";
        int d = x.normDim(dim, op);
        Tensor xs = x.dtype.isFloating() ? x : x.toFloat();
        int last = x.rank() - 1;
        Tensor moved = d == last ? xs : xs.transpose(d, last);
        Tensor out = computeSoftmaxLast(moved, log);
        Tensor result = d == last ? out : out.transpose(d, last).contiguous();
        Tensor y = result;
        return Node.record(result, op, g -> {
            if (log) return new Tensor[] {g.sub(y.exp().mul(g.sum(d, true)))};
            return new Tensor[] {y.mul(g.sub(g.mul(y).sum(d, true)))};
        }, xs);
    }

    private static Tensor computeSoftmaxLast(Tensor x, boolean log) {
        Tensor c;
        try (var g = Grad.off()) {
            c = x.contiguous();
        }
        int len = x.rank() == 0 ? 1 : x.shape[x.rank() - 1];
        int rows = len == 0 ? 0 : c.numel() / len;
        Tensor out = Tensor.empty(x.dtype, x.shape);
        if (c.storage.f != null) {
            Reduce.softmaxRows(c.storage.f, c.offset, rows, len, out.storage.f, log);
            return out;
        }
        for (int i = 0; i < rows; i++) {
            int b = c.offset + i * len;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) max = Math.max(max, c.storage.get(b + j));
            if (Double.isInfinite(max)) max = 0;
            double sum = 0;
            for (int j = 0; j < len; j++) sum += StrictMath.exp(c.storage.get(b + j) - max);
            double lse = max + StrictMath.log(sum);
            for (int j = 0; j < len; j++) {
                double v = c.storage.get(b + j) - lse;
                out.storage.set(i * len + j, log ? v : StrictMath.exp(v));
            }
        }
        return out;
    }
}
