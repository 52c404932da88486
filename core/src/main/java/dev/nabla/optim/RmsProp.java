package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * RMSprop (Hinton), as torch.optim.RMSprop, with optional momentum and centering:
 * <pre>
 * g += wd*p
 * sq = alpha*sq + (1 - alpha)*g^2
 * avg = sqrt(sq - ga^2) + eps,  ga = alpha*ga + (1 - alpha)*g   (centered)
 * avg = sqrt(sq) + eps                                          (otherwise)
 * buf = momentum*buf + g/avg;  p -= lr*buf                       (momentum &gt; 0)
 * p -= lr*g/avg                                                  (otherwise)
 * </pre>
 * Momentum is per group and schedulable.
 */
public final class RmsProp extends Optimizer {
    private final RmsPropConfig config;

    public RmsProp(List<Tensor> params, RmsPropConfig config) {
        super(params, config);
        this.config = config;
    }

    public RmsProp(RmsPropConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public RmsProp(RmsPropConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<RmsPropConfig, RmsProp> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, RmsPropConfig.DEFAULT, RmsProp::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        boolean centered = config.centered();
        float mu = (float) group.momentum();
        float[] sq = s.zeros("square_avg", param);
        float[] buf = mu > 0 ? s.zeros("momentum_buffer", param) : null;
        float[] ga = centered ? s.zeros("grad_avg", param) : null;
        float[] p = param.floatData();
        int po = param.dataOffset();
        float rate = (float) lr(group);
        float a = (float) config.alpha();
        float oa = (float) (1 - config.alpha());
        float e = (float) config.eps();
        float wd = (float) group.weightDecay();
        float l1 = (float) group.l1();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            sq[k] = a * sq[k] + oa * gk * gk;
            float avg;
            if (centered) {
                ga[k] = a * ga[k] + oa * gk;
                avg = (float) Math.sqrt(sq[k] - ga[k] * ga[k]) + e;
            } else {
                avg = (float) Math.sqrt(sq[k]) + e;
            }
            if (mu > 0) {
                buf[k] = mu * buf[k] + gk / avg;
                p[po + k] -= rate * buf[k];
            } else {
                p[po + k] -= rate * (gk / avg);
            }
        }
    }
}
