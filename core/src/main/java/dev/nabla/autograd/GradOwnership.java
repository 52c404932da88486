package dev.nabla.autograd;

import dev.nabla.tensor.Memory;
import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which gradient memory one backward pass owns alone, so that a rule may write its result over the gradient it
 * receives instead of allocating (PyTorch gets the same from its caching allocator and in-place kernels).
 *
 * <p>Memory is identified by its backing array ({@link Memory#key}), so views and re-wrapped arrays count as
 * the same memory. An array is <em>fresh</em> when the pass made it and nothing outside the pass refers to it:
 * the result of a {@link Node.FreshRule} (which promises new memory that it keeps no reference to) or of the
 * pass's own sum of two gradients of one tensor. It stops being fresh when a leaf keeps it as its {@code grad()}
 * without copying, or when a rule that is not a FreshRule receives it (such a rule may keep it or pass views of
 * it on). The pass also counts, per array, the pending gradients (waiting for their node) that view it. A node
 * may overwrite its incoming gradient exactly when that gradient's array is fresh and no other pending gradient
 * views it. Gradients that {@code retainGrad()} keeps are copies, and the caller's seed is never fresh, so
 * neither can be overwritten; saved forward values are never gradients of the pass.
 */
final class GradOwnership {
    /** Null when the graph has no FreshRule: then nothing can be fresh, and nothing is tracked (no cost). */
    private final Map<Object, int[]> pending;
    private final Set<Object> fresh;

    private GradOwnership(boolean track) {
        pending = track ? new IdentityHashMap<>() : null;
        fresh = track ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
    }

    /** Tracking for a pass over these nodes: only if one of them has a FreshRule. */
    static GradOwnership of(java.util.List<Node> nodes) {
        for (Node n : nodes) {
            if (n.freshGrads()) return new GradOwnership(true);
        }
        return new GradOwnership(false);
    }

    /** g is now waiting for a node. */
    void hold(Tensor g) {
        if (pending == null) return;
        pending.computeIfAbsent(Memory.key(g), k -> new int[1])[0]++;
    }

    /** g (held) is taken out for its node; true if the pass owns g's memory alone from now on. */
    boolean release(Tensor g) {
        if (pending == null) return false;
        Object k = Memory.key(g);
        int[] count = pending.get(k);
        if (count == null) throw new IllegalStateException("internal: released a gradient that was not pending");
        if (--count[0] == 0) pending.remove(k);
        return count[0] == 0 && fresh.contains(k);
    }

    /** True if g's memory is fresh and g is its only pending view (g itself being held). */
    boolean ownsHeld(Tensor g) {
        if (pending == null) return false;
        Object k = Memory.key(g);
        int[] count = pending.get(k);
        return count != null && count[0] == 1 && fresh.contains(k);
    }

    void markFresh(Tensor g) {
        if (fresh != null) fresh.add(Memory.key(g));
    }

    void disown(Tensor g) {
        if (fresh != null) fresh.remove(Memory.key(g));
    }

    static boolean sameMemory(Tensor a, Tensor b) {
        return Memory.key(a) == Memory.key(b);
    }
}
