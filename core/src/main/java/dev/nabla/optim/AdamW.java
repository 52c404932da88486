package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as torch.optim.AdamW: each step first
 * shrinks the parameter by {@code 1 - lr*weightDecay}, then applies {@link Adam}'s update without the
 * L2 term. Defaults: {@link AdamConfig#ADAMW_DEFAULT} (weight decay 0.01).
 */
public final class AdamW extends Optimizer {
    private final AdamConfig config;

    public AdamW(List<Tensor> params, AdamConfig config) {
        super(params, config);
        this.config = config;
    }

    public AdamW(AdamConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public AdamW(AdamConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public AdamW(List<Tensor> params, double lr) {
        this(params, AdamConfig.ADAMW_DEFAULT.withLr(lr));
    }

    public static OptimizerBuilder<AdamConfig, AdamW> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, AdamConfig.ADAMW_DEFAULT, AdamW::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        Adam.update(config, true, lr(group), group, param, g, go, s);
    }
}
