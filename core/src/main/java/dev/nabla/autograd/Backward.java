package dev.nabla.autograd;

import dev.nabla.tensor.GradBuffers;
import dev.nabla.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The backward pass: one iterative walk of the graph in reverse topological order. */
public final class Backward {
    private Backward() {}

    /**
     * Propagates {@code seed} (the gradient of {@code root}) to every leaf that requires grad,
     * accumulating into their {@code grad()}. Frees the graph unless {@code retainGraph}.
     */
    public static void run(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor " + root.shape()
                    + " does not require grad (no input had requiresGrad, or it was computed under Grad.off())");
        }
        if (!Arrays.equals(seed.dims(), root.dims())) {
            throw new IllegalArgumentException("backward: gradient shape " + seed.shape()
                    + " does not match tensor shape " + root.shape());
        }
        Node rootNode = root.gradFn();
        if (rootNode == null) {
            root.accumulateGrad(seed);
            return;
        }
        List<Node> order = topologicalOrder(rootNode);
        Map<Node, Tensor> grads = new IdentityHashMap<>();
        GradOwnership own = GradOwnership.of(order);
        grads.put(rootNode, seed);
        own.hold(seed);
        // storages already handed to a leaf (or owned by the caller): a leaf may keep a gradient
        // without copying only if its memory is not shared with anything else
        Set<Object> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        taken.add(seed.storageKey());
        try (var g = Grad.off()) {
            for (int k = order.size() - 1; k >= 0; k--) {
                Node node = order.get(k);
                Tensor gradOut = grads.remove(node);
                if (gradOut == null) continue;
                boolean fresh = node.freshGrads();
                boolean reuse = own.release(gradOut) && fresh;
                Tensor[] gradIns = node.applyRule(gradOut, reuse);
                if (!fresh && !node.forwardsGrads()) own.disown(gradOut);
                else if (reuse && !sharedWithOutputs(gradIns, gradOut)) GradBuffers.recycle(gradOut); // its last use

                Tensor[] ins = node.inputs();
                for (int i = 0; i < ins.length; i++) {
                    Tensor in = ins[i];
                    Tensor gi = gradIns[i];
                    if (gi == null || in == null || !in.requiresGrad()) continue;
                    if (!Arrays.equals(gi.dims(), in.dims())) {
                        throw new IllegalStateException("internal: '" + node.op() + "' produced a gradient of shape "
                                + gi.shape() + " for input " + i + " of shape " + in.shape());
                    }
                    if (fresh && !GradOwnership.sameMemory(gi, gradOut)) own.markFresh(gi);
                    else if (fresh && !reuse) own.disown(gi); // gradOut passed on without leave to reuse it
                    Node producer = in.gradFn();
                    if (producer == null) {
                        boolean keep = taken.add(gi.storageKey()) && !sharedWithin(gradIns, i);
                        in.accumulateGrad(gi, keep);
                        if (keep) own.disown(gi);
                    } else {
                        if (in.retainsGrad()) in.accumulateGrad(gi); // a copy
                        merge(grads, own, producer, gi);
                    }
                }
                if (!retainGraph) node.release();
            }
        }
    }

    /**
     * Adds gi to the gradient pending for producer: the first one waits as it is; a later one is added into the
     * pending sum in place when the pass owns that sum's memory alone, else into a new (fresh) sum.
     */
    private static void merge(Map<Node, Tensor> grads, GradOwnership own, Node producer, Tensor gi) {
        Tensor old = grads.get(producer);
        if (old == null) {
            grads.put(producer, gi);
            own.hold(gi);
            return;
        }
        if (own.ownsHeld(old) && old.dtype() == gi.dtype() && !GradOwnership.sameMemory(old, gi)) {
            old.addInPlace(gi);
            return;
        }
        own.release(old);
        Tensor sum = old.add(gi);
        own.markFresh(sum);
        own.hold(sum);
        grads.put(producer, sum);
    }

    /** True if a gradient the rule returned views gradOut's memory. */
    private static boolean sharedWithOutputs(Tensor[] gradIns, Tensor gradOut) {
        for (Tensor t : gradIns) {
            if (t != null && GradOwnership.sameMemory(t, gradOut)) return true;
        }
        return false;
    }

    /** True if another gradient of the same rule views the same memory as gradIns[i]. */
    private static boolean sharedWithin(Tensor[] gradIns, int i) {
        for (int j = 0; j < gradIns.length; j++) {
            if (j != i && gradIns[j] != null && gradIns[j].storageKey() == gradIns[i].storageKey()) return true;
        }
        return false;
    }

    /** Nodes reachable from root, each after all nodes it depends on (inputs first). */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            Tensor[] ins = node.inputs();
            boolean descended = false;
            while (next < ins.length) {
                Tensor in = ins[next++];
                Node child = in == null ? null : in.gradFn();
                if (child != null && seen.put(child, Boolean.TRUE) == null) {
                    frame[1] = next;
                    stack.push(new Object[] {child, 0});
                    descended = true;
                    break;
                }
            }
            if (!descended) {
                stack.pop();
                order.add(node);
            }
        }
        return order;
    }
}
