package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * RAdam (Liu et al.: rectified Adam), as torch.optim.RAdam. At step t, with beta1 the group's momentum:
 * <pre>
 * g += wd*p                                   (or p *= 1 - lr*wd when decoupledWeightDecay)
 * m = beta1*m + (1 - beta1)*g;  v = beta2*v + (1 - beta2)*g^2
 * rho_inf = 2/(1 - beta2) - 1;  rho_t = rho_inf - 2t*beta2^t/(1 - beta2^t)
 * if rho_t &gt; 5:  r = sqrt((rho_t - 4)(rho_t - 2)rho_inf / ((rho_inf - 4)(rho_inf - 2)rho_t))
 *                p -= lr * m/(1 - beta1^t) * r*sqrt(1 - beta2^t)/(sqrt(v) + eps)
 * else:          p -= lr * m/(1 - beta1^t)
 * </pre>
 */
public final class RAdam extends Optimizer {
    private final RAdamConfig config;

    public RAdam(List<Tensor> params, RAdamConfig config) {
        super(params, config);
        this.config = config;
    }

    public RAdam(RAdamConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public RAdam(RAdamConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<RAdamConfig, RAdam> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, RAdamConfig.DEFAULT, RAdam::new);
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
        double beta2 = config.beta2();
        long t = s.step;
        double bc1 = 1 - StrictMath.pow(beta1, t);
        double bc2 = 1 - StrictMath.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * StrictMath.pow(beta2, t) / bc2;
        boolean rectify = rhoT > 5;
        double rect = rectify ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        float invBc1 = (float) (1 / bc1);
        float rate = (float) lr;
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float r = (float) rect;
        boolean decoupled = config.decoupledWeightDecay();
        float wd = decoupled ? 0f : (float) group.weightDecay();
        float decay = decoupled ? (float) (1 - lr * group.weightDecay()) : 1f;
        float l1 = (float) group.l1();
        float b1 = (float) beta1;
        float ob1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float ob2 = (float) (1 - beta2);
        float e = (float) config.eps();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            if (decoupled) p[po + k] *= decay;
            m[k] = b1 * m[k] + ob1 * gk;
            v[k] = b2 * v[k] + ob2 * gk * gk;
            float mhat = m[k] * invBc1;
            if (rectify) p[po + k] -= mhat * rate * (sqrtBc2 / ((float) Math.sqrt(v[k]) + e)) * r;
            else p[po + k] -= mhat * rate;
        }
    }
}
