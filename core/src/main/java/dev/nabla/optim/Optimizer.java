package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/** Updates parameters from their gradients. Holds per-parameter state; {@link #step()} runs without recording. */
public abstract class Optimizer {
    protected final List<Tensor> params;
    protected double lr;

    protected Optimizer(List<Tensor> params, double lr) {
        if (params.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        if (!(lr >= 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be >= 0, got " + lr);
        for (Tensor p : params) {
            if (!p.isContiguous() || p.dtype() != dev.nabla.tensor.DType.FLOAT32) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameters must be contiguous FLOAT32, got "
                        + p.dtype() + " " + p.shape());
            }
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        try (var g = dev.nabla.autograd.Grad.off()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor grad = p.grad();
                if (grad == null) continue;
                update(i, p, grad.contiguous());
                p.markWritten();
            }
            afterStep();
        }
    }

    /** Updates parameter i in place from its (contiguous) gradient. */
    protected abstract void update(int i, Tensor param, Tensor grad);

    /** Called once after all parameters are updated (e.g. to advance a step counter). */
    protected void afterStep() {}

    public void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }

    public List<Tensor> params() {
        return params;
    }
}
