package dev.nabla.kernel;

/**
 * Elementwise loops over contiguous float arrays: unary maps, binary maps of equal-length operands,
 * and binary maps with one scalar operand. Large arrays are split over the shared pool; each element
 * is computed the same way on any thread, so results never depend on the thread count.
 */
public final class Elementwise {
    private Elementwise() {}

    /** Below this many elements a loop stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    public static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        Parallel.forRange(n, GRAIN, (s, e) -> {
            if (Simd.ENABLED && ElementwiseSimd.supports(op)) ElementwiseSimd.unary(op, x, xo + s, y, yo + s, e - s);
            else unaryScalar(op, x, xo + s, y, yo + s, e - s);
        });
    }

    public static void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        Parallel.forRange(n, GRAIN, (s, e) -> {
            if (Simd.ENABLED && ElementwiseSimd.supports(op)) ElementwiseSimd.binary(op, a, ao + s, b, bo + s, y, yo + s, e - s);
            else binaryScalar(op, a, ao + s, b, bo + s, y, yo + s, e - s);
        });
    }

    /** y = a op s (scalar on the right), or y = s op a when {@code scalarLeft}. */
    public static void withScalar(BinaryOp op, float[] a, int ao, float s, boolean scalarLeft, float[] y, int yo, int n) {
        Parallel.forRange(n, GRAIN, (st, e) -> {
            if (Simd.ENABLED && ElementwiseSimd.supports(op)) {
                ElementwiseSimd.withScalar(op, a, ao + st, s, scalarLeft, y, yo + st, e - st);
            } else {
                withScalarScalar(op, a, ao + st, s, scalarLeft, y, yo + st, e - st);
            }
        });
    }

    // ---- scalar paths (also the reference for the SIMD ones) ----

    public static void unaryScalar(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; }
            case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); }
            case RELU -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v > 0 ? v : (v == v ? 0f : v); } }
            case SQUARE -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v * v; } }
            case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = (float) StrictMath.exp(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
            default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) op.apply(x[xo + i]); }
        }
    }

    public static void binaryScalar(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i]; }
            case RELU_BACKWARD -> { for (int i = 0; i < n; i++) y[yo + i] = b[bo + i] > 0 ? a[ao + i] : 0f; }
            default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) op.apply(a[ao + i], b[bo + i]); }
        }
    }

    public static void withScalarScalar(BinaryOp op, float[] a, int ao, float s, boolean scalarLeft, float[] y, int yo, int n) {
        if (scalarLeft) {
            for (int i = 0; i < n; i++) y[yo + i] = (float) op.apply(s, a[ao + i]);
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / s; }
            default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) op.apply(a[ao + i], s); }
        }
    }
}
