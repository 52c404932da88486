package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adamax (Kingma and Ba, section 7.1), as torch.optim.Adamax: Adam with the infinity norm in place of
 * the second moment. At step t, with beta1 the group's momentum:
 * <pre>
 * g += wd*p
 * m = beta1*m + (1 - beta1)*g
 * u = max(beta2*u, |g| + eps)
 * p -= lr/(1 - beta1^t) * m/u
 * </pre>
 */
public final class Adamax extends Optimizer {
    private final AdamaxConfig config;

    public Adamax(List<Tensor> params, AdamaxConfig config) {
        super(params, config);
        this.config = config;
    }

    public Adamax(AdamaxConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public Adamax(AdamaxConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<AdamaxConfig, Adamax> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, AdamaxConfig.DEFAULT, Adamax::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        float[] m = s.zeros("exp_avg", param);
        float[] u = s.zeros("exp_inf", param);
        float[] p = param.floatData();
        int po = param.dataOffset();
        double beta1 = group.momentum();
        float clr = (float) (lr(group) / (1 - StrictMath.pow(beta1, s.step)));
        float b1 = (float) beta1;
        float ob1 = (float) (1 - beta1);
        float b2 = (float) config.beta2();
        float e = (float) config.eps();
        float wd = (float) group.weightDecay();
        float l1 = (float) group.l1();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            m[k] = b1 * m[k] + ob1 * gk;
            u[k] = Math.max(b2 * u[k], Math.abs(gk) + e);
            p[po + k] -= clr * (m[k] / u[k]);
        }
    }
}
