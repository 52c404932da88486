package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * The output head of a pointer network (Vinyals et al. 2015): content-based input attention
 * {@code u = v^T tanh(W1 E + W2 d)} over the encoder states E, whose softmax over input positions is the output
 * distribution itself (the model points at an input rather than choosing from a fixed vocabulary). The scores come
 * from an {@link AdditiveAttention} (child {@code attention}).
 *
 * <p>{@link #logProbabilities} returns log-probabilities [N, T, S] (or [N, S] for one step [N, H]) with positions
 * where the mask is true (padding, or inputs already chosen) excluded; each query must keep at least one position.
 * {@link #pointTo} gives the encoder state at the most probable position, the next decoder input of the
 * paper's variant that feeds the chosen element back.
 */
public final class PointerHead extends Module {
    private final AdditiveAttention attention;

    public PointerHead(int decoderDim, int encoderDim, int attentionDim, Rng rng) {
        attention = child("attention", new AdditiveAttention(decoderDim, encoderDim, attentionDim, rng));
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("PointerHead needs decoder and encoder states: use logProbabilities(decoder, encoder, mask)");
    }

    /**
     * @param decoder [N, T, Hd] or [N, Hd]
     * @param encoder [N, S, He]
     * @param mask BOOL, broadcastable to the scores [N, (T,) S], true = not a valid output; or null
     */
    public Tensor logProbabilities(Tensor decoder, Tensor encoder, Tensor mask) {
        Tensor u = attention.scores(decoder, encoder);
        if (mask != null) {
            if (mask.dtype() != dev.nabla.tensor.DType.BOOL) {
                throw new IllegalArgumentException("PointerHead: mask must be BOOL, got " + mask.dtype() + " of shape " + mask.shape());
            }
            Tensor m = mask.rank() == 2 && u.rank() == 3 ? mask.unsqueeze(1) : mask;
            u = u.maskedFill(m, Double.NEGATIVE_INFINITY);
        }
        return u.logSoftmax(-1);
    }

    /** The encoder state [N, He] at the arg-max of one step's log-probabilities [N, S]. */
    public static Tensor pointTo(Tensor logProbs, Tensor encoder) {
        if (logProbs.rank() != 2 || encoder.rank() != 3 || logProbs.dim(0) != encoder.dim(0) || logProbs.dim(1) != encoder.dim(1)) {
            throw new IllegalArgumentException("pointTo: log-probabilities " + logProbs.shape() + " and encoder " + encoder.shape()
                    + " must be [N, S] and [N, S, H]");
        }
        Tensor idx = logProbs.argmax(1, true).unsqueeze(2).expand(encoder.dim(0), 1, encoder.dim(2));
        return encoder.gather(1, idx).squeeze(1);
    }
}
