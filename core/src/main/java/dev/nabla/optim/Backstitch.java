package dev.nabla.optim;

import java.util.function.DoubleSupplier;

/**
 * Backstitch training (Povey et al., "Backstitch: Counteracting Finite-sample Bias via Negative Steps",
 * NIPS 2017) around any optimizer: on a minibatch, first a step with -alpha times the learning rate
 * (a small step up the gradient), then, with the gradient recomputed on the same minibatch at the new
 * point, a step with (1 + alpha) times the learning rate. The net coefficient is 1; each backstitched
 * minibatch costs two forward and backward passes. As in Kaldi, backstitch may be applied only on every
 * {@code interval}-th minibatch (the others take one ordinary step). The paper used plain SGD (with
 * dropout); with a stateful inner optimizer both steps also update its state (momentum, moments, step
 * count).
 *
 * <pre>{@code
 * var opt = new Backstitch(new Sgd(model.parameters(), 0.1), 0.3, 1);
 * double loss = opt.step(() -> {
 *     Tensor l = F.crossEntropy(model.forward(x), y);
 *     l.backward();
 *     return l.item();
 * });
 * }</pre>
 */
public final class Backstitch {
    private final Optimizer inner;
    private final double alpha;
    private final int interval;
    private long minibatches;

    public Backstitch(Optimizer inner, double alpha, int interval) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("Backstitch: alpha must be a finite number >= 0, got " + alpha);
        if (interval < 1) throw new IllegalArgumentException("Backstitch: interval must be >= 1, got " + interval);
        this.inner = inner;
        this.alpha = alpha;
        this.interval = interval;
    }

    /** Backstitch on every minibatch with the paper's alpha = 0.3. */
    public Backstitch(Optimizer inner) {
        this(inner, 0.3, 1);
    }

    /**
     * Processes one minibatch. {@code lossAndBackward} must compute the loss on the minibatch at the
     * current parameters, call backward, and return the loss value; gradients are zeroed before each
     * call. Returns the loss of the first evaluation (at the parameters before this step).
     */
    public double step(DoubleSupplier lossAndBackward) {
        boolean stitch = alpha > 0 && minibatches++ % interval == 0;
        inner.zeroGrad();
        double loss = lossAndBackward.getAsDouble();
        if (!stitch) {
            inner.step();
            return loss;
        }
        try {
            inner.lrScale = -alpha;
            inner.step();
            inner.zeroGrad();
            lossAndBackward.getAsDouble();
            inner.lrScale = 1 + alpha;
            inner.step();
        } finally {
            inner.lrScale = 1;
        }
        return loss;
    }

    public Optimizer inner() {
        return inner;
    }

    public double alpha() {
        return alpha;
    }

    public int interval() {
        return interval;
    }
}
