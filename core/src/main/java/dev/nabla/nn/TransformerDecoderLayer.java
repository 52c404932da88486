package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A transformer decoder layer (torch.nn.TransformerDecoderLayer): self-attention over the target,
 * attention over the encoder's memory (multihead_attn) and a feed-forward block, each with a residual
 * connection and layer norm:
 * <pre>
 * post-norm: x = norm1(x + sa(x)); x = norm2(x + mha(x, memory)); x = norm3(x + ff(x))
 * pre-norm:  x = x + sa(norm1(x)); x = x + mha(norm2(x), memory); x = x + ff(norm3(x))
 * </pre>
 * State-dict keys as PyTorch's: self_attn.*, multihead_attn.*, linear1.*, linear2.*, norm1..3.*.
 */
public final class TransformerDecoderLayer extends Module {
    private final int dModel;
    private final TransformerLayerConfig config;
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention multiheadAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;
    private final Module activation;

    public TransformerDecoderLayer(int dModel, int nhead, Rng rng) {
        this(dModel, nhead, TransformerLayerConfig.defaults(), rng);
    }

    public TransformerDecoderLayer(int dModel, int nhead, TransformerLayerConfig config, Rng rng) {
        this.dModel = dModel;
        this.config = config;
        selfAttn = child("self_attn", new MultiheadAttention(dModel, nhead, config.dropout(), config.batchFirst(), rng));
        multiheadAttn = child("multihead_attn", new MultiheadAttention(dModel, nhead, config.dropout(), config.batchFirst(), rng));
        linear1 = child("linear1", new Linear(dModel, config.dimFeedforward(), rng));
        dropout = child("dropout", new Dropout(config.dropout(), rng));
        linear2 = child("linear2", new Linear(config.dimFeedforward(), dModel, rng));
        double eps = config.layerNormEps();
        norm1 = child("norm1", new LayerNorm(new int[] {dModel}, eps, true));
        norm2 = child("norm2", new LayerNorm(new int[] {dModel}, eps, true));
        norm3 = child("norm3", new LayerNorm(new int[] {dModel}, eps, true));
        dropout1 = child("dropout1", new Dropout(config.dropout(), rng));
        dropout2 = child("dropout2", new Dropout(config.dropout(), rng));
        dropout3 = child("dropout3", new Dropout(config.dropout(), rng));
        activation = Activation.of(config.activation());
    }

    public TransformerLayerConfig config() {
        return config;
    }

    /** A decoder layer needs the memory: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("TransformerDecoderLayer: forward needs the target and the memory: forward(tgt, memory)");
    }

    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null, false);
    }

    /**
     * @param tgtMask [T, T] or [N * nhead, T, T] (e.g. {@link Transformer#generateSquareSubsequentMask}), or null
     * @param memoryMask [T, S] or [N * nhead, T, S], or null
     * @param tgtKeyPaddingMask [N, T], or null
     * @param memoryKeyPaddingMask [N, S], or null
     * @param tgtIsCausal adds the causal mask to the self-attention
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
            Tensor memoryKeyPaddingMask, boolean tgtIsCausal) {
        Tensor x = tgt;
        if (config.normFirst()) {
            x = x.add(selfAttention(norm1.forward(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal));
            x = x.add(crossAttention(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal)));
        x = norm2.forward(x.add(crossAttention(x, memory, memoryMask, memoryKeyPaddingMask)));
        return norm3.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor kpm, boolean causal) {
        return dropout1.forward(selfAttn.forward(x, x, x, kpm, false, mask, true, causal).output());
    }

    private Tensor crossAttention(Tensor x, Tensor mem, Tensor mask, Tensor kpm) {
        return dropout2.forward(multiheadAttn.forward(x, mem, mem, kpm, false, mask, true, false).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout3.forward(linear2.forward(dropout.forward(activation.forward(linear1.forward(x)))));
    }

    @Override
    protected String describe() {
        return "d_model=" + dModel + ", " + config;
    }
}
