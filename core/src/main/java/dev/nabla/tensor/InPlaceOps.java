package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.UnaryOp;
import java.util.Set;

/**
 * In-place ops that autograd records, as PyTorch's {@code relu_} and {@code add_}: the tensor's memory is
 * overwritten, its version counter bumped (so any op that saved the old values refuses to backpropagate), and the
 * tensor is given a new history whose input is its old one. The optimizers' in-place updates ({@code addInPlace},
 * ...) are not recorded and are refused on tensors autograd needs; these are for activations in a forward pass.
 *
 * <p>While recording, the tensor must not be a leaf, must own its whole memory (not a view), and must have been
 * computed by an op whose derivative rule reads neither its output nor memory shared with it (convolution,
 * linear, batch norm, add, sub, mul, matmul, pooling): several rules here read their output without a version
 * check (exp, sigmoid, tanh, sqrt, softmax, ...), so their results are refused. As in PyTorch, other tensors
 * that already view the same memory (made with {@code reshape}, {@code view}, {@code detach} before the call)
 * see the new values but keep their old history; do not use them afterwards for gradients.
 */
public final class InPlaceOps {
    private InPlaceOps() {}

    /** Producers whose derivative rules need nothing from their output's memory. */
    private static final Set<String> OUTPUT_FREE = Set.of("conv2d", "conv_transpose2d", "linear", "batch_norm",
            "add", "sub", "mul", "matmul", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "add_");

    /** max(x, 0) written over x (NaN stays NaN), returned; PyTorch's {@code torch.relu_} / {@code ReLU(inplace=True)}. */
    public static Tensor relu(Tensor x) {
        boolean record = Node.needed(x);
        if (record) check("relu_", x);
        if (x.contiguous && x.storage.f != null) {
            dev.nabla.kernel.Elementwise.unary(UnaryOp.RELU, x.storage.f, x.offset, x.storage.f, x.offset, x.numel());
        } else {
            Strided.copyInto(Elementwise.computeUnary(UnaryOp.RELU, x), x);
        }
        x.bumpVersion();
        if (!record) return x;
        // the old values' history, now the input of the new node; the rule masks with x's new values (their sign
        // is the input's), which the version check on `before` (same memory) guards
        Tensor before = alias(x);
        before.attach(x.gradFn());
        return Node.record(x, "relu_", (Node.FreshRule) (g, reuse) -> new Tensor[] {Elementwise.reluBackward(g, x, reuse)},
                before);
    }

    /**
     * x + other written over x (other broadcast to x's shape), returned; PyTorch's {@code x.add_(other)}, the
     * {@code out += identity} of torchvision's residual blocks. Its rule passes the gradient through to both.
     */
    public static Tensor add(Tensor x, Tensor other) {
        if (!java.util.Arrays.equals(Shape.broadcast("add_", x.shape, other.shape), x.shape)) {
            throw new IllegalArgumentException("add_: cannot add shape " + other.shape() + " into " + x.shape()
                    + " in place");
        }
        if (other != x && Memory.key(other) == Memory.key(x)) {
            throw new IllegalArgumentException("add_: the operand " + other.shape() + " views the memory of the tensor "
                    + x.shape() + " it would be added into; pass a copy");
        }
        boolean record = Node.needed(x, other);
        if (record && x.requiresGrad()) check("add_", x);
        else if (record) checkOwnsMemory("add_", x);
        if (x.contiguous && other.contiguous && x.storage.f != null && other.storage.f != null
                && java.util.Arrays.equals(x.shape, other.shape)) {
            dev.nabla.kernel.Elementwise.binary(BinaryOp.ADD, x.storage.f, x.offset, other.storage.f, other.offset,
                    x.storage.f, x.offset, x.numel());
        } else {
            Strided.copyInto(Elementwise.computeBinary(BinaryOp.ADD, x, other), x);
        }
        x.bumpVersion();
        if (!record) return x;
        Tensor before = alias(x);
        if (x.requiresGrad()) before.attach(x.gradFn());
        int[] os = other.shape;
        // no version check: the rule reads no values, and a relu_ may overwrite x again before the backward pass
        // x.add_(x): the operand is the old x too (x itself now carries this node, which would be its own input)
        Tensor operand = other == x ? before : other;
        Node.ForwardingRule rule = g -> new Tensor[] {g, g.sumTo(os)};
        return Node.recordShapeOnly(x, "add_", rule, before, operand);
    }

    /** A second tensor over x's memory, to carry x's history as it was before the in-place op. */
    private static Tensor alias(Tensor x) {
        return new Tensor(x.storage, x.shape, x.strides, x.offset, x.dtype);
    }

    private static void check(String op, Tensor x) {
        if (x.isLeaf()) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad (shape " + x.shape()
                    + ") cannot be changed in place while the graph is recorded; use the out-of-place op or Grad.off()");
        }
        String producer = x.gradFn().op();
        if (!OUTPUT_FREE.contains(producer)) {
            throw new IllegalStateException(op + ": the tensor " + x.shape() + " was computed by '" + producer
                    + "', whose gradient may need the values an in-place op would overwrite (or which is a view); "
                    + "use the out-of-place op (in-place works on the output of: " + String.join(", ", OUTPUT_FREE.stream().sorted().toList()) + ")");
        }
        checkOwnsMemory(op, x);
    }

    private static void checkOwnsMemory(String op, Tensor x) {
        if (!x.contiguous || x.offset != 0 || x.numel() != x.storage.length()) {
            throw new IllegalStateException(op + ": the tensor " + x.shape() + " is a view of a larger memory; "
                    + "in-place ops with gradients need a tensor that owns its memory");
        }
    }
}
