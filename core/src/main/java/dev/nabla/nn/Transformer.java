package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * The encoder-decoder transformer of Vaswani et al. (torch.nn.Transformer): an encoder and a decoder, each
 * with a final layer norm, and every weight matrix re-initialized xavier-uniform as PyTorch's
 * _reset_parameters does. State-dict keys {@code encoder.layers.1.linear1.bias}, {@code decoder.norm.weight}, ...
 */
public final class Transformer extends Module {
    private final int dModel;
    private final int nhead;
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;

    /** PyTorch's defaults: d_model 512, nhead 8, 6 + 6 layers, the config's feed-forward and dropout. */
    public Transformer(Rng rng) {
        this(512, 8, 6, 6, TransformerLayerConfig.defaults(), rng);
    }

    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, TransformerLayerConfig config, Rng rng) {
        this.dModel = dModel;
        this.nhead = nhead;
        encoder = child("encoder", TransformerEncoder.of(dModel, nhead, config, numEncoderLayers, true, rng));
        decoder = child("decoder", TransformerDecoder.of(dModel, nhead, config, numDecoderLayers, true, rng));
        try (var g = Grad.off()) {
            for (Tensor p : parameters()) if (p.rank() > 1) Init.xavierUniform(p, rng);
        }
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    public TransformerDecoder decoder() {
        return decoder;
    }

    public int dModel() {
        return dModel;
    }

    public int nhead() {
        return nhead;
    }

    /** A [sz, sz] mask with -inf above the diagonal and 0 elsewhere: position i attends to positions up to i. */
    public static Tensor generateSquareSubsequentMask(int sz) {
        return Attention.squareSubsequentMask(sz);
    }

    /** A transformer needs a source and a target: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("Transformer: forward needs the source and the target: forward(src, tgt)");
    }

    public Tensor forward(Tensor src, Tensor tgt) {
        return forward(src, tgt, null, null, null, null, null, null);
    }

    /** torch.nn.Transformer.forward: encode src, decode tgt against the memory. Any mask may be null. */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask,
            Tensor srcKeyPaddingMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask, false);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, false);
    }
}
