package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import java.util.Arrays;

/** Ops that join, cut and rearrange tensors: cat, stack, split, pad, flip, roll, repeat, tril/triu. */
final class Joining {
    private Joining() {}

    static Tensor cat(int dim, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("cat: no tensors");
        Tensor first = ts[0];
        int d = first.normDim(dim, "cat");
        int[] shape = first.shape.clone();
        shape[d] = 0;
        DType dt = first.dtype;
        for (Tensor t : ts) {
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("cat: shapes " + first.shape() + " and " + t.shape() + " differ in rank");
            }
            for (int i = 0; i < t.rank(); i++) {
                if (i != d && t.shape[i] != first.shape[i]) {
                    throw new IllegalArgumentException("cat: shapes " + first.shape() + " and " + t.shape()
                            + " differ in dimension " + i + " (concatenating along " + d + ")");
                }
            }
            shape[d] += t.shape[d];
            dt = DType.promote(dt, t.dtype);
        }
        Tensor out = Tensor.empty(dt, shape);
        int[] starts = new int[ts.length];
        int at = 0;
        for (int i = 0; i < ts.length; i++) {
            starts[i] = at;
            int[] ps = shape.clone();
            ps[d] = ts[i].shape[d];
            Strided.copyInto(ts[i], Views.view(out, ps, out.strides, at * out.strides[d]));
            at += ts[i].shape[d];
        }
        return Node.recordShapeOnly(out, "cat", g -> {
            Tensor[] gs = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) {
                if (ts[i].requiresGrad()) gs[i] = g.narrow(d, starts[i], ts[i].shape[d]).contiguous();
            }
            return gs;
        }, ts);
    }

    static Tensor stack(int dim, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("stack: no tensors");
        int r = ts[0].rank();
        int d = dim < 0 ? dim + r + 1 : dim;
        Tensor[] us = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape, ts[0].shape)) {
                throw new IllegalArgumentException("stack: shapes " + ts[0].shape() + " and " + ts[i].shape() + " differ");
            }
            us[i] = ts[i].unsqueeze(d);
        }
        return cat(d, us);
    }

    static Tensor[] split(Tensor t, int size, int dim) {
        if (size <= 0) throw new IllegalArgumentException("split: size must be positive, got " + size);
        int d = t.normDim(dim, "split");
        int len = t.shape[d];
        int n = Math.max(1, (len + size - 1) / size);
        Tensor[] parts = new Tensor[n];
        for (int i = 0; i < n; i++) parts[i] = t.narrow(d, i * size, Math.min(size, len - i * size));
        return parts;
    }

    static Tensor[] chunk(Tensor t, int n, int dim) {
        if (n <= 0) throw new IllegalArgumentException("chunk: count must be positive, got " + n);
        int d = t.normDim(dim, "chunk");
        return split(t, Math.max(1, (t.shape[d] + n - 1) / n), d);
    }

    static Tensor pad(Tensor t, int[] pads, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > t.rank()) {
            throw new IllegalArgumentException("pad: " + pads.length + " pad values for a tensor of rank " + t.rank()
                    + " (need an even count, at most 2 per dimension)");
        }
        int r = t.rank();
        int[] shape = t.shape.clone();
        int[] start = new int[r];
        for (int i = 0; i < pads.length / 2; i++) {
            int dim = r - 1 - i;
            if (pads[2 * i] < 0 || pads[2 * i + 1] < 0) throw new IllegalArgumentException("pad: negative padding " + Arrays.toString(pads));
            start[dim] = pads[2 * i];
            shape[dim] += pads[2 * i] + pads[2 * i + 1];
        }
        Tensor out = Tensor.full(value, t.dtype, shape);
        int off = 0;
        for (int i = 0; i < r; i++) off += start[i] * out.strides[i];
        Strided.copyInto(t, Views.view(out, t.shape, out.strides, off));
        int[] in = t.shape;
        return Node.recordShapeOnly(out, "pad", g -> {
            Tensor s = g;
            for (int i = 0; i < r; i++) if (start[i] != 0 || in[i] != g.shape[i]) s = s.narrow(i, start[i], in[i]);
            return new Tensor[] {s.contiguous()};
        }, t);
    }

    static Tensor flip(Tensor t, int[] dims) {
        int[] strides = t.strides.clone();
        int off = t.offset;
        int[] ds = Reductions.normDims(t, dims, "flip");
        for (int d : ds) {
            if (t.shape[d] > 0) off += (t.shape[d] - 1) * t.strides[d];
            strides[d] = -t.strides[d];
        }
        Tensor out = Views.contiguousCopy(Views.view(t, t.shape, strides, off));
        return Node.recordShapeOnly(out, "flip", g -> new Tensor[] {g.flip(ds)}, t);
    }

    static Tensor roll(Tensor t, int shift, int dim) {
        int d = t.normDim(dim, "roll");
        int n = t.shape[d];
        if (n == 0) return t.copy();
        int s = ((shift % n) + n) % n;
        if (s == 0) return t.copy();
        return cat(d, t.narrow(d, n - s, s), t.narrow(d, 0, n - s));
    }

    static Tensor repeat(Tensor t, int[] repeats) {
        if (repeats.length < t.rank()) {
            throw new IllegalArgumentException("repeat: " + repeats.length + " repeat counts for a tensor of rank " + t.rank());
        }
        int r = repeats.length;
        int shift = r - t.rank();
        int[] inter = new int[2 * r];
        int[] expanded = new int[2 * r];
        int[] result = new int[r];
        for (int i = 0; i < r; i++) {
            int s = i >= shift ? t.shape[i - shift] : 1;
            inter[2 * i] = 1;
            inter[2 * i + 1] = s;
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = s;
            result[i] = repeats[i] * s;
        }
        return t.reshape(inter).expand(expanded).reshape(result);
    }

    static Tensor triangle(Tensor t, int k, boolean lower) {
        if (t.rank() < 2) throw new IllegalArgumentException((lower ? "tril" : "triu") + ": needs at least 2 dims, got " + t.shape());
        int rows = t.shape[t.rank() - 2];
        int cols = t.shape[t.rank() - 1];
        Tensor mask = Tensor.zeros(t.dtype.isFloating() ? t.dtype : DType.FLOAT32, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (lower ? j - i <= k : j - i >= k) mask.storage.set(i * cols + j, 1);
            }
        }
        return t.mul(mask);
    }
}
