package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.optim.Adam;
import dev.nabla.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * linear's weight and bias gradients added in place into a gradient the parameter already holds (PyTorch's
 * AccumulateGrad), and Optimizer.zeroGrad(false), which keeps the gradients as zeroed buffers for that.
 */
class LinearGradInPlaceTest {
    private static Tensor[] params(Rng rng) {
        Tensor w = Tensor.uniform(rng, -1, 1, 5, 7).requiresGrad(true);
        Tensor b = Tensor.uniform(rng, -1, 1, 5).requiresGrad(true);
        return new Tensor[] {w, b};
    }

    private static void backward(Tensor x, Tensor w, Tensor b, Tensor r) {
        Tensor.linear(x, w, b).mul(r).sum().backward();
    }

    @Test
    void addsIntoAKeptGradientInPlace() {
        Rng rng = Rng.seeded(1);
        Tensor[] p = params(rng);
        Tensor w = p[0], b = p[1];
        Tensor x1 = Tensor.uniform(rng, -1, 1, 3, 7), x2 = Tensor.uniform(rng, -1, 1, 3, 7);
        Tensor r = Tensor.uniform(rng, -1, 1, 3, 5);
        // each backward's gradient on fresh parameters with the same values
        float[][] sep = new float[4][];
        for (int i = 0; i < 2; i++) {
            Tensor w2 = w.detach().copy().requiresGrad(true), b2 = b.detach().copy().requiresGrad(true);
            backward(i == 0 ? x1 : x2, w2, b2, r);
            sep[2 * i] = w2.grad().toFloatArray();
            sep[2 * i + 1] = b2.grad().toFloatArray();
        }
        Sgd opt = new Sgd(List.of(w, b), 0.1);
        backward(Tensor.uniform(rng, -1, 1, 3, 7), w, b, r); // gradients to be zeroed and kept
        opt.zeroGrad(false);
        Tensor gw = w.grad(), gb = b.grad();
        int version = gw.version();
        backward(x1, w, b, r);
        backward(x2, w, b, r);
        assertSame(gw, w.grad(), "both passes add into the gradient tensor the weight holds");
        assertSame(gb, b.grad());
        assertEquals(version + 2, gw.version(), "each in-place write bumps the version");
        float[] ew = new float[sep[0].length], eb = new float[sep[1].length];
        for (int i = 0; i < ew.length; i++) ew[i] = sep[0][i] + sep[2][i];
        for (int i = 0; i < eb.length; i++) eb[i] = sep[1][i] + sep[3][i];
        assertArrayEquals(ew, gw.toFloatArray(), 1e-6f);
        assertArrayEquals(eb, gb.toFloatArray(), 1e-6f);
    }

    @Test
    void aGradientMadeByAnEarlierPassIsReplacedAsBefore() {
        Rng rng = Rng.seeded(5);
        Tensor[] p = params(rng);
        Tensor r = Tensor.uniform(rng, -1, 1, 3, 5);
        backward(Tensor.uniform(rng, -1, 1, 3, 7), p[0], p[1], r);
        Tensor first = p[0].grad();
        float[] before = first.toFloatArray();
        backward(Tensor.uniform(rng, -1, 1, 3, 7), p[0], p[1], r);
        assertNotSame(first, p[0].grad(), "version 0: it may share memory with a gradient still in flight");
        assertArrayEquals(before, first.toFloatArray(), "and it is not written");
    }

    @Test
    void aGradientStillInFlightIsNotWritten() {
        // y = (linear(x, W) + W) + v * z: each add hands one gradient tensor to both inputs, so W's gradient (kept
        // from the first add's view) shares memory with the gradient v * z has yet to receive
        for (int order = 0; order < 4; order++) {
            Rng rng = Rng.seeded(6);
            Tensor w = Tensor.uniform(rng, -1, 1, 4, 4).requiresGrad(true);
            Tensor v = Tensor.uniform(rng, -1, 1, 4, 4).requiresGrad(true);
            Tensor x = Tensor.uniform(rng, -1, 1, 4, 4), z = Tensor.uniform(rng, -1, 1, 4, 4);
            Tensor r = Tensor.uniform(rng, -1, 1, 4, 4);
            Tensor lin = Tensor.linear(x, w, null), view = w.reshape(16).reshape(4, 4), q = v.mul(z);
            Tensor inner = order % 2 == 0 ? lin.add(view) : view.add(lin);
            (order < 2 ? inner.add(q) : q.add(inner)).mul(r).sum().backward();
            Tensor w2 = w.detach().copy().requiresGrad(true), v2 = v.detach().copy().requiresGrad(true);
            x.matmul(w2.t()).add(w2).add(v2.mul(z)).mul(r).sum().backward();
            assertArrayEquals(w2.grad().toFloatArray(), w.grad().toFloatArray(), 1e-6f, "W, order " + order);
            assertArrayEquals(v2.grad().toFloatArray(), v.grad().toFloatArray(), 1e-6f, "v, order " + order);
        }
    }

    @Test
    void aSharedWeightSumsBothUses() {
        Rng rng = Rng.seeded(2);
        Tensor w = Tensor.uniform(rng, -1, 1, 4, 4).requiresGrad(true);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, 4);
        Tensor.linear(Tensor.linear(x, w, null), w, null).sum().backward();
        // the same composite through matmul, which never writes in place
        Tensor w2 = w.detach().copy().requiresGrad(true);
        x.matmul(w2.t()).matmul(w2.t()).sum().backward();
        assertArrayEquals(w2.grad().toFloatArray(), w.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void aGradientThatIsAViewOrAnotherDtypeIsReplacedNotWritten() {
        Rng rng = Rng.seeded(3);
        Tensor[] p = params(rng);
        Tensor w = p[0];
        Tensor held = Tensor.zeros(7, 5).t(); // a transposed view: not contiguous
        w.setGrad(held);
        backward(Tensor.uniform(rng, -1, 1, 3, 7), w, p[1], Tensor.uniform(rng, -1, 1, 3, 5));
        assertNotSame(held, w.grad());
        assertArrayEquals(new float[35], held.contiguous().toFloatArray(), "the view was not written");
    }

    @Test
    void zeroGradFalseKeepsZeroedBuffersAndTrainsExactlyLikeSetToNone() {
        float[][] result = new float[2][];
        for (int mode = 0; mode < 2; mode++) {
            Rng rng = Rng.seeded(4);
            Tensor[] p = params(rng);
            Adam opt = new Adam(List.of(p), 0.05);
            Tensor gw = null;
            for (int step = 0; step < 6; step++) {
                if (mode == 0) opt.zeroGrad();
                else opt.zeroGrad(false);
                if (mode == 0) assertNull(p[0].grad());
                if (mode == 1 && step > 0) {
                    assertSame(gw, p[0].grad(), "zeroGrad(false) keeps the tensor");
                    assertArrayEquals(new float[35], gw.toFloatArray());
                }
                backward(Tensor.uniform(rng, -1, 1, 3, 7), p[0], p[1], Tensor.uniform(rng, -1, 1, 3, 5));
                gw = p[0].grad();
                opt.step();
            }
            result[mode] = Tensor.cat(0, p[0].reshape(-1), p[1]).toFloatArray();
        }
        assertArrayEquals(result[0], result[1], "adding into zeros gives the same bits as a new gradient");
    }
}
