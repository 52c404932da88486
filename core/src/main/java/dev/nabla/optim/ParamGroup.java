package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parameter group as given to an optimizer: its parameters, optionally their names (the keys of
 * the optimizer's state dict; by default the parameter's position over all groups, as in PyTorch),
 * and per-group overrides. {@code lr} and {@code weightDecay} set to NaN inherit the optimizer's
 * config; {@code l1} (default 0) adds {@code l1 * sign(p)} to the gradient, an L1 penalty.
 *
 * <pre>{@code
 * new Sgd(SgdConfig.DEFAULT.withLr(0.1),
 *         ParamGroup.of(backbone.parameters()).withLr(0.01),
 *         ParamGroup.of(head.parameters()).withWeightDecay(1e-4));
 * }</pre>
 */
public record ParamGroup(List<Tensor> params, List<String> names, double lr, double weightDecay, double l1) {
    public ParamGroup {
        params = List.copyOf(params);
        if (names != null) {
            names = List.copyOf(names);
            if (names.size() != params.size()) {
                throw new IllegalArgumentException("ParamGroup: " + params.size() + " parameters but " + names.size() + " names");
            }
        }
        if (!Double.isNaN(lr)) Check.nonNegative("ParamGroup", "lr", lr);
        if (!Double.isNaN(weightDecay)) Check.nonNegative("ParamGroup", "weightDecay", weightDecay);
        Check.nonNegative("ParamGroup", "l1", l1);
    }

    /** A group of unnamed parameters inheriting every setting. */
    public static ParamGroup of(List<Tensor> params) {
        return new ParamGroup(params, null, Double.NaN, Double.NaN, 0);
    }

    /** A group of named parameters (e.g. a module's {@code namedParameters()}), in map order. */
    public static ParamGroup of(Map<String, Tensor> named) {
        return new ParamGroup(new ArrayList<>(named.values()), new ArrayList<>(named.keySet()), Double.NaN, Double.NaN, 0);
    }

    public ParamGroup withLr(double lr) {
        return new ParamGroup(params, names, lr, weightDecay, l1);
    }

    public ParamGroup withWeightDecay(double weightDecay) {
        return new ParamGroup(params, names, lr, weightDecay, l1);
    }

    public ParamGroup withL1(double l1) {
        return new ParamGroup(params, names, lr, weightDecay, l1);
    }
}
