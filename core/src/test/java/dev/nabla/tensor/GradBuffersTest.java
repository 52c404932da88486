package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gradient arrays kept for reuse: handed out zeroed and only for their exact size; and a backward pass recycles
 * only gradients nothing else can see, so leaf and retained gradients of earlier passes never change.
 */
class GradBuffersTest {
    @BeforeEach
    @AfterEach
    void clear() { // the arrays are kept per thread, and other tests run on this one
        GradBuffers.clear();
    }

    @Test
    void aKeptArrayComesBackZeroedForItsSizeOnly() {
        int n = GradBuffers.MIN_LENGTH;
        Tensor t = Tensor.full(3.0, 2, n / 2);
        GradBuffers.recycle(t);
        Tensor other = GradBuffers.zeros(DType.FLOAT32, new int[] {n + 1});
        assertNotSame(Memory.key(t), Memory.key(other), "another size gets new memory");
        Tensor z = GradBuffers.zeros(DType.FLOAT32, new int[] {4, n / 4});
        assertSame(Memory.key(t), Memory.key(z));
        assertArrayEquals(new float[n], z.toFloatArray());
        assertNotSame(Memory.key(t), Memory.key(GradBuffers.zeros(DType.FLOAT32, new int[] {n})), "handed out once");
        Tensor small = Tensor.zeros(8);
        GradBuffers.recycle(small);
        assertNotSame(Memory.key(small), Memory.key(GradBuffers.zeros(DType.FLOAT32, new int[] {8})), "small arrays are not kept");
    }

    @Test
    void earlierLeafAndRetainedGradientsStayIntact() {
        // conv -> relu -> max-pool, big enough for the gradients to be recycled: every pass's input gradient (kept
        // by the leaf) and retained intermediate gradients must keep their values through later passes
        Rng rng = Rng.seeded(1);
        Tensor w = Tensor.uniform(rng, -0.3, 0.3, 6, 2, 3, 3).requiresGrad(true);
        Tensor w2 = Tensor.uniform(rng, -0.3, 0.3, 4, 6, 3, 3).requiresGrad(true);
        List<float[]> expected = new ArrayList<>();
        List<Tensor> kept = new ArrayList<>();
        for (int pass = 0; pass < 4; pass++) {
            Tensor x = Tensor.uniform(rng, -1, 1, 8, 2, 32, 32).requiresGrad(true);
            Tensor h = dev.nabla.tensor.InPlaceOps.relu(x.conv2d(w, null, new int[] {1}, new int[] {1}, new int[] {1}, 1));
            Tensor p = h.maxPool2d(new int[] {2}, null, new int[] {0}, false);
            if (pass % 2 == 1) h.retainGrad();
            Tensor c2 = p.conv2d(w2, null, new int[] {1}, new int[] {1}, new int[] {1}, 1);
            c2.relu().maxPool2d(new int[] {2}, null, new int[] {0}, false).sum().backward();
            kept.add(x.grad());
            expected.add(x.grad().toFloatArray());
            if (pass % 2 == 1) {
                kept.add(h.grad());
                expected.add(h.grad().toFloatArray());
            }
            w.zeroGrad();
            w2.zeroGrad();
        }
        assertEquals(6, kept.size());
        assertEquals(1, GradBuffers.keptArrays(), "the first max-pool's input gradient, recycled after the first conv");
        for (int i = 0; i < kept.size(); i++) assertArrayEquals(expected.get(i), kept.get(i).toFloatArray(), "gradient " + i);
    }
}
