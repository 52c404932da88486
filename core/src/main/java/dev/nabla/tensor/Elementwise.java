package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.UnaryOp;
import java.util.Arrays;

/** Elementwise ops with broadcasting, and their derivative rules. */
final class Elementwise {
    private Elementwise() {}

    // ---------------------------------------------------------------- forward computation (no graph)

    static Tensor computeUnary(UnaryOp op, Tensor a) {
        DType dt = op == UnaryOp.ISNAN || op == UnaryOp.ISINF ? DType.BOOL : (a.dtype.isFloating() ? a.dtype : DType.FLOAT32);
        Tensor out = Tensor.empty(dt, a.shape);
        int n = out.numel();
        if (a.dtype == DType.FLOAT32 && dt == DType.FLOAT32 && a.contiguous) {
            dev.nabla.kernel.Elementwise.unary(op, a.storage.f, a.offset, out.storage.f, 0, n);
            return out;
        }
        Tensor c = a.dense();
        for (int i = 0; i < n; i++) out.storage.set(i, op.apply(c.storage.get(c.offset + i)));
        return out;
    }

    /**
     * A 0-d view of t's one value if t repeats it everywhere (every stride 0, a scalar expanded to a shape): the
     * scalar kernels then serve it instead of the strided loop.
     */
    private static Tensor uniformAsScalar(Tensor t) {
        if (t.rank() == 0 || t.numel() <= 1) return t;
        for (int s : t.strides) if (s != 0) return t;
        return Views.view(t, new int[0], new int[0], t.offset);
    }

    static DType resultType(BinaryOp op, Tensor a, Tensor b) {
        if (op.isComparison()) return DType.BOOL;
        DType t = DType.promote(a.dtype, b.dtype);
        // a 0-d float scalar does not promote a FLOAT32 tensor to FLOAT64, nor an index tensor to FLOAT32
        if (a.rank() == 0 && b.rank() > 0 && b.dtype.isFloating()) t = b.dtype;
        if (b.rank() == 0 && a.rank() > 0 && a.dtype.isFloating()) t = a.dtype;
        if ((op == BinaryOp.DIV || op == BinaryOp.POW) && !t.isFloating()) t = DType.FLOAT32;
        return t;
    }

    static Tensor computeBinary(BinaryOp op, Tensor a, Tensor b) {
        DType dt = resultType(op, a, b);
        int[] shape = Shape.broadcast(op.lower(), a.shape, b.shape);
        Tensor out = Tensor.empty(dt, shape);
        int n = out.numel();
        if (n == 0) return out;
        a = uniformAsScalar(a);
        b = uniformAsScalar(b);
        if (dt == DType.FLOAT32 && a.dtype == DType.FLOAT32 && b.dtype == DType.FLOAT32 && a.contiguous && b.contiguous) {
            float[] o = out.storage.f;
            boolean aFull = Arrays.equals(a.shape, shape);
            boolean bFull = Arrays.equals(b.shape, shape);
            if (aFull && bFull) {
                dev.nabla.kernel.Elementwise.binary(op, a.storage.f, a.offset, b.storage.f, b.offset, o, 0, n);
                return out;
            }
            if (aFull && b.numel() == 1) {
                dev.nabla.kernel.Elementwise.withScalar(op, a.storage.f, a.offset, b.storage.f[b.offset], false, o, 0, n);
                return out;
            }
            if (bFull && a.numel() == 1) {
                dev.nabla.kernel.Elementwise.withScalar(op, b.storage.f, b.offset, a.storage.f[a.offset], true, o, 0, n);
                return out;
            }
            int inner = b.numel();
            if (aFull && inner > 0 && isSuffix(b.shape, shape)) {
                // row broadcast (bias add): b repeats over leading dims
                for (int r = 0; r < n; r += inner) {
                    dev.nabla.kernel.Elementwise.binary(op, a.storage.f, a.offset + r, b.storage.f, b.offset, o, r, inner);
                }
                return out;
            }
        }
        int[] sa = Strided.broadcastStrides(a, shape);
        int[] sb = Strided.broadcastStrides(b, shape);
        Storage x = a.storage;
        Storage y = b.storage;
        Storage z = out.storage;
        if (x.f != null && y.f != null && z.f != null) {
            float[] xf = x.f, yf = y.f, zf = z.f;
            Strided.forEach2(shape, a.offset, sa, b.offset, sb, (k, pa, pb) -> zf[k] = (float) op.apply(xf[pa], yf[pb]));
        } else {
            Strided.forEach2(shape, a.offset, sa, b.offset, sb, (k, pa, pb) -> z.set(k, op.apply(x.get(pa), y.get(pb))));
        }
        return out;
    }

    /** True if small (after dropping leading 1s) equals the trailing dims of full. */
    private static boolean isSuffix(int[] small, int[] full) {
        int lead = 0;
        while (lead < small.length && small[lead] == 1) lead++;
        int len = small.length - lead;
        if (len > full.length) return false;
        for (int i = 0; i < len; i++) {
            if (small[lead + i] != full[full.length - len + i]) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- differentiable ops

    static Tensor unary(UnaryOp op, Tensor a) {
        Tensor out = computeUnary(op, a);
        if (!Node.needed(a) || !out.dtype.isFloating()) return out;
        Node.Rule rule = switch (op) {
            case NEG -> g -> new Tensor[] {g.neg()};
            case ABS -> g -> new Tensor[] {g.mul(a.sign())};
            case SIGN, ISNAN, ISINF -> g -> new Tensor[] {g.zerosLike()};
            case EXP -> g -> new Tensor[] {g.mul(out)};
            case LOG -> g -> new Tensor[] {g.div(a)};
            case LOG1P -> g -> new Tensor[] {g.div(a.add(1))};
            case EXPM1 -> g -> new Tensor[] {g.mul(out.add(1))};
            case SQRT -> g -> new Tensor[] {g.div(out.mul(2))};
            case RSQRT -> g -> new Tensor[] {g.mul(out.mul(out).mul(out)).mul(-0.5)};
            case SIN -> g -> new Tensor[] {g.mul(a.cos())};
            case COS -> g -> new Tensor[] {g.mul(a.sin()).neg()};
            case TANH -> (Node.FreshRule) (g, reuse) -> new Tensor[] {computeBinary(BinaryOp.TANH_BACKWARD, g, out)};
            case SIGMOID -> (Node.FreshRule) (g, reuse) -> new Tensor[] {computeBinary(BinaryOp.SIGMOID_BACKWARD, g, out)};
            case RELU -> (Node.FreshRule) (g, reuse) -> new Tensor[] {reluBackward(g, a, reuse)};
            case SQUARE -> (Node.FreshRule) (g, reuse) -> new Tensor[] {overwriting(BinaryOp.SQUARE_BACKWARD, g, a, reuse)};
            case RECIPROCAL -> g -> new Tensor[] {g.mul(out.mul(out)).neg()};
        };
        // rules that read `out` also need it unchanged: record it among the saved inputs' storage via a
        // version check on `a`; out itself is fresh and only the user could change it. FreshRule: the gradient is
        // a new array or, where reuse allows, g overwritten; later rules may then overwrite it in turn.
        return Node.record(out, op.lower(), rule, a);
    }

    /**
     * g where mask > 0, else 0: the gradient of relu, whose mask may be its input or its output (equal signs).
     * With {@code reuse} (the backward pass owns g alone) it is written over g, which saves a new array: on
     * LeNet's first ReLU, 1.2 MB of memory in no cache yet, which costs more than the arithmetic.
     */
    static Tensor reluBackward(Tensor g, Tensor mask, boolean reuse) {
        return overwriting(BinaryOp.RELU_BACKWARD, g, mask, reuse);
    }

    /** op(g, x) elementwise, written over g when reuse allows it (g owned by the backward pass) and the shapes fit. */
    private static Tensor overwriting(BinaryOp op, Tensor g, Tensor x, boolean reuse) {
        if (reuse && g.contiguous && x.contiguous && g.dtype == DType.FLOAT32 && x.dtype == DType.FLOAT32
                && Arrays.equals(g.shape, x.shape)) {
            float[] gf = g.storage.f;
            dev.nabla.kernel.Elementwise.binary(op, gf, g.offset, x.storage.f, x.offset, gf, g.offset, g.numel());
            g.bumpVersion();
            return g;
        }
        return computeBinary(op, g, x);
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = computeBinary(op, a, b);
        if (!Node.needed(a, b) || !out.dtype.isFloating()) return out;
        int[] as = a.shape;
        int[] bs = b.shape;
        Node.Rule rule = switch (op) {
            // g handed on (or summed into new tensors where broadcast): the pass keeps track of who owns g
            case ADD -> (Node.ForwardingRule) g -> new Tensor[] {g.sumTo(as), g.sumTo(bs)};
            case SUB -> (Node.ForwardingRule) g -> new Tensor[] {g.sumTo(as), b.requiresGrad() ? g.neg().sumTo(bs) : null};
            case MUL -> g -> new Tensor[] {
                a.requiresGrad() ? g.mul(b).sumTo(as) : null,
                b.requiresGrad() ? g.mul(a).sumTo(bs) : null};
            case DIV -> g -> new Tensor[] {
                a.requiresGrad() ? g.div(b).sumTo(as) : null,
                b.requiresGrad() ? g.mul(out).div(b).neg().sumTo(bs) : null};
            case POW -> g -> new Tensor[] {
                a.requiresGrad() ? g.mul(b).mul(a.pow(b.sub(1))).sumTo(as) : null,
                b.requiresGrad() ? g.mul(out).mul(where(a.gt(0), a, a.onesLike()).log()).sumTo(bs) : null};
            case MAX, MIN -> g -> {
                // ties split the gradient evenly, as in PyTorch
                Tensor pickA = op == BinaryOp.MAX ? a.gt(b) : a.lt(b);
                Tensor tie = a.eq(b).mul(0.5);
                Tensor wa = pickA.add(tie);
                return new Tensor[] {
                    a.requiresGrad() ? g.mul(wa).sumTo(as) : null,
                    b.requiresGrad() ? g.mul(wa.rsub(1)).sumTo(bs) : null};
            };
            default -> throw new IllegalStateException("no gradient for " + op);
        };
        boolean shapeOnly = op == BinaryOp.ADD || op == BinaryOp.SUB;
        return shapeOnly ? Node.recordShapeOnly(out, op.lower(), rule, a, b) : Node.record(out, op.lower(), rule, a, b);
    }

    static Tensor clamp(Tensor a, double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        Tensor c = a.dense();
        Tensor out = Tensor.empty(a.dtype.isFloating() ? a.dtype : DType.FLOAT32, a.shape);
        int n = out.numel();
        if (c.storage.f != null && out.storage.f != null) {
            float[] x = c.storage.f;
            float[] y = out.storage.f;
            float lo = (float) min;
            float hi = (float) max;
            for (int i = 0; i < n; i++) {
                float v = x[c.offset + i];
                y[i] = v < lo ? lo : (v > hi ? hi : v);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double v = c.storage.get(c.offset + i);
                out.storage.set(i, v < min ? min : (v > max ? max : v));
            }
        }
        return Node.record(out, "clamp", g -> new Tensor[] {g.mul(a.ge(min).mul(a.le(max)))}, a);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        DType dt = DType.promote(a.dtype, b.dtype);
        Tensor c, x, y;
        try (var off = dev.nabla.autograd.Grad.off()) {
            c = cond.expand(shape).dense();
            x = a.expand(shape).dense();
            y = b.expand(shape).dense();
        }
        Tensor out = Tensor.empty(dt, shape);
        int n = out.numel();
        if (out.storage.f != null && x.storage.f != null && y.storage.f != null && c.storage.d != null) {
            float[] o = out.storage.f, xf = x.storage.f, yf = y.storage.f;
            double[] cd = c.storage.d;
            for (int i = 0; i < n; i++) o[i] = cd[c.offset + i] != 0 ? xf[x.offset + i] : yf[y.offset + i];
        } else {
            for (int i = 0; i < n; i++) {
                out.storage.set(i, c.storage.get(c.offset + i) != 0 ? x.storage.get(x.offset + i) : y.storage.get(y.offset + i));
            }
        }
        int[] as = a.shape;
        int[] bs = b.shape;
        return Node.record(out, "where", g -> {
            Tensor mask = cond.ne(0).to(g.dtype);
            return new Tensor[] {
                null,
                a.requiresGrad() ? g.mul(mask).sumTo(as) : null,
                b.requiresGrad() ? g.mul(mask.rsub(1)).sumTo(bs) : null};
        }, cond, a, b);
    }

    static Tensor cast(Tensor a, DType target) {
        if (a.dtype == target) return a;
        Tensor out = Tensor.empty(target, a.shape);
        Tensor c = a.dense();
        int n = out.numel();
        for (int i = 0; i < n; i++) {
            double v = c.storage.get(c.offset + i);
            if (target == DType.BOOL) v = v != 0 ? 1 : 0;
            else if (target == DType.INT64) v = v < 0 ? Math.ceil(v) : Math.floor(v);
            out.storage.set(i, v);
        }
        if (!a.dtype.isFloating() || !target.isFloating()) return out;
        DType back = a.dtype;
        return Node.recordShapeOnly(out, "to", g -> new Tensor[] {g.to(back)}, a);
    }
}
