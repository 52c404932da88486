package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * The rows (first-dimension slices) of a tensor as one flat array, for bulk gathers: a batch is
 * built by one System.arraycopy per row into a fresh array, with no per-element work. FLOAT32 data
 * is read in place; other dtypes are copied once, here.
 */
final class Rows {
    final int count;
    final int rowLength;
    final int[] rowShape;
    final DType dtype;
    private final float[] f;
    private final double[] d;
    private final int offset;

    private Rows(int count, int[] rowShape, DType dtype, float[] f, double[] d, int offset) {
        this.count = count;
        this.rowShape = rowShape;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.offset = offset;
        int len = 1;
        for (int s : rowShape) len *= s;
        this.rowLength = len;
    }

    static Rows of(Tensor t) {
        if (t.rank() == 0) throw new IllegalArgumentException("rows of a 0-d tensor: need at least one dimension");
        int[] rowShape = Arrays.copyOfRange(t.dims(), 1, t.rank());
        if (t.dtype() == DType.FLOAT32) {
            Tensor c = t.contiguous();
            return new Rows(t.dim(0), rowShape, DType.FLOAT32, c.floatData(), null, c.dataOffset());
        }
        return new Rows(t.dim(0), rowShape, t.dtype(), null, t.toDoubleArray(), 0);
    }

    /** The rows order[from..to) stacked into a new contiguous tensor [to - from, rowShape...]. */
    Tensor gather(int[] order, int from, int to) {
        int b = to - from;
        int[] shape = new int[rowShape.length + 1];
        shape[0] = b;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        int len = rowLength;
        if (f != null) {
            float[] out = new float[b * len];
            for (int i = 0; i < b; i++) System.arraycopy(f, offset + check(order[from + i]) * len, out, i * len, len);
            return Tensor.wrap(out, shape);
        }
        double[] out = new double[b * len];
        for (int i = 0; i < b; i++) System.arraycopy(d, offset + check(order[from + i]) * len, out, i * len, len);
        return Tensor.wrap(out, dtype, shape);
    }

    Tensor gather(int[] order) {
        return gather(order, 0, order.length);
    }

    private int check(int r) {
        if (r < 0 || r >= count) throw new IndexOutOfBoundsException("sample index " + r + " out of range for a dataset of " + count);
        return r;
    }

    /** Stacks same-shaped tensors along a new first dimension into one contiguous tensor. */
    static Tensor stack(Tensor[] items, String what) {
        if (items.length == 0) throw new IllegalArgumentException("stack: no " + what + " to stack");
        Tensor first = items[0];
        int[] itemShape = first.dims();
        int len = first.numel();
        int[] shape = new int[itemShape.length + 1];
        shape[0] = items.length;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        boolean isFloat = first.dtype() == DType.FLOAT32;
        float[] fo = isFloat ? new float[items.length * len] : null;
        double[] dout = isFloat ? null : new double[items.length * len];
        for (int i = 0; i < items.length; i++) {
            Tensor t = items[i];
            if (!Arrays.equals(t.dims(), itemShape) || t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("stack: " + what + " " + i + " is " + t.dtype() + " " + t.shape()
                        + " but " + what + " 0 is " + first.dtype() + " " + first.shape());
            }
            if (isFloat) {
                if (t.isContiguous()) System.arraycopy(t.floatData(), t.dataOffset(), fo, i * len, len);
                else System.arraycopy(t.toFloatArray(), 0, fo, i * len, len);
            } else {
                System.arraycopy(t.toDoubleArray(), 0, dout, i * len, len);
            }
        }
        return isFloat ? Tensor.wrap(fo, shape) : Tensor.wrap(dout, first.dtype(), shape);
    }
}
