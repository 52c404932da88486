package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * One recorded operation in the graph: its inputs, its derivative rule and the versions of the
 * tensors it saved. The rule maps the gradient of the op's output to the gradients of its inputs
 * (null where an input needs none); it runs with recording off.
 */
public final class Node {
    /** A derivative rule: gradient of the output to gradients of the inputs, in input order. */
    @FunctionalInterface
    public interface Rule {
        Tensor[] apply(Tensor gradOut);
    }

    /**
     * A derivative rule that returns its gradients in memory of their own, which the backward pass may then
     * reuse: every tensor it returns is either newly allocated by the rule and referenced by nothing else once
     * it returns (in particular not kept by the rule), or, only when {@code reuse} is true, {@code gradOut}
     * itself overwritten in place. The rule keeps no reference to {@code gradOut} either. {@code reuse} is
     * true only when the pass owns {@code gradOut}'s memory alone (see {@link Backward}); a rule may ignore it.
     */
    @FunctionalInterface
    public interface FreshRule extends Rule {
        Tensor[] apply(Tensor gradOut, boolean reuse);

        @Override
        default Tensor[] apply(Tensor gradOut) {
            return apply(gradOut, false);
        }
    }

    /**
     * A derivative rule that hands {@code gradOut} on (as addition does): every tensor it returns is
     * {@code gradOut} itself or a new tensor, and it keeps no reference to {@code gradOut}. The backward pass then
     * keeps its knowledge of who owns gradOut's memory instead of giving it up, so a later rule may still
     * overwrite it once nothing else waits for it.
     */
    @FunctionalInterface
    public interface ForwardingRule extends Rule {}

    private final String op;
    private final Tensor[] inputs;
    private final int[] savedVersions;
    private final boolean checksVersions;
    private Rule rule;

    private Node(String op, Rule rule, boolean savesInputs, Tensor[] inputs) {
        this.op = op;
        this.rule = rule;
        this.inputs = inputs;
        this.checksVersions = savesInputs;
        this.savedVersions = new int[inputs.length];
        if (savesInputs) {
            for (int i = 0; i < inputs.length; i++) savedVersions[i] = inputs[i].version();
        }
    }

    /** True if recording is on and some input requires a gradient. */
    public static boolean needed(Tensor... inputs) {
        if (!Grad.isEnabled()) return false;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) return true;
        }
        return false;
    }

    /**
     * Records {@code out = op(inputs)} if needed, marking {@code out} as requiring grad.
     * The rule may use the inputs' values: an in-place change to any of them before backward is an error.
     */
    public static Tensor record(Tensor out, String op, Rule rule, Tensor... inputs) {
        if (needed(inputs)) out.attach(new Node(op, rule, true, inputs));
        return out;
    }

    /** Like {@link #record} for rules that use no input values (add, views, sums): in-place changes are fine. */
    public static Tensor recordShapeOnly(Tensor out, String op, Rule rule, Tensor... inputs) {
        if (needed(inputs)) out.attach(new Node(op, rule, false, inputs));
        return out;
    }

    public String op() {
        return op;
    }

    Tensor[] inputs() {
        return inputs;
    }

    /** Whether the rule is a {@link FreshRule}: its gradients are its own new memory (or gradOut, when reused). */
    boolean freshGrads() {
        return rule instanceof FreshRule;
    }

    /** Whether the rule is a {@link ForwardingRule}: it returns gradOut itself or new tensors, keeping nothing. */
    boolean forwardsGrads() {
        return rule instanceof ForwardingRule;
    }

    /** Runs the rule; {@code reuse} lets a {@link FreshRule} overwrite gradOut (ignored by other rules). */
    Tensor[] applyRule(Tensor gradOut, boolean reuse) {
        if (rule == null) {
            throw new IllegalStateException("backward through the graph of '" + op + "' a second time: its saved "
                    + "values were freed after the first backward; pass retainGraph=true to the first call");
        }
        if (checksVersions) {
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].version() != savedVersions[i]) {
                    throw new IllegalStateException("a tensor needed by '" + op + "' for its gradient (input " + i
                            + ", shape " + inputs[i].shape() + ") was modified in place after it was used "
                            + "(version " + savedVersions[i] + " -> " + inputs[i].version() + ")");
                }
            }
        }
        return rule instanceof FreshRule f ? f.apply(gradOut, reuse) : rule.apply(gradOut);
    }

    void release() {
        rule = null;
    }

    @Override
    public String toString() {
        return op + "Backward";
    }
}
