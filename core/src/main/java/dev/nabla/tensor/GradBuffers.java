package dev.nabla.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays of gradients that the backward pass has finished with, kept per thread for the next gradient of
 * the same size, as PyTorch's caching allocator keeps freed blocks. A new Java array is zeroed memory the
 * program has not touched for a whole young-generation cycle, which costs several times the arithmetic of an
 * elementwise pass over it (LeNet's first max-pool gradient: 1.2 MB); an array used a step ago is still cached.
 *
 * <p>Only {@code Backward} puts arrays here, and only arrays the pass owned alone and no longer refers to (see
 * {@code GradOwnership}): nothing else can see them. Derivative rules take them through {@link #zeros} or, when
 * they write every element, {@link #uninitialized}. At most {@link #PER_SIZE} arrays of one length and
 * {@link #MAX_BYTES} in all are kept per thread; small arrays are not kept.
 */
public final class GradBuffers {
    private GradBuffers() {}

    static final int MIN_LENGTH = 1 << 14;
    static final int PER_SIZE = 2;
    static final long MAX_BYTES = 64L << 20;

    private static final class Pool {
        final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
        long bytes;
    }

    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

    /**
     * Keeps t's backing array for reuse. The caller guarantees that no tensor that anyone can still reach views
     * that array (the backward pass calls it for gradients it owned alone, after their last use).
     */
    public static void recycle(Tensor t) {
        float[] a = t.storage.f;
        if (a == null || a.length < MIN_LENGTH) return;
        Pool p = POOL.get();
        long size = 4L * a.length;
        ArrayDeque<float[]> q = p.free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
        if (q.size() >= PER_SIZE || p.bytes + size > MAX_BYTES) return;
        for (float[] kept : q) if (kept == a) return;
        q.push(a);
        p.bytes += size;
    }

    /** A contiguous tensor of zeros: a kept array of exactly its size if there is one, else new memory. */
    static Tensor zeros(DType dtype, int[] shape) {
        float[] a = take(dtype, shape);
        if (a == null) return Tensor.empty(dtype, shape);
        Arrays.fill(a, 0f);
        return wrap(a, dtype, shape);
    }

    /**
     * A contiguous tensor whose values are undefined (a kept array, as its last gradient left it), for rules that
     * write every element; new (zeroed) memory if none is kept.
     */
    static Tensor uninitialized(DType dtype, int[] shape) {
        float[] a = take(dtype, shape);
        return a == null ? Tensor.empty(dtype, shape) : wrap(a, dtype, shape);
    }

    private static Tensor wrap(float[] a, DType dtype, int[] shape) {
        return new Tensor(Storage.of(a), shape.clone(), Shape.contiguousStrides(shape), 0, dtype);
    }

    private static float[] take(DType dtype, int[] shape) {
        if (dtype != DType.FLOAT32) return null;
        long n = Shape.numel(shape);
        if (n < MIN_LENGTH || n > Integer.MAX_VALUE) return null;
        Pool p = POOL.get();
        ArrayDeque<float[]> q = p.free.get((int) n);
        float[] a = q == null ? null : q.poll();
        if (a != null) p.bytes -= 4L * a.length;
        return a;
    }

    /** How many arrays this thread keeps (for tests). */
    static int keptArrays() {
        return POOL.get().free.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Drops this thread's kept arrays. */
    public static void clear() {
        Pool p = POOL.get();
        p.free.clear();
        p.bytes = 0;
    }
}
