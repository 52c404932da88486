package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import org.junit.jupiter.api.Test;

/** Forward semantics on hand-computed values: creation, views, broadcasting, reductions, indexing, errors. */
class TensorTest {

    private static void close(float[] expected, Tensor t) {
        assertArrayEquals(expected, t.toFloatArray(), 1e-6f, t.toString());
    }

    @Test
    void creation() {
        close(new float[] {0, 1, 2, 3}, Tensor.arange(4));
        close(new float[] {1, 1.5f, 2}, Tensor.arange(1, 2.5, 0.5));
        close(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5));
        close(new float[] {1, 0, 0, 1}, Tensor.eye(2));
        close(new float[] {7, 7}, Tensor.full(7, 2));
        assertEquals(Shape.of(2, 3), Tensor.zeros(2, 3).shape());
        assertEquals(3.0, Tensor.scalar(3).item());
        assertEquals(0, Tensor.scalar(3).rank());
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new float[5], 2, 3));
    }

    @Test
    void randomOpsAreSeededAndDeterministic() {
        assertArrayEquals(Tensor.randn(Rng.seeded(5), 100).toFloatArray(), Tensor.randn(Rng.seeded(5), 100).toFloatArray());
        Tensor u = Tensor.rand(Rng.seeded(1), 10_000);
        double mean = u.mean().item();
        assertEquals(0.5, mean, 0.02);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
        Tensor n = Tensor.normal(Rng.seeded(2), 3, 2, 20_000);
        assertEquals(3, n.mean().item(), 0.05);
        assertEquals(2, n.std(true).item(), 0.05);
        Tensor b = Tensor.bernoulli(Rng.seeded(3), 0.3, 10_000);
        assertEquals(0.3, b.mean().item(), 0.02);
        Tensor r = Tensor.randint(Rng.seeded(4), 2, 5, 1000);
        assertEquals(DType.INT64, r.dtype());
        assertTrue(r.min().item() >= 2 && r.max().item() <= 4);
        int[] p = Tensor.randperm(Rng.seeded(6), 50).toIntArray();
        java.util.Arrays.sort(p);
        for (int i = 0; i < 50; i++) assertEquals(i, p[i]);
        Tensor m = Tensor.of(0f, 1f, 0f, 3f).multinomial(4000, true, Rng.seeded(7));
        double ones = m.eq(1).toFloat().mean().item();
        assertEquals(0.25, ones, 0.03);
        assertEquals(0.0, m.eq(0).toFloat().sum().item());
        int[] noRepeat = Tensor.of(1f, 1f, 1f).multinomial(3, false, Rng.seeded(8)).toIntArray();
        java.util.Arrays.sort(noRepeat);
        assertArrayEquals(new int[] {0, 1, 2}, noRepeat);
    }

    @Test
    void rngSplitAndStateRestore() {
        Rng a = Rng.seeded(9);
        long[] st = a.state();
        double first = a.nextGaussian();
        a.setState(st);
        assertEquals(first, a.nextGaussian());
        Rng child = a.split();
        assertFalse(child.nextLong() == a.nextLong());
    }

    @Test
    void viewsShareStorage() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor t = x.t();
        assertFalse(t.isContiguous());
        close(new float[] {0, 3, 1, 4, 2, 5}, t);
        Tensor row = x.select(0, 1);
        close(new float[] {3, 4, 5}, row);
        try (var g = Grad.off()) {
            row.fillInPlace(9);
        }
        close(new float[] {0, 1, 2, 9, 9, 9}, x);
        close(new float[] {1, 9}, x.narrow(1, 1, 1).reshape(-1));
        close(new float[] {0, 2, 9, 9}, x.slice(1, 0, 3, 2));
        Tensor e = Tensor.of(1f, 2f).reshape(2, 1).expand(2, 3);
        close(new float[] {1, 1, 1, 2, 2, 2}, e);
        assertThrows(IllegalArgumentException.class, () -> x.t().view(6));
        close(new float[] {0, 9, 1, 9, 2, 9}, x.t().reshape(6));
        assertEquals(Shape.of(2, 1, 3), x.unsqueeze(1).shape());
        assertEquals(Shape.of(3, 2), x.unsqueeze(0).permute(2, 0, 1).squeeze().shape());
    }

    @Test
    void broadcastingFollowsNumpy() {
        Tensor a = Tensor.arange(3).reshape(3, 1);
        Tensor b = Tensor.arange(4);
        Tensor s = a.add(b);
        assertEquals(Shape.of(3, 4), s.shape());
        close(new float[] {0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5}, s);
        close(new float[] {2, 3, 4}, Tensor.arange(3).add(2));
        close(new float[] {2, 1, 0}, Tensor.arange(3).rsub(2));
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertTrue(err.getMessage().contains("add") && err.getMessage().contains("[2, 3]") && err.getMessage().contains("[4]"), err.getMessage());
    }

    @Test
    void elementwiseValues() {
        Tensor x = Tensor.of(-2f, -0.5f, 0f, 1.5f);
        close(new float[] {0, 0, 0, 1.5f}, x.relu());
        close(new float[] {2, 0.5f, 0, 1.5f}, x.abs());
        close(new float[] {-1, -1, 0, 1}, x.sign());
        close(new float[] {-1, -0.5f, 0, 1}, x.clamp(-1, 1));
        close(new float[] {(float) Math.tanh(-2), (float) Math.tanh(-0.5), 0, (float) Math.tanh(1.5)}, x.tanh());
        close(new float[] {(float) (1 / (1 + Math.exp(2))), (float) (1 / (1 + Math.exp(0.5))), 0.5f, (float) (1 / (1 + Math.exp(-1.5)))}, x.sigmoid());
        close(new float[] {0, 0, 1, 1}, x.ge(0));
        assertEquals(DType.BOOL, x.ge(0).dtype());
        close(new float[] {4, 0.25f, 0, 2.25f}, x.pow(2));
        close(new float[] {0, 1, 0, 0}, Tensor.of(1f, Float.NaN, 2f, 3f).isnan());
        close(new float[] {0, 0, 1, 0}, Tensor.of(1f, 2f, Float.POSITIVE_INFINITY, 3f).isinf());
        close(new float[] {5, -1}, Tensor.where(Tensor.of(1f, 0f), Tensor.of(5f, 5f), Tensor.of(-1f, -1f)));
        assertThrows(ArithmeticException.class, () -> Tensor.of(1f, Float.NaN).checkFinite());
    }

    @Test
    void reductions() {
        Tensor x = Tensor.of(new float[][] {{1, 5, 3}, {4, 2, 6}});
        close(new float[] {21}, x.sum().reshape(1));
        close(new float[] {5, 7, 9}, x.sum(0));
        close(new float[] {9, 12}, x.sum(1));
        assertEquals(Shape.of(2, 1), x.sum(1, true).shape());
        close(new float[] {3, 4}, x.mean(1));
        close(new float[] {4, 4}, x.var(1, true, false));
        close(new float[] {15, 48}, x.prod(1, false));
        var m = x.max(1, false);
        close(new float[] {5, 6}, m.values());
        assertArrayEquals(new int[] {1, 2}, m.indices().toIntArray());
        assertArrayEquals(new int[] {0, 1, 0}, x.argmin(0, false).toIntArray());
        assertEquals(5, (int) x.argmax().item());
        double lse = Math.log(Math.exp(1) + Math.exp(5) + Math.exp(3));
        assertEquals(lse, x.logsumexp(1, false).get(0), 1e-5);
        close(new float[] {6, 6}, x.norm(Double.POSITIVE_INFINITY, 0, false).narrow(0, 0, 2).add(Tensor.of(2f, 0f)).sub(Tensor.of(1f, 0f)).clamp(6, 6));
        assertEquals(Math.sqrt(91), x.norm(2).item(), 1e-5);
        Tensor sm = x.softmax(1);
        close(new float[] {1, 1}, sm.sum(1));
        close(sm.log().toFloatArray(), x.logSoftmax(1));
        Tensor big = Tensor.of(1000f, 0f);
        close(new float[] {1, 0}, big.softmax(0));
    }

    @Test
    void matmulShapes() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        Tensor b = Tensor.arange(12).reshape(3, 4);
        close(new float[] {20, 23, 26, 29, 56, 68, 80, 92}, a.matmul(b));
        assertEquals(Shape.of(5, 2, 4), Tensor.zeros(5, 2, 3).matmul(b).shape());
        assertEquals(Shape.of(4), Tensor.zeros(3).matmul(b).shape());
        assertEquals(Shape.of(), Tensor.ones(3).matmul(Tensor.ones(3)).shape());
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> a.matmul(a));
        assertTrue(err.getMessage().contains("[2, 3]"), err.getMessage());
    }

    @Test
    void indexingAndJoining() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        close(new float[] {2, 0, 4, 4}, x.gather(1, Tensor.wrap(new double[] {2, 0, 1, 1}, DType.INT64, 2, 2)));
        close(new float[] {3, 4, 5, 0, 1, 2}, x.indexSelect(0, Tensor.indices(1, 0)));
        close(new float[] {1, 0, 0, 0, 1, 0}, Tensor.indices(0, 1).oneHot(3));
        close(new float[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, Tensor.cat(1, x, x));
        assertEquals(Shape.of(2, 2, 3), Tensor.stack(0, x, x).shape());
        assertEquals(2, x.split(2, 1).length);
        close(new float[] {0, 0, 1, 2, 0, 0, 3, 4, 5, 0}, x.pad(new int[] {1, 1}, 0));
        close(new float[] {5, 4, 3, 2, 1, 0}, x.flip(0, 1));
        close(new float[] {2, 0, 1, 5, 3, 4}, x.roll(1, 1));
        close(new float[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, x.repeat(1, 2));
        close(new float[] {1, 0, 1, 1}, Tensor.ones(2, 2).tril(0));
        close(new float[] {0, 1, 0, 0}, Tensor.ones(2, 2).triu(1));
        close(new float[] {0, -1, -1, 3, 4, 5}, x.maskedFill(Tensor.of(new float[][] {{0, 1, 1}, {0, 0, 0}}), -1));
        close(new float[] {1, 1, 2, 3, 4, 5}, x.scatterAdd(1, Tensor.wrap(new double[] {0}, DType.INT64, 1, 1), Tensor.ones(1, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Tensor.indices(2)));
    }

    @Test
    void printing() {
        String s = Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString();
        assertTrue(s.contains("[[1.0000, 2.0000],"), s);
        assertTrue(Tensor.arange(5000).toString().contains("..."));
    }
}
