package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Memory;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backward pass lets a {@link Node.FreshRule} overwrite its incoming gradient only when the pass owns that
 * memory alone: never the caller's seed, a gradient a leaf keeps, one that retainGrad() keeps, one still pending
 * for another node, or one that went through a rule that is not a FreshRule. Probed with a doubling op whose rule
 * records whether it was allowed to reuse, and writes over the gradient when it was.
 */
class GradReuseTest {
    /** What each probe's rule saw, in the order the rules ran. */
    private final List<Boolean> reused = new ArrayList<>();
    private final List<Object> seen = new ArrayList<>();

    /** y = 2x, whose FreshRule doubles the gradient in place when allowed, else into a new tensor. */
    private Tensor probe(Tensor x) {
        Tensor y;
        try (var off = Grad.off()) {
            y = x.mul(2);
        }
        return Node.record(y, "probe", (Node.FreshRule) (g, reuse) -> {
            reused.add(reuse);
            seen.add(Memory.key(g));
            if (!reuse) return new Tensor[] {g.mul(2)};
            g.mulInPlace(2);
            return new Tensor[] {g};
        }, x);
    }

    /** A FreshRule with two inputs that hands both the same new tensor (g + 0). */
    private static Tensor fork(Tensor a, Tensor b) {
        Tensor y;
        try (var off = Grad.off()) {
            y = a.add(b);
        }
        return Node.record(y, "fork", (Node.FreshRule) (g, reuse) -> {
            Tensor t = g.add(0);
            return new Tensor[] {t, t};
        }, a, b);
    }

    private static Tensor leaf(float... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    @Test
    void theSeedIsNeverOverwrittenButAFreshGradientIs() {
        Tensor x = leaf(1, 2, 3);
        Tensor seed = Tensor.of(1f, 10f, 100f);
        probe(probe(x)).backward(seed);
        assertEquals(List.of(false, true), reused, "the outer probe gets the caller's seed, the inner one fresh memory");
        assertArrayEquals(new float[] {1, 10, 100}, seed.toFloatArray());
        assertArrayEquals(new float[] {4, 40, 400}, x.grad().toFloatArray());
    }

    @Test
    void aRetainedGradientIsACopy() {
        Tensor x = leaf(1, 2);
        Tensor y = probe(x).retainGrad();
        probe(y).backward(Tensor.of(1f, 1f));
        assertTrue(reused.get(1), "the inner probe overwrites its gradient");
        assertArrayEquals(new float[] {2, 2}, y.grad().toFloatArray(), "y's kept gradient is not doubled with it");
        assertArrayEquals(new float[] {4, 4}, x.grad().toFloatArray());
    }

    @Test
    void aGradientKeptByALeafIsNotOverwritten() {
        // fork hands one new tensor to the leaf a and to the probe behind b: the leaf gets a copy (it is shared)
        Tensor a = leaf(1, 2), w = leaf(3, 4);
        fork(a, probe(w)).backward(Tensor.of(1f, 1f));
        assertEquals(List.of(true), reused);
        assertArrayEquals(new float[] {1, 1}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {2, 2}, w.grad().toFloatArray());
        // a leaf that keeps a fresh gradient without copying: it is no longer the pass's to overwrite
        Tensor x = leaf(1, 2);
        reused.clear();
        probe(x).backward(Tensor.of(1f, 1f));
        Tensor kept = x.grad();
        probe(x).backward(Tensor.of(1f, 1f));
        assertArrayEquals(new float[] {4, 4}, x.grad().toFloatArray());
        assertNotSame(kept, x.grad());
        assertArrayEquals(new float[] {2, 2}, kept.toFloatArray(), "the first pass's kept gradient is unchanged");
    }

    @Test
    void aGradientPendingTwiceIsOverwrittenOnlyByItsLastUser() {
        // fork hands the same memory to both probes: the first to run may not write it, the second may
        Tensor x = leaf(1, 2), z = leaf(3, 4);
        fork(probe(x), probe(z)).backward(Tensor.of(1f, 3f));
        assertEquals(List.of(false, true), reused);
        assertArrayEquals(new float[] {2, 6}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {2, 6}, z.grad().toFloatArray());
    }

    @Test
    void aGradientPassedThroughAnOrdinaryRuleIsNotOverwritten() {
        // mul's rule makes a new gradient but does not declare it (not a FreshRule): the inner probe may not reuse
        Tensor x = leaf(1, 2);
        probe(probe(x).mul(1)).backward(Tensor.of(1f, 2f));
        assertEquals(List.of(false, false), reused);
        assertArrayEquals(new float[] {4, 8}, x.grad().toFloatArray());
    }

    @Test
    void aGradientForwardedByAddIsOverwrittenOnlyByItsLastUser() {
        // add (a ForwardingRule) hands the outer probe's fresh gradient to both inputs as it is: the first inner
        // probe to run may not write it, the second may
        Tensor x = leaf(1, 2), z = leaf(5, 6);
        probe(probe(x).add(probe(z))).backward(Tensor.of(1f, 2f));
        assertEquals(List.of(false, false, true), reused);
        assertArrayEquals(new float[] {4, 8}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {4, 8}, z.grad().toFloatArray());
        // in place (add_, over the output of an add), with a leaf as the second operand: the leaf copies the
        // gradient, and after both adds forwarded it the inner probe may overwrite it
        reused.clear();
        Tensor a = leaf(1, 2), c = leaf(3, 4);
        probe(dev.nabla.tensor.InPlaceOps.add(probe(a).add(0), c)).backward(Tensor.of(1f, 1f));
        assertEquals(List.of(false, true), reused);
        assertArrayEquals(new float[] {4, 4}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {2, 2}, c.grad().toFloatArray(), "the leaf's copy is not doubled");
    }

    @Test
    void twoFreshGradientsOfOneTensorAreSummedInPlaceAndThenOwned() {
        Tensor x = leaf(1, 2);
        Tensor y = probe(x);
        probe(y).add(probe(y)).backward(Tensor.of(1f, 1f));
        // the two outer probes get add's pass-through (not fresh); their doubled gradients are new memory and the
        // second is added into the first, which the inner probe may then overwrite
        assertEquals(List.of(false, false, true), reused);
        assertArrayEquals(new float[] {8, 8}, x.grad().toFloatArray());
    }

    @Test
    void aRetainedGraphGivesTheSameGradientsTwice() {
        Tensor x = leaf(1, 2);
        Tensor out = probe(probe(probe(x)));
        out.backward(Tensor.of(1f, 1f), true);
        float[] first = x.grad().toFloatArray();
        out.backward(Tensor.of(1f, 1f), true);
        assertArrayEquals(new float[] {8, 8}, first);
        assertArrayEquals(new float[] {16, 16}, x.grad().toFloatArray());
        assertEquals(List.of(false, true, true, false, true, true), reused);
    }

    @Test
    void reluOverwritesTheMaxPoolGradientWithTheSameResult() {
        // conv -> relu -> max-pool: relu's rule may write over the pool's new input gradient; with an ordinary
        // rule (mul by 1) in between it may not. The gradients agree to the bit, twice on a retained graph.
        Rng rng = Rng.seeded(3);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, 3, 8, 8);
        Tensor r = Tensor.uniform(rng, -1, 1, 2, 4, 4, 4);
        float[][] grads = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            Tensor w = Tensor.uniform(Rng.seeded(4), -0.5, 0.5, 4, 3, 3, 3).requiresGrad(true);
            Tensor b = Tensor.uniform(Rng.seeded(5), -0.5, 0.5, 4).requiresGrad(true);
            Tensor h = x.conv2d(w, b, new int[] {1}, new int[] {1}, new int[] {1}, 1).relu();
            if (variant == 1) h = h.mul(1);
            Tensor loss = h.maxPool2d(new int[] {2}, null, new int[] {0}, false).mul(r).sum();
            loss.backward(Tensor.scalar(1), true);
            float[] once = w.grad().toFloatArray();
            loss.backward(Tensor.scalar(1), true);
            float[] twice = w.grad().toFloatArray();
            for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 0f, "retained graph, element " + i);
            grads[variant] = once;
        }
        assertArrayEquals(grads[1], grads[0], "in-place and out-of-place relu gradients");
        assertFalse(java.util.Arrays.equals(grads[0], new float[grads[0].length]));
    }
}
