package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bulk exp, tanh and sigmoid (vectorized when the Vector API is on, as in the test runner) return exactly
 * StrictMath's bits, over every range fdlibm treats differently and at its boundaries. (The default test run has
 * the Vector API on; with -Dnabla.simd=false the same test checks the scalar loops.)
 */
class StrictMathArraysTest {
    private static double[] values() {
        SplittableRandom r = new SplittableRandom(17);
        int n = 400_000;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 5) {
                case 0 -> r.nextDouble(-30, 30);
                case 1 -> r.nextDouble(-1.2, 1.2);
                case 2 -> (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-20, 3)); // magnitudes 1e-20 .. 1000
                case 3 -> (float) r.nextDouble(-8, 8); // float inputs, as the gates see them
                default -> (r.nextBoolean() ? 1 : -1) * Math.pow(2, r.nextDouble(-60, 10));
            };
        }
        double ln2 = Math.log(2);
        double[] edges = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            Double.MAX_VALUE, 0.5 * ln2, 1.5 * ln2, 56 * ln2, 1.0, 22.0, 708.0, 709.7, 710, -745.2, -740, 0x1p-28, 0x1p-54,
            0x1p-55, 0x1p-27, 0.25, -0.25, 20 * ln2, 19.5 * ln2};
        int k = 0;
        for (double e : edges) {
            for (double s : new double[] {1, -1}) {
                for (int ulp = -2; ulp <= 2; ulp++) {
                    double x = s * e;
                    for (int u = 0; u < Math.abs(ulp); u++) x = ulp > 0 ? Math.nextUp(x) : Math.nextDown(x);
                    v[k++] = x;
                }
            }
        }
        return v;
    }

    @Test
    void expTanhAndSigmoidMatchStrictMathBitForBit() {
        double[] x = values();
        int n = x.length - 3; // an odd length exercises the scalar tail
        double[] e = new double[n];
        double[] t = new double[n];
        StrictMathArrays.exp(x, 0, e, 0, n);
        StrictMathArrays.tanh(x, 0, t, 0, n);
        double[] s = java.util.Arrays.copyOf(x, n);
        StrictMathArrays.sigmoid(s, 0, n, new double[n + 5], 5);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToLongBits(StrictMath.exp(x[i])), Double.doubleToLongBits(e[i]), "exp(" + x[i] + ")");
            assertEquals(Double.doubleToLongBits(StrictMath.tanh(x[i])), Double.doubleToLongBits(t[i]), "tanh(" + x[i] + ")");
            assertEquals(Double.doubleToLongBits(UnaryOp.sigmoid(x[i])), Double.doubleToLongBits(s[i]), "sigmoid(" + x[i] + ")");
        }
    }
}
