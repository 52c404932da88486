package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay, as torch.optim.SGD:
 * <pre>
 * d = g + wd*p
 * buf = d (first step), else momentum*buf + (1 - dampening)*d
 * d = nesterov ? d + momentum*buf : buf
 * p -= lr*d
 * </pre>
 * Momentum is per group and schedulable (OneCycleLR, CyclicLR).
 */
public final class Sgd extends Optimizer {
    private final SgdConfig config;

    public Sgd(List<Tensor> params, SgdConfig config) {
        super(params, config);
        this.config = config;
    }

    public Sgd(SgdConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public Sgd(SgdConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    /** Plain SGD. */
    public Sgd(List<Tensor> params, double lr) {
        this(params, SgdConfig.DEFAULT.withLr(lr));
    }

    public Sgd(List<Tensor> params, double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        this(params, new SgdConfig(lr, momentum, dampening, nesterov, weightDecay));
    }

    public static OptimizerBuilder<SgdConfig, Sgd> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, SgdConfig.DEFAULT, Sgd::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        float[] p = param.floatData();
        int po = param.dataOffset();
        int n = param.numel();
        float wd = (float) group.weightDecay();
        float l1 = (float) group.l1();
        float mu = (float) group.momentum();
        float damp = (float) (1 - config.dampening());
        float rate = (float) lr(group);
        boolean nesterov = config.nesterov();
        if (mu == 0) {
            for (int k = 0; k < n; k++) p[po + k] -= rate * regularized(g[go + k], p[po + k], wd, l1);
            return;
        }
        boolean first = !s.has("momentum_buffer");
        float[] b = s.zeros("momentum_buffer", param);
        for (int k = 0; k < n; k++) {
            float d = regularized(g[go + k], p[po + k], wd, l1);
            b[k] = first ? d : mu * b[k] + damp * d;
            d = nesterov ? d + mu * b[k] : b[k];
            p[po + k] -= rate * d;
        }
    }
}
