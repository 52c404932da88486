package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba) with bias correction, optional AMSGrad, and weight decay either as an L2 term
 * (Adam) or decoupled (AdamW), following torch.optim.Adam / AdamW.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final boolean amsgrad;
    private final float[][] m;
    private final float[][] v;
    private final float[][] vmax;
    private int t;

    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean decoupled, boolean amsgrad) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.amsgrad = amsgrad;
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        this.vmax = new float[params.size()][];
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /** AdamW with PyTorch's defaults (weight decay 0.01, decoupled). */
    public static Adam adamW(List<Tensor> params, double lr, double weightDecay) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay, true, false);
    }

    @Override
    protected void update(int i, Tensor param, Tensor grad) {
        int n = param.numel();
        if (m[i] == null) {
            m[i] = new float[n];
            v[i] = new float[n];
            if (amsgrad) vmax[i] = new float[n];
        }
        int step = t + 1;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        float[] p = param.floatData();
        int po = param.dataOffset();
        float[] g = grad.floatData();
        int go = grad.dataOffset();
        float[] mi = m[i];
        float[] vi = v[i];
        float[] vm = vmax[i];
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float e = (float) eps;
        float wd = (float) weightDecay;
        float decay = decoupled ? (float) (1 - lr * weightDecay) : 1f;
        for (int k = 0; k < n; k++) {
            float gk = g[go + k];
            if (!decoupled && wd != 0) gk += wd * p[po + k];
            if (decoupled) p[po + k] *= decay;
            mi[k] = b1 * mi[k] + (1 - b1) * gk;
            vi[k] = b2 * vi[k] + (1 - b2) * gk * gk;
            float vk = vi[k];
            if (amsgrad) {
                vm[k] = Math.max(vm[k], vk);
                vk = vm[k];
            }
            p[po + k] -= stepSize * mi[k] / ((float) Math.sqrt(vk) / sqrtBc2 + e);
        }
    }

    @Override
    protected void afterStep() {
        t++;
    }
}
