package dev.nabla.optim;

import dev.nabla.kernel.UpdateKernels;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba) with bias correction and optional AMSGrad, as torch.optim.Adam; {@link AdamW}
 * is the same rule with decoupled weight decay. At step t, with beta1 the group's momentum:
 * <pre>
 * g += wd*p                                      (Adam; AdamW instead: p *= 1 - lr*wd)
 * m = beta1*m + (1 - beta1)*g
 * v = beta2*v + (1 - beta2)*g^2
 * vmax = max(vmax, v)                            (AMSGrad; v below is then vmax)
 * p -= lr/(1 - beta1^t) * m / (sqrt(v)/sqrt(1 - beta2^t) + eps)
 * </pre>
 * (the division by sqrt(1 - beta2^t) is done as a multiply by its reciprocal, within an ulp of torch's).
 * Moments that fall below the smallest normal float are stored as zero where that cannot change a
 * parameter (eps large enough: see {@link UpdateKernels#flushIsInvisible}), because arithmetic on
 * subnormal numbers is many times slower (a gradient that stays zero leaves its moments subnormal forever).
 */
public final class Adam extends Optimizer {
    private final AdamConfig config;
    private final boolean decoupled;

    Adam(AdamConfig config, List<ParamGroup> groups, boolean decoupled) {
        super(config, groups);
        this.config = config;
        this.decoupled = decoupled;
    }

    public Adam(List<Tensor> params, AdamConfig config) {
        this(config, List.of(ParamGroup.of(params)), false);
    }

    public Adam(AdamConfig config, List<ParamGroup> groups) {
        this(config, groups, false);
    }

    public Adam(AdamConfig config, ParamGroup... groups) {
        this(config, List.of(groups), false);
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, AdamConfig.DEFAULT.withLr(lr));
    }

    /** The long form kept for existing callers: {@code decoupled} selects AdamW's weight decay. */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean decoupled, boolean amsgrad) {
        this(new AdamConfig(lr, beta1, beta2, eps, weightDecay, amsgrad), List.of(ParamGroup.of(params)), decoupled);
    }

    /**
     * Adam with decoupled weight decay and PyTorch's other defaults; the same update as {@link AdamW}
     * (kept for existing callers; its state dict says "Adam").
     */
    public static Adam adamW(List<Tensor> params, double lr, double weightDecay) {
        return new Adam(AdamConfig.ADAMW_DEFAULT.withLr(lr).withWeightDecay(weightDecay), List.of(ParamGroup.of(params)), true);
    }

    public static OptimizerBuilder<AdamConfig, Adam> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, AdamConfig.DEFAULT, Adam::new);
    }

    /** Whether weight decay is decoupled (AdamW). */
    public boolean decoupled() {
        return decoupled;
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        update(config, decoupled, lr(group), group, param, g, go, s);
    }

    /** The Adam/AdamW update of one parameter (shared with {@link AdamW}). */
    static void update(AdamConfig config, boolean decoupled, double lr, Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        boolean ams = config.amsgrad();
        float[] m = s.zeros("exp_avg", param);
        float[] v = s.zeros("exp_avg_sq", param);
        float[] vm = ams ? s.zeros("max_exp_avg_sq", param) : null;
        double beta1 = group.momentum();
        long t = s.step;
        double bc1 = 1 - StrictMath.pow(beta1, t);
        double bc2 = 1 - StrictMath.pow(config.beta2(), t);
        float[] p = param.floatData();
        int po = param.dataOffset();
        float b1 = (float) beta1;
        float ob1 = (float) (1 - beta1);
        float b2 = (float) config.beta2();
        float ob2 = (float) (1 - config.beta2());
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        float e = (float) config.eps();
        float wd = decoupled ? 0f : (float) group.weightDecay();
        float l1 = (float) group.l1();
        float decay = decoupled ? (float) (1 - lr * group.weightDecay()) : 1f;
        boolean flush = UpdateKernels.flushIsInvisible(config.eps(), Math.sqrt(bc2));
        if (!ams && wd == 0 && l1 == 0) {
            UpdateKernels.adam(p, po, g, go, m, v, n, b1, ob1, b2, ob2, stepSize, invSqrtBc2, e, decay, flush);
            return;
        }
        float tiny = flush ? Float.MIN_NORMAL : 0f;
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            if (decoupled) p[po + k] *= decay;
            float mk = b1 * m[k] + ob1 * gk;
            float vk = b2 * v[k] + ob2 * gk * gk;
            m[k] = Math.abs(mk) < tiny ? 0f : mk;
            v[k] = vk = vk < tiny ? 0f : vk;
            if (ams) {
                vm[k] = Math.max(vm[k], vk);
                vk = vm[k];
            }
            p[po + k] -= stepSize * (m[k] / ((float) Math.sqrt(vk) * invSqrtBc2 + e));
        }
    }
}
