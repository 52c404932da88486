package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A transformer encoder layer (torch.nn.TransformerEncoderLayer): self-attention and a feed-forward block
 * linear2(dropout(activation(linear1(x)))), each with a residual connection and layer norm, after
 * (post-norm, the default) or before (normFirst) the sublayer:
 * <pre>
 * post-norm: x = norm1(x + sa(x)); x = norm2(x + ff(x))
 * pre-norm:  x = x + sa(norm1(x)); x = x + ff(norm2(x))
 * </pre>
 * State-dict keys as PyTorch's: self_attn.*, linear1.*, linear2.*, norm1.*, norm2.*.
 */
public final class TransformerEncoderLayer extends Module {
    private final int dModel;
    private final TransformerLayerConfig config;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Module activation;

    public TransformerEncoderLayer(int dModel, int nhead, Rng rng) {
        this(dModel, nhead, TransformerLayerConfig.defaults(), rng);
    }

    public TransformerEncoderLayer(int dModel, int nhead, TransformerLayerConfig config, Rng rng) {
        this.dModel = dModel;
        this.config = config;
        selfAttn = child("self_attn", new MultiheadAttention(dModel, nhead, config.dropout(), config.batchFirst(), rng));
        linear1 = child("linear1", new Linear(dModel, config.dimFeedforward(), rng));
        dropout = child("dropout", new Dropout(config.dropout(), rng));
        linear2 = child("linear2", new Linear(config.dimFeedforward(), dModel, rng));
        double eps = config.layerNormEps();
        norm1 = child("norm1", new LayerNorm(new int[] {dModel}, eps, true));
        norm2 = child("norm2", new LayerNorm(new int[] {dModel}, eps, true));
        dropout1 = child("dropout1", new Dropout(config.dropout(), rng));
        dropout2 = child("dropout2", new Dropout(config.dropout(), rng));
        activation = Activation.of(config.activation());
    }

    public TransformerLayerConfig config() {
        return config;
    }

    public int dModel() {
        return dModel;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null, false);
    }

    /**
     * @param srcMask attention mask [S, S] or [N * nhead, S, S] (BOOL true = masked, or additive), or null
     * @param srcKeyPaddingMask [N, S] (true = padding), or null
     * @param isCausal adds the causal mask
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor x = src;
        if (config.normFirst()) {
            x = x.add(selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask, isCausal));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, srcMask, srcKeyPaddingMask, isCausal)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor kpm, boolean causal) {
        return dropout1.forward(selfAttn.forward(x, x, x, kpm, false, mask, true, causal).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(activation.forward(linear1.forward(x)))));
    }

    @Override
    protected String describe() {
        return "d_model=" + dModel + ", " + config;
    }
}
