package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/** Elementwise regression losses on equal-shaped prediction and target. */
final class Regression {
    private Regression() {}

    private static Tensor diff(String loss, Tensor input, Tensor target) {
        Checks.floating(loss, "input", input);
        Checks.sameShape(loss, "input", input, "target", target);
        return input.sub(Checks.like(target, input));
    }

    static Tensor mse(Tensor input, Tensor target, Reduction r) {
        return r.apply(diff("mse", input, target).square(), "mse");
    }

    static Tensor l1(Tensor input, Tensor target, Reduction r) {
        return r.apply(diff("l1", input, target).abs(), "l1");
    }

    /** 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere; beta = 0 is the L1 loss. */
    static Tensor smoothL1(Tensor input, Tensor target, double beta, Reduction r) {
        if (!(beta >= 0)) throw new IllegalArgumentException("smoothL1: beta must be >= 0, got " + beta);
        Tensor d = diff("smoothL1", input, target);
        if (beta == 0) return r.apply(d.abs(), "smoothL1");
        Tensor a = d.abs();
        Tensor v = Tensor.where(a.lt(beta), d.square().mul(0.5 / beta), a.sub(0.5 * beta));
        return r.apply(v, "smoothL1");
    }

    /** 0.5 d^2 where |d| < delta, delta (|d| - 0.5 delta) elsewhere. */
    static Tensor huber(Tensor input, Tensor target, double delta, Reduction r) {
        if (!(delta > 0)) throw new IllegalArgumentException("huber: delta must be > 0, got " + delta);
        Tensor d = diff("huber", input, target);
        Tensor a = d.abs();
        Tensor v = Tensor.where(a.lt(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta));
        return r.apply(v, "huber");
    }
}
