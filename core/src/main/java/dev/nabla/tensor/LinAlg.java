package dev.nabla.tensor;

import dev.nabla.autograd.Grad;
import dev.nabla.autograd.Node;
import dev.nabla.kernel.Gemm;
import java.util.Arrays;

/** Matrix products through the GEMM kernel; transposed views are passed as transposes, not copied. */
final class LinAlg {
    private LinAlg() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least 1 dimension, got " + a.shape() + " and " + b.shape());
        }
        if (a.rank() == 1 && b.rank() == 1) {
            if (a.shape[0] != b.shape[0]) {
                throw new IllegalArgumentException("matmul: dot product of shapes " + a.shape() + " and " + b.shape() + " needs equal lengths");
            }
            return mm(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.rank() == 1) return mm(a.unsqueeze(0), b).squeeze(-2);
        if (b.rank() == 1) return mm(a, b.unsqueeze(1)).squeeze(-1);
        return mm(a, b);
    }

    static Tensor bmm(Tensor a, Tensor b) {
        if (a.rank() != 3 || b.rank() != 3 || a.shape[0] != b.shape[0]) {
            throw new IllegalArgumentException("bmm: expects [b, n, k] and [b, k, m], got " + a.shape() + " and " + b.shape());
        }
        return mm(a, b);
    }

    static Tensor outer(Tensor a, Tensor b) {
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException("outer: expects two 1-d tensors, got " + a.shape() + " and " + b.shape());
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    /** Product of operands with rank >= 2, batch dims broadcast. */
    private static Tensor mm(Tensor a, Tensor b) {
        int ra = a.rank();
        int rb = b.rank();
        int n = a.shape[ra - 2];
        int k = a.shape[ra - 1];
        int k2 = b.shape[rb - 2];
        int m = b.shape[rb - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " are not aligned (" + k + " columns vs " + k2 + " rows)");
        }
        if (!a.dtype.isFloating() || !b.dtype.isFloating() || a.dtype != b.dtype) {
            throw new IllegalArgumentException("matmul: operands must share a floating dtype, got " + a.dtype + " and " + b.dtype);
        }
        int[] batch = Shape.broadcast("matmul", Arrays.copyOf(a.shape, ra - 2), Arrays.copyOf(b.shape, rb - 2));
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = n;
        outShape[batch.length + 1] = m;
        Tensor out = Tensor.empty(a.dtype, outShape);
        compute(a, b, batch, n, k, m, out);
        int[] as = a.shape;
        int[] bs = b.shape;
        return Node.record(out, "matmul", g -> new Tensor[] {
            a.requiresGrad() ? mm(g, b.transpose(-1, -2)).sumTo(as) : null,
            b.requiresGrad() ? mm(a.transpose(-1, -2), g).sumTo(bs) : null}, a, b);
    }

    /** A matrix operand as the kernel sees it: data, offset, batch stride, leading dim, transposed or not. */
    private record Operand(Tensor t, int offset, int batchStride, int ld, boolean trans) {}

    private static Operand operand(Tensor t, int[] batch, int rows, int cols) {
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        Tensor e;
        try (var g = Grad.off()) {
            e = t.rank() == full.length && Arrays.equals(t.shape, full) ? t : t.expand(full);
        }
        int r = full.length;
        int sr = e.strides[r - 2];
        int sc = e.strides[r - 1];
        boolean rowMajor = sc == 1 && (sr >= cols || rows <= 1);
        boolean colMajor = !rowMajor && sr == 1 && (sc >= rows || cols <= 1);
        int bs = batchStride(e, batch.length);
        if ((rowMajor || colMajor) && bs >= 0) {
            int ld = rowMajor ? Math.max(sr, Math.max(cols, 1)) : Math.max(sc, Math.max(rows, 1));
            return new Operand(e, e.offset, bs, ld, colMajor);
        }
        Tensor c = Views.contiguousCopy(e);
        return new Operand(c, 0, rows * cols, Math.max(cols, 1), false);
    }

    /** One stride that walks all batch dims in row-major order (0 if all broadcast), or -1. */
    private static int batchStride(Tensor e, int batchRank) {
        if (batchRank == 0) return 0;
        int s = -1;
        int inner = 1;
        for (int i = batchRank - 1; i >= 0; i--) {
            if (e.shape[i] == 1) continue;
            int st = e.strides[i];
            if (s < 0) {
                s = st;
            } else if ((long) s * inner != st) {
                return -1;
            }
            inner *= e.shape[i];
        }
        if (s < 0) return 0;
        if (s == 0 && inner > 1) {
            // all-zero strides across several dims are fine; a zero stride mixed with others is not
            for (int i = 0; i < batchRank; i++) if (e.shape[i] != 1 && e.strides[i] != 0) return -1;
        }
        return s;
    }

    private static void compute(Tensor a, Tensor b, int[] batch, int n, int k, int m, Tensor out) {
        int count = (int) Shape.numel(batch);
        if (count == 0 || n == 0 || m == 0) return;
        Operand oa = operand(a, batch, n, k);
        Operand ob = operand(b, batch, k, m);
        if (out.dtype == DType.FLOAT32) {
            float[] c = out.storage.f;
            if (count == 1) {
                Gemm.sgemm(oa.trans, ob.trans, n, m, k, 1f, oa.t.storage.f, oa.offset, oa.ld,
                        ob.t.storage.f, ob.offset, ob.ld, 0f, c, 0, m);
            } else {
                Gemm.sgemmBatched(count, oa.trans, ob.trans, n, m, k, 1f, oa.t.storage.f, oa.offset, oa.batchStride, oa.ld,
                        ob.t.storage.f, ob.offset, ob.batchStride, ob.ld, 0f, c, 0, n * m, m);
            }
        } else {
            double[] c = out.storage.d;
            for (int i = 0; i < count; i++) {
                Gemm.dgemm(oa.trans, ob.trans, n, m, k, 1.0, oa.t.storage.d, oa.offset + i * oa.batchStride, oa.ld,
                        ob.t.storage.d, ob.offset + i * ob.batchStride, ob.ld, 0.0, c, i * n * m, m);
            }
        }
    }
}
