package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * AdaDelta (Zeiler), as torch.optim.Adadelta: the step is the gradient scaled by the ratio of the RMS of
 * past updates to the RMS of past gradients, times lr (1 by default):
 * <pre>
 * g += wd*p
 * sq = rho*sq + (1 - rho)*g^2
 * delta = sqrt(acc + eps) / sqrt(sq + eps) * g
 * acc = rho*acc + (1 - rho)*delta^2
 * p -= lr*delta
 * </pre>
 */
public final class Adadelta extends Optimizer {
    private final AdadeltaConfig config;

    public Adadelta(List<Tensor> params, AdadeltaConfig config) {
        super(params, config);
        this.config = config;
    }

    public Adadelta(AdadeltaConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public Adadelta(AdadeltaConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<AdadeltaConfig, Adadelta> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, AdadeltaConfig.DEFAULT, Adadelta::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        float[] sq = s.zeros("square_avg", param);
        float[] acc = s.zeros("acc_delta", param);
        float[] p = param.floatData();
        int po = param.dataOffset();
        float rate = (float) lr(group);
        float rho = (float) config.rho();
        float orho = (float) (1 - config.rho());
        float e = (float) config.eps();
        float wd = (float) group.weightDecay();
        float l1 = (float) group.l1();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            sq[k] = rho * sq[k] + orho * gk * gk;
            float std = (float) Math.sqrt(sq[k] + e);
            float delta = (float) Math.sqrt(acc[k] + e) / std * gk;
            acc[k] = rho * acc[k] + orho * delta * delta;
            p[po + k] -= rate * delta;
        }
    }
}
