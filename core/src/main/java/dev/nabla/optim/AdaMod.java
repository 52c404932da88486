package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * AdaMod (Ding, Ren, Luo and Sun, "An Adaptive and Momental Bound Method for Stochastic Learning",
 * 2019): Adam whose per-element step sizes are bounded above by their own exponential average, which
 * damps the large steps of early training. Follows the authors' code (lancopku/AdaMod); not in
 * torch.optim. At step t, with beta1 the group's momentum:
 * <pre>
 * m = beta1*m + (1 - beta1)*g;  v = beta2*v + (1 - beta2)*g^2
 * eta = lr*sqrt(1 - beta2^t)/(1 - beta1^t) / (sqrt(v) + eps)
 * s = beta3*s + (1 - beta3)*eta                 (s starts at 0: exp_avg_lr)
 * p *= 1 - lr*wd                                (decoupled weight decay)
 * p -= min(eta, s)*m
 * </pre>
 */
public final class AdaMod extends Optimizer {
    private final AdaModConfig config;

    public AdaMod(List<Tensor> params, AdaModConfig config) {
        super(params, config);
        this.config = config;
    }

    public AdaMod(AdaModConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public AdaMod(AdaModConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<AdaModConfig, AdaMod> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, AdaModConfig.DEFAULT, AdaMod::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        float[] m = s.zeros("exp_avg", param);
        float[] v = s.zeros("exp_avg_sq", param);
        float[] avgLr = s.zeros("exp_avg_lr", param);
        float[] p = param.floatData();
        int po = param.dataOffset();
        double lr = lr(group);
        double beta1 = group.momentum();
        long t = s.step;
        float stepSize = (float) (lr * Math.sqrt(1 - StrictMath.pow(config.beta2(), t)) / (1 - StrictMath.pow(beta1, t)));
        float decay = (float) (1 - lr * group.weightDecay());
        boolean decays = group.weightDecay() != 0;
        float b1 = (float) beta1;
        float ob1 = (float) (1 - beta1);
        float b2 = (float) config.beta2();
        float ob2 = (float) (1 - config.beta2());
        float b3 = (float) config.beta3();
        float ob3 = (float) (1 - config.beta3());
        float e = (float) config.eps();
        float l1 = (float) group.l1();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], 0f, l1);
            m[k] = b1 * m[k] + ob1 * gk;
            v[k] = b2 * v[k] + ob2 * gk * gk;
            float eta = stepSize / ((float) Math.sqrt(v[k]) + e);
            avgLr[k] = b3 * avgLr[k] + ob3 * eta;
            eta = Math.min(eta, avgLr[k]);
            if (decays) p[po + k] *= decay;
            p[po + k] -= eta * m[k];
        }
    }
}
