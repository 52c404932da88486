package dev.nabla.tensor;

import java.util.Locale;

/** toString(): nested brackets like PyTorch, with long dimensions elided. */
final class Printing {
    private Printing() {}

    private static final int EDGE = 3;
    private static final int LIMIT = 1000;

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        Tensor c = t.dense();
        boolean summarize = t.numel() > LIMIT;
        append(sb, c, 0, c.offset, summarize, 7);
        sb.append(", shape=").append(t.shape());
        if (t.dtype != DType.FLOAT32) sb.append(", dtype=").append(t.dtype);
        if (t.requiresGrad()) sb.append(t.gradFn() != null ? ", grad_fn=" + t.gradFn() : ", requires_grad");
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor c, int dim, int off, boolean summarize, int indent) {
        if (c.rank() == 0) {
            sb.append(value(c, off));
            return;
        }
        int n = c.shape[dim];
        int stride = c.strides[dim];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = n - EDGE - 1;
                sb.append(dim == c.rank() - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
                continue;
            }
            if (dim == c.rank() - 1) sb.append(value(c, off + i * stride));
            else append(sb, c, dim + 1, off + i * stride, summarize, indent);
            if (i < n - 1) sb.append(dim == c.rank() - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
        }
        sb.append(']');
    }

    private static String value(Tensor c, int off) {
        double v = c.storage.get(off);
        return switch (c.dtype) {
            case INT64 -> Long.toString((long) v);
            case BOOL -> v != 0 ? "true" : "false";
            default -> String.format(Locale.ROOT, "%.4f", v);
        };
    }
}
