package dev.nabla.tensor;

import dev.nabla.autograd.Backward;
import dev.nabla.autograd.Grad;
import dev.nabla.autograd.Node;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.UnaryOp;
import java.util.Arrays;

/**
 * An n-dimensional array with reverse-mode automatic differentiation.
 *
 * <p>A tensor is a shape, strides and an offset over a {@link Storage} that views share, so
 * {@code reshape}, {@code transpose}, {@code narrow} and {@code expand} copy nothing. Ops return new
 * tensors and, when an input requires grad and recording is on, record a {@link Node} so that
 * {@link #backward()} can compute gradients. In-place ops are named {@code ...InPlace}.
 *
 * <p>This class holds the data and the public API; the ops themselves live in small package-private
 * classes by family (elementwise, reductions, views, linear algebra, indexing, joining).
 */
public final class Tensor {
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    final DType dtype;
    final boolean contiguous;

    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    private Node gradFn;

    Tensor(Storage storage, int[] shape, int[] strides, int offset, DType dtype) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.dtype = dtype;
        this.contiguous = computeContiguous(shape, strides);
    }

    private static boolean computeContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** A new contiguous tensor of zeros (uninitialized memory does not exist in Java). */
    static Tensor empty(DType dtype, int[] shape) {
        long n = Shape.numel(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " has " + n
                    + " elements; at most 2^31 - 9 are supported");
        }
        return new Tensor(Storage.allocate(dtype, (int) n), shape.clone(), Shape.contiguousStrides(shape), 0, dtype);
    }

    // ---------------------------------------------------------------- creation

    /** Wraps a float array (not copied) as a FLOAT32 tensor of the given shape. */
    public static Tensor wrap(float[] data, int... shape) {
        checkLength("wrap", data.length, shape);
        return new Tensor(Storage.of(data), shape.clone(), Shape.contiguousStrides(shape), 0, DType.FLOAT32);
    }

    /** Wraps a double array (not copied) as a tensor of the given non-FLOAT32 dtype. */
    public static Tensor wrap(double[] data, DType dtype, int... shape) {
        if (dtype == DType.FLOAT32) return fromArray(data, dtype, shape);
        checkLength("wrap", data.length, shape);
        return new Tensor(Storage.of(data), shape.clone(), Shape.contiguousStrides(shape), 0, dtype);
    }

    /** A FLOAT32 tensor holding a copy of {@code data}, in row-major order. */
    public static Tensor fromArray(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** A tensor of the given dtype holding (a rounded copy of) {@code data}, in row-major order. */
    public static Tensor fromArray(double[] data, DType dtype, int... shape) {
        checkLength("fromArray", data.length, shape);
        Tensor t = empty(dtype, shape);
        for (int i = 0; i < data.length; i++) t.storage.set(i, data[i]);
        if (dtype == DType.BOOL || dtype == DType.INT64) t.checkIntegral("fromArray");
        return t;
    }

    /** A 1-d FLOAT32 tensor of the given values. */
    public static Tensor of(float... values) {
        return fromArray(values, values.length);
    }

    /** A 2-d FLOAT32 tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        return wrap(d, rows.length, cols);
    }

    /** A 0-d FLOAT32 tensor. */
    public static Tensor scalar(double value) {
        return full(value, DType.FLOAT32);
    }

    /** A 0-d tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** A 1-d INT64 tensor of indices. */
    public static Tensor indices(int... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return wrap(d, DType.INT64, values.length);
    }

    public static Tensor zeros(int... shape) {
        return empty(DType.FLOAT32, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, shape);
    }

    public static Tensor ones(int... shape) {
        return full(1.0, DType.FLOAT32, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor full(double value, int... shape) {
        return full(value, DType.FLOAT32, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = empty(dtype, shape);
        if (value != 0) {
            if (t.storage.f != null) Arrays.fill(t.storage.f, (float) value);
            else Arrays.fill(t.storage.d, value);
        }
        return t;
    }

    /** Zeros with this tensor's shape and dtype. */
    public Tensor zerosLike() {
        return empty(dtype, shape);
    }

    /** Ones with this tensor's shape and dtype. */
    public Tensor onesLike() {
        return full(1.0, dtype, shape);
    }

    /** FLOAT32 values start, start+step, ... below end (as torch.arange). */
    public static Tensor arange(double start, double end, double step) {
        return Creation.arange(start, end, step, DType.FLOAT32);
    }

    /** 0, 1, ..., n-1 as FLOAT32. */
    public static Tensor arange(int n) {
        return Creation.arange(0, n, 1, DType.FLOAT32);
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Creation.arange(start, end, step, dtype);
    }

    /** n evenly spaced FLOAT32 values from start to end inclusive. */
    public static Tensor linspace(double start, double end, int n) {
        return Creation.linspace(start, end, n);
    }

    /** The n x n identity. */
    public static Tensor eye(int n) {
        return Creation.eye(n, n);
    }

    public static Tensor eye(int rows, int cols) {
        return Creation.eye(rows, cols);
    }

    /** Uniform in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return Creation.uniform(rng, 0, 1, DType.FLOAT32, shape);
    }

    /** Standard normal. */
    public static Tensor randn(Rng rng, int... shape) {
        return Creation.normal(rng, 0, 1, DType.FLOAT32, shape);
    }

    public static Tensor uniform(Rng rng, double low, double high, int... shape) {
        return Creation.uniform(rng, low, high, DType.FLOAT32, shape);
    }

    public static Tensor uniform(Rng rng, double low, double high, DType dtype, int... shape) {
        return Creation.uniform(rng, low, high, dtype, shape);
    }

    public static Tensor normal(Rng rng, double mean, double std, int... shape) {
        return Creation.normal(rng, mean, std, DType.FLOAT32, shape);
    }

    public static Tensor normal(Rng rng, double mean, double std, DType dtype, int... shape) {
        return Creation.normal(rng, mean, std, dtype, shape);
    }

    /** FLOAT32 ones with probability p, else zeros. */
    public static Tensor bernoulli(Rng rng, double p, int... shape) {
        return Creation.bernoulli(rng, p, shape);
    }

    /** Ones where a uniform draw falls below this tensor's value (a probability per element). */
    public Tensor bernoulli(Rng rng) {
        return Creation.bernoulli(rng, this);
    }

    /** INT64 integers uniform in [low, high). */
    public static Tensor randint(Rng rng, int low, int high, int... shape) {
        return Creation.randint(rng, low, high, shape);
    }

    /** A random permutation of 0..n-1 as INT64. */
    public static Tensor randperm(Rng rng, int n) {
        return indices(rng.permutation(n));
    }

    /** Samples indices from the (unnormalized) probabilities in each row of this 1-d or 2-d tensor. */
    public Tensor multinomial(int numSamples, boolean replacement, Rng rng) {
        return Creation.multinomial(this, numSamples, replacement, rng);
    }

    private static void checkLength(String op, int length, int[] shape) {
        if (Shape.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape "
                    + Arrays.toString(shape) + " (" + Shape.numel(shape) + " elements)");
        }
    }

    private void checkIntegral(String op) {
        for (int i = 0; i < storage.length(); i++) {
            double v = storage.get(i);
            if (v != Math.rint(v) || (dtype == DType.BOOL && v != 0 && v != 1)) {
                throw new IllegalArgumentException(op + ": value " + v + " is not a valid " + dtype);
            }
        }
    }

    // ---------------------------------------------------------------- metadata and data access

    public Shape shape() {
        return new Shape(shape);
    }

    /** The dimensions as a fresh array. */
    public int[] dims() {
        return shape.clone();
    }

    /** Size of dimension i (negative counts from the end). */
    public int dim(int i) {
        return shape[normDim(i, "dim")];
    }

    public int rank() {
        return shape.length;
    }

    public int numel() {
        return (int) Shape.numel(shape);
    }

    public DType dtype() {
        return dtype;
    }

    public int[] strides() {
        return strides.clone();
    }

    public boolean isContiguous() {
        return contiguous;
    }

    /** In-place writes to this tensor's storage so far (autograd uses it to detect stale saved values). */
    public int version() {
        return storage.version;
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalStateException("item: tensor of shape " + shape() + " has " + numel() + " elements, not 1");
        return storage.get(offset);
    }

    /** The element at the given index (one coordinate per dimension). */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + shape.length);
        }
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            int k = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (k < 0 || k >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for dimension " + i + " of size " + shape[i]);
            }
            off += k * strides[i];
        }
        return storage.get(off);
    }

    /** A copy of the values in row-major order, as floats. */
    public float[] toFloatArray() {
        Tensor c = dense();
        float[] out = new float[numel()];
        if (c.storage.f != null) System.arraycopy(c.storage.f, c.offset, out, 0, out.length);
        else for (int i = 0; i < out.length; i++) out[i] = (float) c.storage.d[c.offset + i];
        return out;
    }

    /** A copy of the values in row-major order, as doubles. */
    public double[] toDoubleArray() {
        Tensor c = dense();
        double[] out = new double[numel()];
        if (c.storage.d != null) System.arraycopy(c.storage.d, c.offset, out, 0, out.length);
        else for (int i = 0; i < out.length; i++) out[i] = c.storage.f[c.offset + i];
        return out;
    }

    /** A copy of the values as ints (for INT64 index tensors). */
    public int[] toIntArray() {
        double[] d = toDoubleArray();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (int) d[i];
        return out;
    }

    /**
     * The backing float array of a contiguous FLOAT32 tensor and its start, for kernels and readers
     * that fill or read data in bulk. Writing through it bypasses autograd's version check: use it only
     * on tensors you created.
     */
    public float[] floatData() {
        if (dtype != DType.FLOAT32 || !contiguous) {
            throw new IllegalStateException("floatData: needs a contiguous FLOAT32 tensor, this one is " + dtype
                    + (contiguous ? "" : " and not contiguous (call contiguous() first)"));
        }
        return storage.f;
    }

    /** Records an in-place write made through {@link #floatData()} (bumps the version autograd checks). */
    public void markWritten() {
        checkInPlace("write through floatData");
        bumpVersion();
    }

    /** Index of this tensor's first element in {@link #floatData()}. */
    public int dataOffset() {
        return offset;
    }

    /** Throws if any element is NaN or infinite, naming how many and the first position. */
    public Tensor checkFinite() {
        Tensor c = dense();
        int bad = 0;
        int first = -1;
        for (int i = 0; i < c.numel(); i++) {
            double v = c.storage.get(c.offset + i);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad > 0) {
            throw new ArithmeticException("checkFinite: " + bad + " of " + numel() + " elements of tensor "
                    + shape() + " are NaN or infinite (first at flat index " + first + ": " + c.storage.get(c.offset + first) + ")");
        }
        return this;
    }

    int normDim(int d, String op) {
        int r = shape.length;
        int k = d < 0 ? d + r : d;
        if (k < 0 || k >= Math.max(r, 1) || (r == 0 && d != 0 && d != -1)) {
            throw new IllegalArgumentException(op + ": dimension " + d + " out of range for tensor of shape " + shape());
        }
        return k;
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a variable whose gradient backward() should compute; returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null && !flag) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by '" + gradFn.op() + "': use detach()");
        }
        if (flag && !dtype.isFloating()) throw new IllegalArgumentException("requiresGrad: only floating tensors can require grad, this is " + dtype);
        requiresGrad = flag;
        return this;
    }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + g.shape() + " does not match tensor shape " + shape());
        }
        grad = g;
    }

    /** Clears the gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Keeps this non-leaf tensor's gradient in grad() during backward. */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    public boolean retainsGrad() {
        return retainsGrad;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Called by {@link Node#record}; not for user code. */
    public void attach(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** Adds g to this tensor's gradient (used by the backward pass); g is copied, never kept. */
    public void accumulateGrad(Tensor g) {
        accumulateGrad(g, false);
    }

    /**
     * Adds g to this tensor's gradient. With {@code exclusive} the caller guarantees that nothing else
     * holds g's storage, so a first gradient is kept as it is instead of copied.
     */
    public void accumulateGrad(Tensor g, boolean exclusive) {
        Tensor gg = g.dtype == dtype ? g : g.to(dtype);
        try (var off = Grad.off()) {
            if (grad != null) grad = grad.add(gg);
            else if (exclusive && gg == g && gg.contiguous && gg.gradFn == null) grad = gg.detach();
            else grad = Views.contiguousCopy(gg);
        }
    }

    /** Identity of the memory this tensor views (equal for a tensor and its views); for aliasing checks. */
    public Object storageKey() {
        return storage;
    }

    /** Computes gradients of this scalar with respect to every leaf that requires grad. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: called without a gradient on a tensor of shape " + shape()
                    + "; only scalars can be differentiated implicitly, use backward(gradient)");
        }
        Backward.run(this, onesLike(), false);
    }

    /** Backpropagates the given gradient of this tensor. */
    public void backward(Tensor gradient) {
        Backward.run(this, gradient, false);
    }

    public void backward(Tensor gradient, boolean retainGraph) {
        Backward.run(this, gradient == null ? onesLike() : gradient, retainGraph);
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset, dtype);
    }

    // ---------------------------------------------------------------- in-place ops (optimizers, initializers)

    void checkInPlace(String op) {
        if (Grad.isEnabled() && (gradFn != null || requiresGrad)) {
            throw new IllegalStateException(op + ": in-place change of a tensor that requires grad (shape " + shape()
                    + ") while the graph is recorded; do it inside Grad.off() or on detach()");
        }
    }

    void bumpVersion() {
        storage.version++;
    }

    /** Copies src (broadcast to this shape) into this tensor. */
    public Tensor copyFromInPlace(Tensor src) {
        return InPlace.copyFrom(this, src);
    }

    public Tensor fillInPlace(double value) {
        return InPlace.fill(this, value);
    }

    /** this += other * alpha. */
    public Tensor addInPlace(Tensor other, double alpha) {
        return InPlace.binary(this, other, BinaryOp.ADD, alpha);
    }

    public Tensor addInPlace(Tensor other) {
        return InPlace.binary(this, other, BinaryOp.ADD, 1);
    }

    public Tensor subInPlace(Tensor other) {
        return InPlace.binary(this, other, BinaryOp.SUB, 1);
    }

    public Tensor mulInPlace(Tensor other) {
        return InPlace.binary(this, other, BinaryOp.MUL, 1);
    }

    public Tensor divInPlace(Tensor other) {
        return InPlace.binary(this, other, BinaryOp.DIV, 1);
    }

    public Tensor mulInPlace(double s) {
        return InPlace.scale(this, s);
    }

    public Tensor clampInPlace(double min, double max) {
        return InPlace.clamp(this, min, max);
    }

    // ---------------------------------------------------------------- conversion

    /** This tensor converted to the given dtype (differentiable between floating types). */
    public Tensor to(DType target) {
        return Elementwise.cast(this, target);
    }

    public Tensor toFloat() {
        return to(DType.FLOAT32);
    }

    public Tensor toDouble() {
        return to(DType.FLOAT64);
    }

    /** A contiguous copy of the data (differentiable), or this tensor if it is contiguous already. */
    public Tensor contiguous() {
        return contiguous ? this : Views.copy(this);
    }

    /** This tensor's data in row-major order without recording the graph: this, or an untracked copy. */
    Tensor dense() {
        return contiguous ? this : Views.contiguousCopy(this);
    }

    /** A contiguous copy, always new memory (differentiable). */
    public Tensor copy() {
        return Views.copy(this);
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor o) { return Elementwise.binary(BinaryOp.ADD, this, o); }
    public Tensor sub(Tensor o) { return Elementwise.binary(BinaryOp.SUB, this, o); }
    public Tensor mul(Tensor o) { return Elementwise.binary(BinaryOp.MUL, this, o); }
    public Tensor div(Tensor o) { return Elementwise.binary(BinaryOp.DIV, this, o); }
    public Tensor pow(Tensor o) { return Elementwise.binary(BinaryOp.POW, this, o); }
    /** Elementwise maximum (NaN propagates). */
    public Tensor maximum(Tensor o) { return Elementwise.binary(BinaryOp.MAX, this, o); }
    /** Elementwise minimum (NaN propagates). */
    public Tensor minimum(Tensor o) { return Elementwise.binary(BinaryOp.MIN, this, o); }
    public Tensor add(double s) { return Elementwise.binary(BinaryOp.ADD, this, scalarLike(s)); }
    public Tensor sub(double s) { return Elementwise.binary(BinaryOp.SUB, this, scalarLike(s)); }
    public Tensor mul(double s) { return Elementwise.binary(BinaryOp.MUL, this, scalarLike(s)); }
    public Tensor div(double s) { return Elementwise.binary(BinaryOp.DIV, this, scalarLike(s)); }
    public Tensor pow(double s) { return Elementwise.binary(BinaryOp.POW, this, scalarLike(s)); }
    /** s - this. */
    public Tensor rsub(double s) { return Elementwise.binary(BinaryOp.SUB, scalarLike(s), this); }
    /** s / this. */
    public Tensor rdiv(double s) { return Elementwise.binary(BinaryOp.DIV, scalarLike(s), this); }

    public Tensor eq(Tensor o) { return Elementwise.binary(BinaryOp.EQ, this, o); }
    public Tensor ne(Tensor o) { return Elementwise.binary(BinaryOp.NE, this, o); }
    public Tensor lt(Tensor o) { return Elementwise.binary(BinaryOp.LT, this, o); }
    public Tensor le(Tensor o) { return Elementwise.binary(BinaryOp.LE, this, o); }
    public Tensor gt(Tensor o) { return Elementwise.binary(BinaryOp.GT, this, o); }
    public Tensor ge(Tensor o) { return Elementwise.binary(BinaryOp.GE, this, o); }
    public Tensor eq(double s) { return eq(scalarLike(s)); }
    public Tensor ne(double s) { return ne(scalarLike(s)); }
    public Tensor lt(double s) { return lt(scalarLike(s)); }
    public Tensor le(double s) { return le(scalarLike(s)); }
    public Tensor gt(double s) { return gt(scalarLike(s)); }
    public Tensor ge(double s) { return ge(scalarLike(s)); }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }
    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this); }
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }
    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }
    public Tensor expm1() { return Elementwise.unary(UnaryOp.EXPM1, this); }
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }
    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this); }
    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, this); }
    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, this); }
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this); }
    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this); }
    /** BOOL mask of NaN elements. */
    public Tensor isnan() { return Elementwise.unary(UnaryOp.ISNAN, this); }
    /** BOOL mask of infinite elements. */
    public Tensor isinf() { return Elementwise.unary(UnaryOp.ISINF, this); }

    /** Limits values to [min, max]; the gradient passes where the value was inside. */
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, Double.POSITIVE_INFINITY); }
    public Tensor clampMax(double max) { return Elementwise.clamp(this, Double.NEGATIVE_INFINITY, max); }

    /** Elements of a where cond is true, else of b (all three broadcast). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    /** Logical not of a mask. */
    public Tensor logicalNot() { return eq(0); }

    private Tensor scalarLike(double s) {
        return full(s, dtype.isFloating() ? dtype : DType.FLOAT32);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements. */
    public Tensor sum() { return Reductions.sum(this, allDims(), false); }
    public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }
    public Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, new int[] {dim}, keepDim); }
    public Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }
    public Tensor mean() { return Reductions.mean(this, allDims(), false); }
    public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }
    public Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, new int[] {dim}, keepDim); }
    public Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }
    /** Variance of all elements; unbiased divides by n - 1. */
    public Tensor var(boolean unbiased) { return Reductions.var(this, allDims(), unbiased, false); }
    public Tensor var(int dim, boolean unbiased, boolean keepDim) { return Reductions.var(this, new int[] {dim}, unbiased, keepDim); }
    public Tensor var(int[] dims, boolean unbiased, boolean keepDim) { return Reductions.var(this, dims, unbiased, keepDim); }
    public Tensor std(boolean unbiased) { return var(unbiased).sqrt(); }
    public Tensor std(int dim, boolean unbiased, boolean keepDim) { return var(dim, unbiased, keepDim).sqrt(); }
    public Tensor prod() { return Reductions.prod(this, allDims(), false); }
    public Tensor prod(int dim, boolean keepDim) { return Reductions.prod(this, new int[] {dim}, keepDim); }
    /** Largest element (the gradient is shared evenly among ties). */
    public Tensor max() { return Reductions.amax(this, allDims(), false, true); }
    public Tensor min() { return Reductions.amax(this, allDims(), false, false); }
    /** Maximum along a dim with its index; the gradient flows to that index. */
    public Reductions.ValuesIndices max(int dim, boolean keepDim) { return Reductions.maxWithIndex(this, dim, keepDim, true); }
    public Reductions.ValuesIndices min(int dim, boolean keepDim) { return Reductions.maxWithIndex(this, dim, keepDim, false); }
    public Tensor amax(int[] dims, boolean keepDim) { return Reductions.amax(this, dims, keepDim, true); }
    public Tensor amin(int[] dims, boolean keepDim) { return Reductions.amax(this, dims, keepDim, false); }
    /** Flat index of the largest element, as INT64. */
    public Tensor argmax() { return Reductions.maxWithIndex(reshape(-1), 0, false, true).indices(); }
    public Tensor argmax(int dim, boolean keepDim) { return Reductions.maxWithIndex(this, dim, keepDim, true).indices(); }
    public Tensor argmin() { return Reductions.maxWithIndex(reshape(-1), 0, false, false).indices(); }
    public Tensor argmin(int dim, boolean keepDim) { return Reductions.maxWithIndex(this, dim, keepDim, false).indices(); }
    /** log(sum(exp(x))) along dim, computed stably. */
    public Tensor logsumexp(int dim, boolean keepDim) { return Reductions.logsumexp(this, dim, keepDim); }
    /** p-norm of all elements: p = 1, 2 or Double.POSITIVE_INFINITY. */
    public Tensor norm(double p) { return Reductions.norm(this, p, allDims(), false); }
    public Tensor norm(double p, int dim, boolean keepDim) { return Reductions.norm(this, p, new int[] {dim}, keepDim); }
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim, false); }
    public Tensor logSoftmax(int dim) { return Reductions.softmax(this, dim, true); }

    int[] allDims() {
        int[] d = new int[shape.length];
        for (int i = 0; i < d.length; i++) d[i] = i;
        return d;
    }

    // ---------------------------------------------------------------- views and shape

    /** The same data with a new shape (one dimension may be -1); a view when possible, else a copy. */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape, false); }
    /** Like reshape but never copies: fails if the strides do not allow a view. */
    public Tensor view(int... newShape) { return Views.reshape(this, newShape, true); }
    public Tensor flatten() { return reshape(-1); }
    /** Flattens dims start..end (inclusive) into one. */
    public Tensor flatten(int start, int end) { return Views.flatten(this, start, end); }
    public Tensor transpose(int d0, int d1) { return Views.transpose(this, d0, d1); }
    /** Transpose of a 2-d tensor. */
    public Tensor t() {
        if (rank() != 2) throw new IllegalArgumentException("t: expects a 2-d tensor, got shape " + shape());
        return transpose(0, 1);
    }
    public Tensor permute(int... order) { return Views.permute(this, order); }
    public Tensor squeeze() { return Views.squeeze(this, -1, true); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim, false); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    /** Elements start..start+length-1 along dim, as a view. */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length, 1); }
    /** Elements start, start+step, ... below end along dim (negative bounds count from the end), as a view. */
    public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }
    public Tensor slice(int dim, int start, int end) { return Views.slice(this, dim, start, end, 1); }
    /** The sub-tensor at index along dim, with that dim removed. */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }
    /** Repeats size-1 dimensions (and adds leading ones) without copying. */
    public Tensor expand(int... newShape) { return Views.expand(this, newShape); }
    /** Sums this gradient-shaped tensor down to the given (broadcast-compatible) shape. */
    public Tensor sumTo(int[] target) { return Reductions.sumTo(this, target); }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product with NumPy semantics: 1-d, 2-d and batched (broadcast) operands. */
    public Tensor matmul(Tensor o) { return LinAlg.matmul(this, o); }
    /** Batched product of [b, n, k] and [b, k, m]. */
    public Tensor bmm(Tensor o) { return LinAlg.bmm(this, o); }
    /** x W^T + b for x [..., in], weight [out, in], bias [out] or null: a fused op (torch.nn.functional.linear). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) { return Fused.linear(x, weight, bias); }
    /** Outer product of two 1-d tensors. */
    public Tensor outer(Tensor o) { return LinAlg.outer(this, o); }

    // ---------------------------------------------------------------- indexing

    /** Values of this tensor at {@code index} along dim (index has this tensor's rank). */
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    /** A copy of this tensor with src added at {@code index} along dim. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAdd(this, dim, index, src); }
    /** Rows (slices along dim) chosen by a 1-d INT64 index tensor. */
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }

    /** Rows of the 2-d table {@code weight} picked by {@code index} (any shape); paddingIdx (or -1) gets no gradient. */
    public static Tensor embedding(Tensor weight, Tensor index, int paddingIdx) { return Indexing.embedding(weight, index, paddingIdx); }
    /** A copy with value where mask (broadcast) is true. */
    public Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(this, mask, value); }
    /** FLOAT32 one-hot encoding of this INT64 tensor, with a new last dimension of size numClasses. */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }

    // ---------------------------------------------------------------- joining and rearranging

    public static Tensor cat(int dim, Tensor... tensors) { return Joining.cat(dim, tensors); }
    public static Tensor stack(int dim, Tensor... tensors) { return Joining.stack(dim, tensors); }
    /** Pieces of the given size along dim (the last may be smaller). */
    public Tensor[] split(int size, int dim) { return Joining.split(this, size, dim); }
    /** n nearly equal pieces along dim. */
    public Tensor[] chunk(int n, int dim) { return Joining.chunk(this, n, dim); }
    /** Constant padding: pads[2i], pads[2i+1] are added before/after the i-th LAST dimension (as torch.nn.functional.pad). */
    public Tensor pad(int[] pads, double value) { return Joining.pad(this, pads, value); }
    public Tensor flip(int... dims) { return Joining.flip(this, dims); }
    public Tensor roll(int shift, int dim) { return Joining.roll(this, shift, dim); }
    /** Tiles the tensor: repeats[i] copies along dim i (as torch.Tensor.repeat). */
    public Tensor repeat(int... repeats) { return Joining.repeat(this, repeats); }
    /** Lower triangle of the last two dims (diagonal offset k), zeros above. */
    public Tensor tril(int k) { return Joining.triangle(this, k, true); }
    public Tensor triu(int k) { return Joining.triangle(this, k, false); }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        return Printing.format(this);
    }

    // ---- convolution and pooling (issue 4)

    /**
     * 2-d convolution (torch.nn.functional.conv2d): this [N, C, H, W], weight [O, C/groups, kh, kw], bias [O]
     * or null. stride and dilation: 1 or 2 values; padding: {p}, {ph, pw} or {top, bottom, left, right}.
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }

    /** PyTorch's padding="same" (stride 1) for a kernel and dilation: {before, after}, the odd element after. */
    public static int[] samePadding(int kernel, int dilation) {
        return Convolution.samePadding(kernel, dilation);
    }

    /** 1-d convolution: this [N, C, L], weight [O, C/groups, k]; padding {p} or {left, right} (causal: {d*(k-1), 0}). */
    public Tensor conv1d(Tensor weight, Tensor bias, int stride, int[] padding, int dilation, int groups) {
        int[] p = padding.length == 1 ? new int[] {padding[0], padding[0]} : padding;
        if (rank() != 3 || weight.rank() != 3 || p.length != 2) {
            throw new IllegalArgumentException("conv1d: input " + shape() + " and weight " + weight.shape()
                    + " must be [N, C, L] and [O, C/groups, k], padding 1 or 2 values");
        }
        return Convolution.conv2d(unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride},
                new int[] {0, 0, p[0], p[1]}, new int[] {1, dilation}, groups).squeeze(2);
    }

    /** Transposed 2-d convolution: this [N, Cin, H, W], weight [Cin, Cout/groups, kh, kw]. */
    public Tensor convTranspose2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
            int[] dilation, int groups) {
        return Convolution.convTranspose2d(this, weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    /** Transposed 1-d convolution: this [N, Cin, L], weight [Cin, Cout/groups, k]. */
    public Tensor convTranspose1d(Tensor weight, Tensor bias, int stride, int padding, int outputPadding, int dilation,
            int groups) {
        if (rank() != 3 || weight.rank() != 3) {
            throw new IllegalArgumentException("conv_transpose1d: input " + shape() + " and weight " + weight.shape()
                    + " must be [N, Cin, L] and [Cin, Cout/groups, k]");
        }
        return Convolution.convTranspose2d(unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride},
                new int[] {0, padding}, new int[] {0, outputPadding}, new int[] {1, dilation}, groups).squeeze(2);
    }

    /** Max pooling over [N, C, H, W]; stride null or empty means the kernel size. */
    public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return Pooling.maxPool2d(this, kernel, stride, padding, ceilMode);
    }

    /** Average pooling over [N, C, H, W]; stride null or empty means the kernel size. */
    public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return Pooling.avgPool2d(this, kernel, stride, padding, ceilMode, countIncludePad);
    }

    /** Max pooling over [N, C, L]; stride <= 0 means the kernel size. */
    public Tensor maxPool1d(int kernel, int stride, int padding, boolean ceilMode) {
        checkRank3("max_pool1d");
        return Pooling.maxPool2d(unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride > 0 ? stride : kernel},
                new int[] {0, padding}, ceilMode).squeeze(2);
    }

    /** Average pooling over [N, C, L]; stride <= 0 means the kernel size. */
    public Tensor avgPool1d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        checkRank3("avg_pool1d");
        return Pooling.avgPool2d(unsqueeze(2), new int[] {1, kernel}, new int[] {1, stride > 0 ? stride : kernel},
                new int[] {0, padding}, ceilMode, countIncludePad).squeeze(2);
    }

    /** Adaptive average pooling of [N, C, H, W] to [N, C, oh, ow]. */
    public Tensor adaptiveAvgPool2d(int oh, int ow) {
        return Pooling.adaptiveAvgPool2d(this, oh, ow);
    }

    private void checkRank3(String op) {
        if (rank() != 3) throw new IllegalArgumentException(op + ": input " + shape() + " must be [N, C, L]");
    }
}
