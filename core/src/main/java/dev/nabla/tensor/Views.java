package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import java.util.Arrays;

/** Ops that reinterpret a tensor's storage (no copy) and the copies they fall back to. */
final class Views {
    private Views() {}

    static Tensor view(Tensor t, int[] shape, int[] strides, int offset) {
        return new Tensor(t.storage, shape, strides, offset, t.dtype);
    }

    /** Always new memory, contiguous, not recorded. */
    static Tensor contiguousCopy(Tensor t) {
        Tensor out = Tensor.empty(t.dtype, t.shape);
        Strided.copy(t, out.storage, 0);
        return out;
    }

    static Tensor copy(Tensor t) {
        return Node.recordShapeOnly(contiguousCopy(t), "copy", g -> new Tensor[] {g}, t);
    }

    static int[] resolveShape(String op, int[] newShape, int numel, int[] from) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": more than one -1 in " + Arrays.toString(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Arrays.toString(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Arrays.toString(from) + " (" + numel
                        + " elements) to " + Arrays.toString(newShape));
            }
            s[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Arrays.toString(from) + " (" + numel
                    + " elements) to " + Arrays.toString(newShape) + " (" + known + " elements)");
        }
        return s;
    }

    static Tensor reshape(Tensor t, int[] newShape, boolean viewOnly) {
        String op = viewOnly ? "view" : "reshape";
        int[] s = resolveShape(op, newShape, t.numel(), t.shape);
        int[] inShape = t.shape;
        Tensor out;
        if (t.contiguous) {
            out = view(t, s, Shape.contiguousStrides(s), t.offset);
        } else if (viewOnly) {
            throw new IllegalArgumentException("view: tensor of shape " + t.shape() + " with strides "
                    + Arrays.toString(t.strides) + " is not contiguous; use reshape (which copies) or contiguous() first");
        } else {
            Tensor c = contiguousCopy(t);
            out = view(c, s, Shape.contiguousStrides(s), 0);
        }
        return Node.recordShapeOnly(out, op, g -> new Tensor[] {g.reshape(inShape)}, t);
    }

    static Tensor flatten(Tensor t, int start, int end) {
        int r = t.rank();
        if (r == 0) return t.reshape(1);
        int s = t.normDim(start, "flatten");
        int e = t.normDim(end, "flatten");
        if (s > e) throw new IllegalArgumentException("flatten: start dim " + start + " after end dim " + end);
        int[] ns = new int[r - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) ns[k++] = t.shape[i];
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= t.shape[i];
        ns[k++] = prod;
        for (int i = e + 1; i < r; i++) ns[k++] = t.shape[i];
        return t.reshape(ns);
    }

    static Tensor permute(Tensor t, int[] order) {
        int r = t.rank();
        if (order.length != r) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not match rank " + r + " of shape " + t.shape());
        }
        int[] o = new int[r];
        boolean[] used = new boolean[r];
        int[] shape = new int[r];
        int[] strides = new int[r];
        for (int i = 0; i < r; i++) {
            o[i] = t.normDim(order[i], "permute");
            if (used[o[i]]) throw new IllegalArgumentException("permute: repeated dim in " + Arrays.toString(order));
            used[o[i]] = true;
            shape[i] = t.shape[o[i]];
            strides[i] = t.strides[o[i]];
        }
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) inverse[o[i]] = i;
        Tensor out = view(t, shape, strides, t.offset);
        return Node.recordShapeOnly(out, "permute", g -> new Tensor[] {g.permute(inverse)}, t);
    }

    static Tensor transpose(Tensor t, int d0, int d1) {
        int[] order = t.allDims();
        int a = t.normDim(d0, "transpose");
        int b = t.normDim(d1, "transpose");
        order[a] = b;
        order[b] = a;
        return permute(t, order);
    }

    static Tensor squeeze(Tensor t, int dim, boolean all) {
        int[] in = t.shape;
        int d = all ? -1 : t.normDim(dim, "squeeze");
        int count = 0;
        for (int i = 0; i < in.length; i++) if (in[i] != 1 || (!all && i != d)) count++;
        int[] shape = new int[count];
        int[] strides = new int[count];
        int k = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] != 1 || (!all && i != d)) {
                shape[k] = in[i];
                strides[k++] = t.strides[i];
            }
        }
        Tensor out = view(t, shape, strides, t.offset);
        return Node.recordShapeOnly(out, "squeeze", g -> new Tensor[] {g.reshape(in)}, t);
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int r = t.rank();
        int d = dim < 0 ? dim + r + 1 : dim;
        if (d < 0 || d > r) throw new IllegalArgumentException("unsqueeze: dim " + dim + " out of range for shape " + t.shape());
        int[] shape = new int[r + 1];
        int[] strides = new int[r + 1];
        for (int i = 0, k = 0; i <= r; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < r ? t.strides[d] * t.shape[d] : 1;
            } else {
                shape[i] = t.shape[k];
                strides[i] = t.strides[k++];
            }
        }
        int[] in = t.shape;
        Tensor out = view(t, shape, strides, t.offset);
        return Node.recordShapeOnly(out, "unsqueeze", g -> new Tensor[] {g.reshape(in)}, t);
    }

    static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        int d = t.normDim(dim, "slice");
        int size = t.shape[d];
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int s = start < 0 ? Math.max(start + size, 0) : Math.min(start, size);
        int e = end < 0 ? Math.max(end + size, 0) : Math.min(end, size);
        int len = e > s ? (e - s + step - 1) / step : 0;
        return narrow(t, d, s, len, step);
    }

    static Tensor narrow(Tensor t, int dim, int start, int length, int step) {
        int d = t.normDim(dim, "narrow");
        if (start < 0 || length < 0 || start + (long) (length - 1) * step >= t.shape[d] && length > 0) {
            throw new IllegalArgumentException("narrow: elements " + start + " to " + (start + (length - 1) * step)
                    + " out of range for dimension " + d + " of size " + t.shape[d] + " (shape " + t.shape() + ")");
        }
        int[] shape = t.shape.clone();
        int[] strides = t.strides.clone();
        shape[d] = length;
        strides[d] = t.strides[d] * step;
        Tensor out = view(t, shape, strides, t.offset + start * t.strides[d]);
        int[] in = t.shape;
        return Node.recordShapeOnly(out, "narrow", g -> {
            Tensor full = Tensor.zeros(g.dtype, in);
            int[] fs = Shape.contiguousStrides(in);
            int[] ws = fs.clone();
            ws[d] = fs[d] * step;
            Tensor window = view(full, shape, ws, start * fs[d]);
            Strided.copyInto(g, window);
            return new Tensor[] {full};
        }, t);
    }

    static Tensor select(Tensor t, int dim, int index) {
        int d = t.normDim(dim, "select");
        int i = index < 0 ? index + t.shape[d] : index;
        if (i < 0 || i >= t.shape[d]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dimension " + d + " of size " + t.shape[d]);
        }
        return narrow(t, d, i, 1, 1).squeeze(d);
    }

    static Tensor expand(Tensor t, int[] newShape) {
        int r = newShape.length;
        if (r < t.rank()) {
            throw new IllegalArgumentException("expand: target " + Arrays.toString(newShape) + " has fewer dims than " + t.shape());
        }
        int shift = r - t.rank();
        int[] shape = new int[r];
        int[] strides = new int[r];
        for (int i = 0; i < r; i++) {
            int src = i >= shift ? t.shape[i - shift] : 1;
            int want = newShape[i] == -1 ? src : newShape[i];
            if (src != want && src != 1) {
                throw new IllegalArgumentException("expand: cannot expand " + t.shape() + " to " + Arrays.toString(newShape)
                        + " (dimension " + i + ": " + src + " to " + want + ")");
            }
            shape[i] = want;
            strides[i] = src == want && i >= shift ? t.strides[i - shift] : 0;
        }
        int[] in = t.shape;
        Tensor out = view(t, shape, strides, t.offset);
        return Node.recordShapeOnly(out, "expand", g -> new Tensor[] {g.sumTo(in)}, t);
    }
}
