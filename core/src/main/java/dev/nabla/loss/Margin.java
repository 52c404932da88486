package dev.nabla.loss;

import dev.nabla.nn.F;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Margin, ranking and embedding losses. */
final class Margin {
    private Margin() {}

    /**
     * Multi-class hinge (PyTorch's multi_margin_loss): per sample, sum over i != y of
     * w[y] max(0, margin - x[y] + x[i])^p, divided by C. Input [N, C] or [C]; target INT64 [N] or [].
     */
    static Tensor multiMargin(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction r) {
        String name = "multiMargin";
        Checks.floating(name, "input", input);
        if (p != 1 && p != 2) throw new IllegalArgumentException(name + ": p must be 1 or 2, got " + p);
        if (input.rank() != 1 && input.rank() != 2) {
            throw new IllegalArgumentException(name + ": input must be [N, C] or [C], got " + input.shape());
        }
        boolean unbatched = input.rank() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        int n = x.dim(0);
        int c = x.dim(1);
        if (target.dtype().isFloating() || target.numel() != n || target.rank() != (unbatched ? 0 : 1)) {
            throw new IllegalArgumentException(name + ": input " + input.shape() + " needs an INT64 class-index target of shape "
                    + (unbatched ? "[]" : "[" + n + "]") + ", got " + target.dtype() + " " + target.shape());
        }
        if (weight != null && (weight.rank() != 1 || weight.dim(0) != c)) {
            throw new IllegalArgumentException(name + ": class weights " + weight.shape() + " must have one entry for each of the " + c
                    + " classes of input " + input.shape());
        }
        Tensor y = target.reshape(n);
        double[] t = y.toDoubleArray();
        for (int i = 0; i < n; i++) {
            if (t[i] < 0 || t[i] >= c) {
                throw new IndexOutOfBoundsException(name + ": target " + (long) t[i] + " at index " + i + " is out of range for " + c
                        + " classes (input " + input.shape() + ")");
            }
        }
        Tensor idx = y.unsqueeze(1);
        Tensor xy = x.gather(1, idx);
        Tensor z = x.sub(xy).add(margin).relu();
        if (p == 2) z = z.square();
        Tensor others = y.oneHot(c).to(x.dtype()).rsub(1);
        Tensor v = z.mul(others).sum(1).div(c);
        if (weight != null) v = v.mul(Checks.like(weight, x).indexSelect(0, y));
        if (unbatched) v = v.reshape();
        return r.apply(v, name);
    }

    /**
     * Multi-label one-versus-all logistic loss: per sample, the mean over classes of
     * -w_c [y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c)]. Input and target [N, C] (or [C]).
     */
    static Tensor multiLabelSoftMargin(Tensor input, Tensor target, Tensor weight, Reduction r) {
        String name = "multiLabelSoftMargin";
        Checks.floating(name, "input", input);
        Checks.sameShape(name, "input", input, "target", target);
        if (input.rank() == 0) throw new IllegalArgumentException(name + ": input must be [N, C] or [C], got a scalar");
        if (weight != null) Checks.broadcastsTo(name, "weight", weight, input);
        Tensor y = Checks.like(target, input);
        Tensor v = y.mul(F.logSigmoid(input)).add(y.rsub(1).mul(F.logSigmoid(input.neg()))).neg();
        if (weight != null) v = v.mul(Checks.like(weight, input));
        v = v.sum(-1).div(input.dim(-1));
        return r.apply(v, name);
    }

    /**
     * 1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1 (0 for other labels);
     * cos = x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12)) along the last dimension, as PyTorch.
     */
    static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor target, double margin, Reduction r) {
        String name = "cosineEmbedding";
        Checks.floating(name, "input1", x1);
        Checks.sameShape(name, "input1", x1, "input2", x2);
        if (x1.rank() != 1 && x1.rank() != 2) throw new IllegalArgumentException(name + ": inputs must be [N, D] or [D], got " + x1.shape());
        checkPairTarget(name, x1, target, x1.rank() - 1);
        double eps = 1e-12;
        Tensor prod = x1.mul(x2).sum(-1);
        Tensor m1 = x1.square().sum(-1).add(eps);
        Tensor m2 = x2.square().sum(-1).add(eps);
        Tensor cos = prod.div(m1.mul(m2).sqrt());
        Tensor y = target.to(x1.dtype());
        Tensor zeros = cos.zerosLike();
        Tensor pos = Tensor.where(y.eq(1), cos.rsub(1), zeros);
        Tensor neg = Tensor.where(y.eq(-1), cos.sub(margin).clampMin(0), zeros);
        return r.apply(pos.add(neg), name);
    }

    /** max(0, -y (x1 - x2) + margin) for labels y in {1, -1} (1: x1 should rank higher). */
    static Tensor marginRanking(Tensor x1, Tensor x2, Tensor target, double margin, Reduction r) {
        String name = "marginRanking";
        Checks.floating(name, "input1", x1);
        Checks.sameShape(name, "input1", x1, "input2", x2);
        Checks.sameShape(name, "input1", x1, "target", target);
        Tensor y = target.to(x1.dtype());
        return r.apply(y.neg().mul(x1.sub(x2)).add(margin).clampMin(0), name);
    }

    /**
     * Contrastive loss of Hadsell, Chopra and LeCun (2006) on pairs, with d the Euclidean distance
     * |x1 - x2 + 1e-6| along the last dimension (as pairwiseDistance):
     * {@code y * d^2 / 2 + (1 - y) * max(0, margin - d)^2 / 2}, where y = 1 marks a similar pair and
     * y = 0 a dissimilar one (the paper writes Y = 0 for similar; the label here is "is similar").
     * Not in PyTorch.
     */
    static Tensor contrastive(Tensor x1, Tensor x2, Tensor target, double margin, Reduction r) {
        String name = "contrastive";
        Checks.floating(name, "input1", x1);
        Checks.sameShape(name, "input1", x1, "input2", x2);
        if (x1.rank() != 1 && x1.rank() != 2) throw new IllegalArgumentException(name + ": inputs must be [N, D] or [D], got " + x1.shape());
        checkPairTarget(name, x1, target, x1.rank() - 1);
        Tensor y = target.to(x1.dtype());
        Tensor d = F.pairwiseDistance(x1, x2, 2, 1e-6);
        Tensor similar = d.square().mul(y);
        Tensor dissimilar = d.rsub(margin).relu().square().mul(y.rsub(1));
        return r.apply(similar.add(dissimilar).mul(0.5), name);
    }

    /**
     * max(0, margin + d(a, p) - d(a, n)) with d the p-norm pairwise distance (eps added to the
     * difference, as PyTorch); with swap, d(a, n) is replaced by min(d(a, n), d(p, n)).
     */
    static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
            boolean swap, Reduction r) {
        String name = "tripletMargin";
        Checks.floating(name, "anchor", anchor);
        Checks.sameShape(name, "anchor", anchor, "positive", positive);
        Checks.sameShape(name, "anchor", anchor, "negative", negative);
        if (anchor.rank() != 1 && anchor.rank() != 2) {
            throw new IllegalArgumentException(name + ": inputs must be [N, D] or [D], got " + anchor.shape());
        }
        Tensor dPos = F.pairwiseDistance(anchor, positive, p, eps);
        Tensor dNeg = F.pairwiseDistance(anchor, negative, p, eps);
        if (swap) dNeg = dNeg.minimum(F.pairwiseDistance(positive, negative, p, eps));
        return r.apply(dPos.sub(dNeg).add(margin).clampMin(0), name);
    }

    private static void checkPairTarget(String name, Tensor x, Tensor target, int batchRank) {
        int[] expected = Arrays.copyOf(x.dims(), batchRank);
        if (!Arrays.equals(target.dims(), expected)) {
            throw new IllegalArgumentException(name + ": inputs " + x.shape() + " need a label per pair, of shape "
                    + Arrays.toString(expected) + ", got " + target.dtype() + " " + target.shape());
        }
    }
}
