package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reduce's double-accumulated sums give the bits of their stated order (lane l takes the elements at l mod 8, then
 * a fixed tree) on whichever path runs, Vector API or scalar: every length from 0 to 40, at odd offsets.
 */
class ReduceTest {
    @Test
    void sumsFollowTheirStatedOrderOnEveryPath() {
        Random r = new Random(5);
        float[] x = new float[64], g = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
            g[i] = (float) r.nextGaussian();
        }
        double m = 0.37;
        for (int len = 0; len <= 40; len++) {
            for (int off : new int[] {0, 3, 17}) {
                double[] s = new double[8], q = new double[8], d = new double[8];
                for (int j = 0; j < len; j++) {
                    s[j & 7] += x[off + j];
                    double dev = x[off + j] - m;
                    q[j & 7] = Math.fma(dev, dev, q[j & 7]);
                    d[j & 7] = Math.fma(g[off + j], dev, d[j & 7]);
                }
                String at = "length " + len + " at " + off;
                assertEquals(tree(s), Reduce.sum(x, off, len), 0.0, "sum, " + at);
                assertEquals(tree(q), Reduce.squaredDeviations(x, off, len, m), 0.0, "squared deviations, " + at);
                assertEquals(tree(d), Reduce.dotDeviations(g, off, x, off, len, m), 0.0, "dot deviations, " + at);
            }
        }
    }

    private static double tree(double[] a) {
        return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
    }
}
