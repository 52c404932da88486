package dev.nabla.loss;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/** Loss functions (mean reduction), as static functions. */
public final class Loss {
    private Loss() {}

    /** Cross-entropy of logits [N, C] against INT64 class indices [N]: mean of -log softmax(logits)[y]. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        if (logits.rank() != 2 || target.rank() != 1 || target.dim(0) != logits.dim(0)) {
            throw new IllegalArgumentException("crossEntropy: expects logits [N, C] and class indices [N], got "
                    + logits.shape() + " and " + target.shape());
        }
        if (target.dtype().isFloating()) {
            throw new IllegalArgumentException("crossEntropy: class indices must be INT64, got " + target.dtype());
        }
        Tensor logp = logits.logSoftmax(1);
        return logp.gather(1, target.unsqueeze(1)).mean().neg();
    }

    /** Mean squared error. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException("mse: prediction " + prediction.shape() + " and target " + target.shape() + " differ");
        }
        Tensor d = prediction.sub(target.dtype() == prediction.dtype() ? target : target.to(DType.FLOAT32));
        return d.mul(d).mean();
    }
}
