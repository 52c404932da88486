package dev.nabla.loss;

import dev.nabla.nn.F;
import dev.nabla.tensor.Tensor;

/** Binary cross-entropy (on probabilities and on logits) and KL divergence. */
final class Probabilistic {
    private Probabilistic() {}

    private static final double LOG_FLOOR = -100;
    private static final double EXP_FLOOR = StrictMath.exp(LOG_FLOOR);

    /**
     * -w [y log(x) + (1 - y) log(1 - x)] with each log clamped at -100, as PyTorch. Inputs must lie in
     * [0, 1]. The gradient equals PyTorch's, w (x - y) / (x (1 - x)), wherever x (1 - x) >= 1e-12; at
     * x = 0 or 1 exactly (where PyTorch divides by 1e-12 instead) the clamped log contributes nothing.
     */
    static Tensor bce(Tensor input, Tensor target, Tensor weight, Reduction r) {
        String name = "bce";
        Checks.floating(name, "input", input);
        Checks.sameShape(name, "input", input, "target", target);
        if (weight != null) Checks.broadcastsTo(name, "weight", weight, input);
        double[] xs = input.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            if (!(xs[i] >= 0 && xs[i] <= 1)) {
                throw new IllegalArgumentException(name + ": all elements of input " + input.shape() + " must be probabilities in [0, 1],"
                        + " found " + xs[i] + " at flat index " + i + "; use bceWithLogits on logits");
            }
        }
        Tensor y = Checks.like(target, input);
        Tensor v = y.mul(clampedLog(input)).add(y.rsub(1).mul(clampedLog(input.rsub(1)))).neg();
        if (weight != null) v = v.mul(Checks.like(weight, input));
        return r.apply(v, name);
    }

    /** max(log(x), -100), with no NaN in the gradient where x is 0. */
    private static Tensor clampedLog(Tensor x) {
        Tensor ok = x.gt(EXP_FLOOR);
        Tensor safe = Tensor.where(ok, x, x.onesLike());
        return Tensor.where(ok, safe.log(), x.zerosLike().add(LOG_FLOOR));
    }

    /**
     * w [(1 - y) x + (1 + (p - 1) y) softplus(-x)] with p the positive-class weight (broadcast along
     * the last dimension; 1 if null): binary cross-entropy of sigmoid(x), computed without overflow.
     */
    static Tensor bceWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction r) {
        String name = "bceWithLogits";
        Checks.floating(name, "input", input);
        Checks.sameShape(name, "input", input, "target", target);
        if (weight != null) Checks.broadcastsTo(name, "weight", weight, input);
        if (posWeight != null) Checks.broadcastsTo(name, "posWeight", posWeight, input);
        Tensor y = Checks.like(target, input);
        Tensor sp = F.softplus(input.neg(), 1, Double.POSITIVE_INFINITY);
        Tensor logWeight = posWeight == null ? null : Checks.like(posWeight, input).sub(1).mul(y).add(1);
        Tensor v = y.rsub(1).mul(input).add(logWeight == null ? sp : logWeight.mul(sp));
        if (weight != null) v = v.mul(Checks.like(weight, input));
        return r.apply(v, name);
    }

    /**
     * KL(target || exp(input)) pointwise: target (log target - input), 0 where target is 0; with
     * logTarget, exp(target) (target - input). MEAN averages over all elements; BATCHMEAN divides the
     * sum by the batch size (dimension 0) and is the mathematically correct KL value.
     */
    static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
        String name = "klDiv";
        Checks.floating(name, "input", input);
        Checks.sameShape(name, "input (log-probabilities)", input, "target", target);
        Tensor t = Checks.like(target, input);
        Tensor v;
        if (logTarget) {
            v = t.exp().mul(t.sub(input));
        } else {
            Tensor zero = t.eq(0);
            Tensor xlogx = Tensor.where(zero, t.zerosLike(), t.mul(Tensor.where(zero, t.onesLike(), t).log()));
            v = xlogx.sub(t.mul(input));
        }
        if (r == Reduction.BATCHMEAN) {
            if (input.rank() == 0) throw new IllegalArgumentException(name + ": BATCHMEAN needs a batch dimension, got a scalar input");
            return v.sum().div(input.dim(0));
        }
        return r.apply(v, name);
    }
}
