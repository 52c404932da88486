package dev.nabla.tensor;

import dev.nabla.kernel.BinaryOp;

/** In-place updates, used by optimizers and initializers under Grad.off(). Each bumps the storage version. */
final class InPlace {
    private InPlace() {}

    private static void checkShape(String op, Tensor t, Tensor other) {
        int[] s = Shape.broadcast(op, t.shape, other.shape);
        if (!java.util.Arrays.equals(s, t.shape)) {
            throw new IllegalArgumentException(op + ": cannot write shape " + other.shape() + " into " + t.shape() + " in place");
        }
    }

    static Tensor copyFrom(Tensor t, Tensor src) {
        t.checkInPlace("copyFromInPlace");
        checkShape("copyFromInPlace", t, src);
        Strided.copyInto(src, t);
        t.bumpVersion();
        return t;
    }

    static Tensor fill(Tensor t, double v) {
        t.checkInPlace("fillInPlace");
        Strided.copyInto(Tensor.scalar(v, t.dtype), t);
        t.bumpVersion();
        return t;
    }

    /** t = t op (other * alpha). */
    static Tensor binary(Tensor t, Tensor other, BinaryOp op, double alpha) {
        String name = op.lower() + "InPlace";
        t.checkInPlace(name);
        checkShape(name, t, other);
        if (t.contiguous && other.contiguous && t.storage.f != null && other.storage.f != null
                && java.util.Arrays.equals(t.shape, other.shape)) {
            float[] x = t.storage.f;
            float[] y = other.storage.f;
            int n = t.numel();
            int xo = t.offset;
            int yo = other.offset;
            if (op == BinaryOp.ADD) {
                float a = (float) alpha;
                if (a == 1f) dev.nabla.kernel.Elementwise.binary(BinaryOp.ADD, x, xo, y, yo, x, xo, n);
                else for (int i = 0; i < n; i++) x[xo + i] += a * y[yo + i];
            } else {
                if (alpha != 1) throw new IllegalArgumentException(name + ": alpha is only supported for add");
                dev.nabla.kernel.Elementwise.binary(op, x, xo, y, yo, x, xo, n);
            }
        } else {
            Tensor rhs = alpha == 1 ? other : Elementwise.computeBinary(BinaryOp.MUL, other, Tensor.scalar(alpha, other.dtype));
            Strided.copyInto(Elementwise.computeBinary(op, t, rhs), t);
        }
        t.bumpVersion();
        return t;
    }

    static Tensor scale(Tensor t, double s) {
        t.checkInPlace("mulInPlace");
        if (t.contiguous && t.storage.f != null) {
            dev.nabla.kernel.Elementwise.withScalar(BinaryOp.MUL, t.storage.f, t.offset, (float) s, false, t.storage.f, t.offset, t.numel());
        } else {
            Strided.copyInto(Elementwise.computeBinary(BinaryOp.MUL, t, Tensor.scalar(s, t.dtype)), t);
        }
        t.bumpVersion();
        return t;
    }

    static Tensor clamp(Tensor t, double min, double max) {
        t.checkInPlace("clampInPlace");
        try (var off = dev.nabla.autograd.Grad.off()) {
            Strided.copyInto(Elementwise.clamp(t, min, max), t);
        }
        t.bumpVersion();
        return t;
    }
}
