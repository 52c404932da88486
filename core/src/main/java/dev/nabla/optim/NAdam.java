package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * NAdam (Dozat: Adam with Nesterov momentum), as torch.optim.NAdam in PyTorch 2.x. At step t, with
 * beta1 the group's momentum and psi the momentum decay:
 * <pre>
 * g += wd*p                                   (or p *= 1 - lr*wd when decoupledWeightDecay)
 * mu_t = beta1*(1 - 0.5*0.96^(t*psi));  mu_{t+1} likewise;  prod_t = mu_1*...*mu_t
 * m = beta1*m + (1 - beta1)*g;  v = beta2*v + (1 - beta2)*g^2
 * d = sqrt(v/(1 - beta2^t)) + eps
 * p -= lr*(1 - mu_t)/(1 - prod_t) * g/d + lr*mu_{t+1}/(1 - prod_t*mu_{t+1}) * m/d
 * </pre>
 * PyTorch 1.13's default (single-tensor) path multiplies mu_t into the second coefficient's product
 * twice (pytorch/pytorch#92699); this follows the fixed 2.x rule, which 1.13 gives with foreach=True.
 */
public final class NAdam extends Optimizer {
    private final NAdamConfig config;

    public NAdam(List<Tensor> params, NAdamConfig config) {
        super(params, config);
        this.config = config;
    }

    public NAdam(NAdamConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public NAdam(NAdamConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<NAdamConfig, NAdam> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, NAdamConfig.DEFAULT, NAdam::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        float[] m = s.zeros("exp_avg", param);
        float[] v = s.zeros("exp_avg_sq", param);
        float[] p = param.floatData();
        int po = param.dataOffset();
        double lr = lr(group);
        double beta1 = group.momentum();
        long t = s.step;
        double bc2 = 1 - StrictMath.pow(config.beta2(), t);
        double mu = beta1 * (1 - 0.5 * StrictMath.pow(0.96, t * config.momentumDecay()));
        double muNext = beta1 * (1 - 0.5 * StrictMath.pow(0.96, (t + 1) * config.momentumDecay()));
        double muProduct = s.scalar("mu_product", 1) * mu;
        s.setScalar("mu_product", muProduct);
        float cg = (float) (lr * (1 - mu) / (1 - muProduct));
        float cm = (float) (lr * muNext / (1 - muProduct * muNext));
        float sqrtBc2 = (float) Math.sqrt(bc2);
        boolean decoupled = config.decoupledWeightDecay();
        float wd = decoupled ? 0f : (float) group.weightDecay();
        float decay = decoupled ? (float) (1 - lr * group.weightDecay()) : 1f;
        float l1 = (float) group.l1();
        float b1 = (float) beta1;
        float ob1 = (float) (1 - beta1);
        float b2 = (float) config.beta2();
        float ob2 = (float) (1 - config.beta2());
        float e = (float) config.eps();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            if (decoupled) p[po + k] *= decay;
            m[k] = b1 * m[k] + ob1 * gk;
            v[k] = b2 * v[k] + ob2 * gk * gk;
            float d = (float) Math.sqrt(v[k]) / sqrtBc2 + e;
            p[po + k] -= cg * (gk / d);
            p[po + k] -= cm * (m[k] / d);
        }
    }
}
