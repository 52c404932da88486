package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Builds an optimizer from its config and parameter groups:
 * <pre>{@code
 * Adam opt = Adam.of(model.parameters()).lr(1e-3).with(c -> c.withBetas(0.9, 0.99)).build();
 * }</pre>
 */
public final class OptimizerBuilder<C extends OptimizerConfig<C>, O extends Optimizer> {
    private final BiFunction<C, List<ParamGroup>, O> factory;
    private final List<ParamGroup> groups = new ArrayList<>();
    private C config;

    OptimizerBuilder(C defaults, BiFunction<C, List<ParamGroup>, O> factory) {
        this.config = defaults;
        this.factory = factory;
    }

    static <C extends OptimizerConfig<C>, O extends Optimizer> OptimizerBuilder<C, O> of(
            List<Tensor> params, C defaults, BiFunction<C, List<ParamGroup>, O> factory) {
        return new OptimizerBuilder<>(defaults, factory).group(ParamGroup.of(params));
    }

    static <C extends OptimizerConfig<C>, O extends Optimizer> OptimizerBuilder<C, O> of(
            Map<String, Tensor> params, C defaults, BiFunction<C, List<ParamGroup>, O> factory) {
        return new OptimizerBuilder<>(defaults, factory).group(ParamGroup.of(params));
    }

    public OptimizerBuilder<C, O> lr(double lr) {
        config = config.withLr(lr);
        return this;
    }

    public OptimizerBuilder<C, O> config(C config) {
        this.config = config;
        return this;
    }

    /** Changes the config through its withers. */
    public OptimizerBuilder<C, O> with(UnaryOperator<C> change) {
        this.config = change.apply(config);
        return this;
    }

    /** Adds another parameter group. */
    public OptimizerBuilder<C, O> group(ParamGroup group) {
        groups.add(group);
        return this;
    }

    public O build() {
        return factory.apply(config, List.copyOf(groups));
    }
}
