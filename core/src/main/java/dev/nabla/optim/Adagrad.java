package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * AdaGrad (Duchi et al.), as torch.optim.Adagrad: the step of each element is divided by the root of
 * its accumulated squared gradients, so its effective learning rate only falls. At step t:
 * <pre>
 * g += wd*p
 * sum += g^2                                  (sum starts at initialAccumulatorValue)
 * p -= lr/(1 + (t - 1)*lrDecay) * g / (sqrt(sum) + eps)
 * </pre>
 */
public final class Adagrad extends Optimizer {
    private final AdagradConfig config;

    public Adagrad(List<Tensor> params, AdagradConfig config) {
        super(params, config);
        this.config = config;
    }

    public Adagrad(AdagradConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public Adagrad(AdagradConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<AdagradConfig, Adagrad> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, AdagradConfig.DEFAULT, Adagrad::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        float[] sum = s.data("sum", param, config.initialAccumulatorValue());
        float[] p = param.floatData();
        int po = param.dataOffset();
        float clr = (float) (lr(group) / (1 + (s.step - 1) * config.lrDecay()));
        float e = (float) config.eps();
        float wd = (float) group.weightDecay();
        float l1 = (float) group.l1();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            sum[k] += gk * gk;
            p[po + k] -= clr * (gk / ((float) Math.sqrt(sum[k]) + e));
        }
    }
}
