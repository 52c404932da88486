package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Rprop (Riedmiller and Braun), as torch.optim.Rprop: only the sign of the gradient is used, with a
 * step size per element that starts at lr, grows by etaPlus while the gradient keeps its sign and
 * shrinks by etaMinus when it flips (then that element does not move and forgets its gradient):
 * <pre>
 * f = etaPlus if g*prev &gt; 0, etaMinus if g*prev &lt; 0, else 1
 * step = clamp(step*f, stepSizeMin, stepSizeMax)
 * g = 0 where f == etaMinus
 * p -= sign(g)*step;  prev = g
 * </pre>
 * A full-batch method. The group's weight decay and L1 (0 by default; torch has none) are added to the
 * gradient first.
 */
public final class Rprop extends Optimizer {
    private final RpropConfig config;

    public Rprop(List<Tensor> params, RpropConfig config) {
        super(params, config);
        this.config = config;
    }

    public Rprop(RpropConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
    }

    public Rprop(RpropConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<RpropConfig, Rprop> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, RpropConfig.DEFAULT, Rprop::new);
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        int n = param.numel();
        float[] prev = s.zeros("prev", param);
        float[] step = s.data("step_size", param, lr(group));
        float[] p = param.floatData();
        int po = param.dataOffset();
        float up = (float) config.etaPlus();
        float down = (float) config.etaMinus();
        float lo = (float) config.stepSizeMin();
        float hi = (float) config.stepSizeMax();
        float wd = (float) group.weightDecay();
        float l1 = (float) group.l1();
        for (int k = 0; k < n; k++) {
            float gk = regularized(g[go + k], p[po + k], wd, l1);
            float prod = gk * prev[k];
            float f = prod > 0 ? up : prod < 0 ? down : 1f;
            step[k] = Math.min(Math.max(step[k] * f, lo), hi);
            if (prod < 0) gk = 0;
            p[po + k] -= Math.signum(gk) * step[k];
            prev[k] = gk;
        }
    }
}
