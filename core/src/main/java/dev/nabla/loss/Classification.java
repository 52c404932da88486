package dev.nabla.loss;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy and negative log-likelihood with PyTorch's exact semantics: input [N, C, d1, ...]
 * (classes in dimension 1) or unbatched [C]; targets as class indices [N, d1, ...] (INT64) or, for
 * cross-entropy, as probabilities of the input's shape; class weights, ignoreIndex and label smoothing.
 *
 * <p>With class indices, MEAN is the weighted mean sum_i w[y_i] l_i / sum_i w[y_i] over non-ignored
 * i (NaN if all are ignored); the smoothing term is normalized by the same total. With probability
 * targets MEAN divides by the number of samples (numel / C) whatever the weights, as PyTorch does.
 */
final class Classification {
    private Classification() {}

    static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyOptions o) {
        String name = "crossEntropy";
        int classDim = classDim(name, input);
        int c = input.dim(classDim);
        Tensor w = weight(name, o.weight(), c, input);
        double eps = o.labelSmoothing();
        if (w == null && eps == 0 && o.reduction() == Reduction.MEAN && classDim == 1) {
            Tensor fused = CrossEntropyRows.meanOrNull(input, target, o.ignoreIndex());
            if (fused != null) return fused;
        }
        Tensor logp = input.logSoftmax(classDim);
        if (target.dtype().isFloating()) {
            if (!Arrays.equals(target.dims(), input.dims())) {
                throw new IllegalArgumentException(name + ": probability target " + target.shape() + " must have the input's shape "
                        + input.shape() + " (class-index targets must be INT64)");
            }
            if (o.ignoreIndex() >= 0) {
                throw new IllegalArgumentException(name + ": ignoreIndex " + o.ignoreIndex() + " is not supported with probability targets");
            }
            Tensor t = Checks.like(target, input);
            if (eps > 0) t = t.mul(1 - eps).add(eps / c);
            Tensor prod = logp.mul(t);
            if (w != null) prod = prod.mul(broadcastWeight(w, input.rank(), classDim));
            return switch (o.reduction()) {
                case NONE -> prod.sum(classDim).neg();
                case SUM -> prod.sum().neg();
                case MEAN -> prod.sum().neg().div(input.numel() / c);
                case BATCHMEAN -> o.reduction().apply(prod, name);
            };
        }
        Picked p = pick(name, logp, target, w, o.ignoreIndex(), classDim);
        Tensor nll = reduce(name, p, o.reduction());
        if (eps == 0) return nll;
        Tensor lw = w == null ? logp : logp.mul(broadcastWeight(w, input.rank(), classDim));
        Tensor smooth = p.masked(lw.sum(classDim).neg());
        Tensor ret = switch (o.reduction()) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> smooth.sum().div(p.weightTotal());
            case BATCHMEAN -> throw new AssertionError();
        };
        return nll.mul(1 - eps).add(ret.mul(eps / c));
    }

    static Tensor nll(Tensor input, Tensor target, CrossEntropyOptions o) {
        String name = "nll";
        if (o.labelSmoothing() != 0) throw new IllegalArgumentException(name + ": labelSmoothing is a crossEntropy setting; nll takes none");
        int classDim = classDim(name, input);
        Tensor w = weight(name, o.weight(), input.dim(classDim), input);
        return reduce(name, pick(name, input, target, w, o.ignoreIndex(), classDim), o.reduction());
    }

    /**
     * Per-position losses -w[y] x[y]; the weights w[y] (0 where ignored), or null when there are no
     * class weights and nothing is ignored; the 0/1 mask of counted positions (null when all count);
     * and the number of counted positions.
     */
    private record Picked(Tensor losses, Tensor weights, Tensor mask, int count) {
        Tensor weightTotal() {
            return weights != null ? weights.sum() : Tensor.scalar(count, losses.dtype());
        }

        Tensor masked(Tensor perPosition) {
            return mask == null ? perPosition : perPosition.mul(mask);
        }
    }

    private static Tensor reduce(String name, Picked p, Reduction r) {
        return switch (r) {
            case NONE -> p.losses();
            case SUM -> p.losses().sum();
            case MEAN -> p.weights() == null && p.count() == p.losses().numel() ? p.losses().mean() : p.losses().sum().div(p.weightTotal());
            case BATCHMEAN -> r.apply(p.losses(), name);
        };
    }

    private static Picked pick(String name, Tensor x, Tensor target, Tensor w, int ignore, int classDim) {
        if (target.dtype().isFloating() || target.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name + ": class-index target must be INT64, got " + target.dtype() + " of shape "
                    + target.shape() + " for input " + x.shape());
        }
        int[] expected = new int[x.rank() - 1];
        for (int i = 0, k = 0; i < x.rank(); i++) if (i != classDim) expected[k++] = x.dim(i);
        if (!Arrays.equals(target.dims(), expected)) {
            throw new IllegalArgumentException(name + ": input " + x.shape() + " needs a class-index target of shape "
                    + Arrays.toString(expected) + ", got " + target.shape());
        }
        int c = x.dim(classDim);
        double[] t = target.toDoubleArray();
        int ignored = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == ignore) {
                ignored++;
            } else if (t[i] < 0 || t[i] >= c) {
                throw new IndexOutOfBoundsException(name + ": target " + (long) t[i] + " at flat index " + i + " is out of range for "
                        + c + " classes (input " + x.shape() + ", target " + target.shape() + ", ignoreIndex " + ignore + ")");
            }
        }
        int[] ts = target.dims();
        Tensor idx = target;
        Tensor mask = null;
        if (ignored > 0) {
            double[] safe = new double[t.length];
            double[] m = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                if (t[i] != ignore) {
                    safe[i] = t[i];
                    m[i] = 1;
                }
            }
            idx = Tensor.wrap(safe, DType.INT64, ts);
            mask = Tensor.wrap(m, DType.FLOAT64, ts).to(x.dtype());
        }
        Tensor picked = x.gather(classDim, idx.unsqueeze(classDim)).squeeze(classDim);
        Tensor wt = w == null ? mask : w.indexSelect(0, idx.reshape(-1)).reshape(ts);
        if (w != null && mask != null) wt = wt.mul(mask);
        Tensor losses = wt == null ? picked.neg() : picked.mul(wt).neg();
        return new Picked(losses, wt, mask, t.length - ignored);
    }

    private static int classDim(String name, Tensor input) {
        Checks.floating(name, "input", input);
        if (input.rank() == 0) throw new IllegalArgumentException(name + ": input must have a class dimension, got a scalar");
        return input.rank() == 1 ? 0 : 1;
    }

    private static Tensor weight(String name, Tensor w, int classes, Tensor input) {
        if (w == null) return null;
        if (w.rank() != 1 || w.dim(0) != classes) {
            throw new IllegalArgumentException(name + ": class weights " + w.shape() + " must have one entry for each of the "
                    + classes + " classes of input " + input.shape());
        }
        return Checks.like(w, input);
    }

    static Tensor broadcastWeight(Tensor w, int rank, int classDim) {
        if (rank == 1) return w;
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[classDim] = w.dim(0);
        return w.reshape(shape);
    }
}
