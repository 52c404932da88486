package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SIMD elementwise paths agree with the scalar ones, and reductions ignore the thread count. */
class ElementwiseTest {
    private static float[] random(int n, long seed, float lo, float hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return a;
    }

    @Test
    void simdUnaryMatchesScalar() {
        assertTrue(Simd.ENABLED, "tests run with jdk.incubator.vector, so the SIMD path must be active");
        int n = 1003;
        for (UnaryOp op : UnaryOp.values()) {
            if (!ElementwiseSimd.supports(op)) continue;
            float[] x = random(n, op.ordinal(), op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL ? 0.1f : -5f, 5f);
            float[] simd = new float[n + 3];
            float[] scalar = new float[n + 3];
            ElementwiseSimd.unary(op, x, 0, simd, 3, n);
            Elementwise.unaryScalar(op, x, 0, scalar, 3, n);
            for (int i = 0; i < n + 3; i++) {
                assertEquals(scalar[i], simd[i], 2e-6f * Math.max(1f, Math.abs(scalar[i])), op + " at " + i);
            }
        }
    }

    @Test
    void simdBinaryMatchesScalar() {
        int n = 517;
        float[] a = random(n, 1, -3, 3);
        float[] b = random(n, 2, 0.5f, 3);
        for (BinaryOp op : BinaryOp.values()) {
            if (!ElementwiseSimd.supports(op)) continue;
            float[] simd = new float[n];
            float[] scalar = new float[n];
            ElementwiseSimd.binary(op, a, 0, b, 0, simd, 0, n);
            Elementwise.binaryScalar(op, a, 0, b, 0, scalar, 0, n);
            assertClose(scalar, simd, op.name());
            ElementwiseSimd.withScalar(op, a, 0, 1.5f, true, simd, 0, n);
            Elementwise.withScalarScalar(op, a, 0, 1.5f, true, scalar, 0, n);
            assertClose(scalar, simd, op.name() + " scalar-left");
        }
    }

    /** The scalar path rounds once from double, the SIMD path after each float op: a few ulps apart. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6f * Math.max(1f, Math.abs(expected[i])), what + " at " + i);
        }
    }

    @Test
    void reductionsDoNotDependOnThreads() {
        int before = Parallel.threads();
        float[] x = random(300 * 1000, 5, -1, 1);
        float[] one = new float[1000];
        float[] two = new float[1000];
        float[] rowsOne = new float[300];
        float[] rowsTwo = new float[300];
        try {
            Parallel.setThreads(1);
            Reduce.sumColumns(x, 0, 300, 1000, one, 0);
            Reduce.sumRows(x, 0, 300, 1000, rowsOne, 0);
            Parallel.setThreads(2);
            Reduce.sumColumns(x, 0, 300, 1000, two, 0);
            Reduce.sumRows(x, 0, 300, 1000, rowsTwo, 0);
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(one, two);
        assertArrayEquals(rowsOne, rowsTwo);
    }

    @Test
    void parallelRunsEveryTaskOnceAndPropagatesFailures() {
        int[] hits = new int[100];
        Parallel.run(100, t -> hits[t]++);
        for (int h : hits) assertEquals(1, h);
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> Parallel.run(10, t -> { if (t == 7) throw new IllegalStateException("task 7"); }));
        assertEquals("task 7", e.getMessage());
    }
}
