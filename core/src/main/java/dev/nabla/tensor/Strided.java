package dev.nabla.tensor;

/** Loops over strided (non-contiguous, broadcast) tensors: the generic paths behind every op. */
final class Strided {
    private Strided() {}

    /** Strides that read t as if broadcast to outShape: 0 along broadcast and missing dims. */
    static int[] broadcastStrides(Tensor t, int[] outShape) {
        int r = outShape.length;
        int[] s = new int[r];
        int shift = r - t.shape.length;
        for (int i = 0; i < t.shape.length; i++) {
            s[i + shift] = t.shape[i] == 1 && outShape[i + shift] != 1 ? 0 : t.strides[i];
        }
        return s;
    }

    /** Copies src (any strides) into dst starting at dstOff, in row-major order. */
    static void copy(Tensor src, Storage dst, int dstOff) {
        int n = src.numel();
        if (n == 0) return;
        if (src.contiguous) {
            if (src.storage.f != null && dst.f != null) System.arraycopy(src.storage.f, src.offset, dst.f, dstOff, n);
            else if (src.storage.d != null && dst.d != null) System.arraycopy(src.storage.d, src.offset, dst.d, dstOff, n);
            else for (int i = 0; i < n; i++) dst.set(dstOff + i, src.storage.get(src.offset + i));
            return;
        }
        int[] shape = src.shape;
        int[] st = src.strides;
        int r = shape.length;
        int inner = shape[r - 1];
        int is = st[r - 1];
        // Trailing dims that continue the innermost run (a broadcast view's zero strides, or a dense tail) join it.
        int last = r - 1;
        while (last > 0 && st[last - 1] == (long) is * inner) inner *= shape[--last];
        int[] idx = new int[r];
        int off = src.offset;
        int o = dstOff;
        float[] sf = src.storage.f;
        float[] df = dst.f;
        for (int outer = n / inner; outer > 0; outer--) {
            if (sf != null && df != null) {
                // whole runs at once: a broadcast (stride 0) dimension is a fill, a dense one a block copy
                if (is == 0) java.util.Arrays.fill(df, o, o + inner, sf[off]);
                else if (is == 1) System.arraycopy(sf, off, df, o, inner);
                else for (int j = 0, p = off; j < inner; j++, p += is) df[o + j] = sf[p];
            } else {
                for (int j = 0, p = off; j < inner; j++, p += is) dst.set(o + j, src.storage.get(p));
            }
            o += inner;
            for (int d = last - 1; d >= 0; d--) {
                off += st[d];
                if (++idx[d] < shape[d]) break;
                off -= st[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** Calls visitor(flatOut, offA, offB) for every element of outShape, reading a and b with the given strides. */
    static void forEach2(int[] outShape, int offA, int[] sa, int offB, int[] sb, Visitor2 visitor) {
        int r = outShape.length;
        long total = Shape.numel(outShape);
        if (total == 0) return;
        if (r == 0) {
            visitor.visit(0, offA, offB);
            return;
        }
        int inner = outShape[r - 1];
        int ia = sa[r - 1];
        int ib = sb[r - 1];
        int[] idx = new int[r];
        int pa = offA;
        int pb = offB;
        int o = 0;
        for (long outer = total / inner; outer > 0; outer--) {
            for (int j = 0; j < inner; j++) visitor.visit(o + j, pa + j * ia, pb + j * ib);
            o += inner;
            for (int d = r - 2; d >= 0; d--) {
                pa += sa[d];
                pb += sb[d];
                if (++idx[d] < outShape[d]) break;
                pa -= sa[d] * outShape[d];
                pb -= sb[d] * outShape[d];
                idx[d] = 0;
            }
        }
    }

    @FunctionalInterface
    interface Visitor2 {
        void visit(int out, int offA, int offB);
    }

    /** Writes src (broadcast to dst's shape) into dst, which may be any strided view. */
    static void copyInto(Tensor src, Tensor dst) {
        int[] ss = broadcastStrides(src, dst.shape);
        Storage in = src.storage;
        Storage out = dst.storage;
        if (in.f != null && out.f != null) {
            float[] a = in.f;
            float[] o = out.f;
            forEach2(dst.shape, dst.offset, dst.strides, src.offset, ss, (k, po, pi) -> o[po] = a[pi]);
        } else {
            forEach2(dst.shape, dst.offset, dst.strides, src.offset, ss, (k, po, pi) -> out.set(po, in.get(pi)));
        }
    }
}
