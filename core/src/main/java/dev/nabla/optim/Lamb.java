package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * LAMB (You et al., "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", 2019,
 * Algorithm 2): Adam's direction plus decoupled weight decay, rescaled per parameter tensor (layer) by
 * the trust ratio ||p|| / ||u||. Not in torch.optim. At step t, with beta1 the group's momentum:
 * <pre>
 * m = beta1*m + (1 - beta1)*g;  v = beta2*v + (1 - beta2)*g^2
 * m^ = m/(1 - beta1^t);  v^ = v/(1 - beta2^t)          (without biasCorrection: m^ = m, v^ = v)
 * u = m^/(sqrt(v^) + eps) + wd*p
 * ratio = min(||p||/||u||, trustClip), or 1 if either norm is 0
 * p -= lr*ratio*u
 * </pre>
 * Norms are Euclidean over the whole tensor, accumulated in double. The group's L1 term is added to g.
 */
public final class Lamb extends Optimizer {
    private final LambConfig config;

    public Lamb(List<Tensor> params, LambConfig config) {
        super(params, config);
        this.config = config;
    }

    public Lamb(LambConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public Lamb(LambConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<LambConfig, Lamb> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, LambConfig.DEFAULT, Lamb::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        float[] m = s.zeros("exp_avg", param);
        float[] v = s.zeros("exp_avg_sq", param);
        float[] u = s.scratch(n);
        float[] p = param.floatData();
        int po = param.dataOffset();
        double beta1 = group.momentum();
        long t = s.step;
        boolean bc = config.biasCorrection();
        float invBc1 = bc ? (float) (1 / (1 - StrictMath.pow(beta1, t))) : 1f;
        float sqrtBc2 = bc ? (float) Math.sqrt(1 - StrictMath.pow(config.beta2(), t)) : 1f;
        float b1 = (float) beta1;
        float ob1 = (float) (1 - beta1);
        float b2 = (float) config.beta2();
        float ob2 = (float) (1 - config.beta2());
        float e = (float) config.eps();
        float wd = (float) group.weightDecay();
        float l1 = (float) group.l1();
        double pn = 0;
        double un = 0;
        for (int k = 0; k < n; k++) {
            float pk = p[po + k];
            float gk = regularized(g[go + k], pk, 0f, l1);
            m[k] = b1 * m[k] + ob1 * gk;
            v[k] = b2 * v[k] + ob2 * gk * gk;
            float uk = m[k] * invBc1 / ((float) Math.sqrt(v[k]) / sqrtBc2 + e) + wd * pk;
            u[k] = uk;
            pn += (double) pk * pk;
            un += (double) uk * uk;
        }
        double pNorm = Math.sqrt(pn);
        double uNorm = Math.sqrt(un);
        double ratio = pNorm > 0 && uNorm > 0 ? Math.min(pNorm / uNorm, config.trustClip()) : 1;
        float step = (float) (lr(group) * ratio);
        for (int k = 0; k < n; k++) p[po + k] -= step * u[k];
        s.setScalar("trust_ratio", ratio);
    }
}
