package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/** Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD semantics). */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final float[][] buf;

    public Sgd(List<Tensor> params, double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        super(params, lr);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.buf = new float[params.size()][];
    }

    public Sgd(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, false, 0);
    }

    @Override
    protected void update(int i, Tensor param, Tensor grad) {
        float[] p = param.floatData();
        int po = param.dataOffset();
        float[] g = grad.floatData();
        int go = grad.dataOffset();
        int n = param.numel();
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        float damp = (float) (1 - dampening);
        float rate = (float) lr;
        boolean first = buf[i] == null;
        if (mu != 0 && first) buf[i] = new float[n];
        float[] b = buf[i];
        for (int k = 0; k < n; k++) {
            float d = g[go + k] + wd * p[po + k];
            if (mu != 0) {
                b[k] = first ? d : mu * b[k] + damp * d;
                d = nesterov ? d + mu * b[k] : b[k];
            }
            p[po + k] -= rate * d;
        }
    }
}
