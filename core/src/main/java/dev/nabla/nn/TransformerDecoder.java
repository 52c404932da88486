package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of decoder layers with an optional final layer norm (torch.nn.TransformerDecoder); state-dict keys
 * {@code layers.0.multihead_attn.in_proj_weight}, ..., {@code norm.weight}.
 */
public final class TransformerDecoder extends Module {
    private final ModuleList layers;
    private final LayerNorm norm;

    public TransformerDecoder(List<TransformerDecoderLayer> layers, LayerNorm norm) {
        if (layers.isEmpty()) throw new IllegalArgumentException("TransformerDecoder: needs at least one layer");
        this.layers = child("layers", new ModuleList(layers));
        this.norm = norm == null ? null : child("norm", norm);
    }

    /** {@code numLayers} copies of one freshly initialized layer (as PyTorch deep-copies it), plus a final norm if asked for. */
    public static TransformerDecoder of(int dModel, int nhead, TransformerLayerConfig config, int numLayers, boolean finalNorm, Rng rng) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerDecoder: num_layers must be positive, got " + numLayers);
        List<TransformerDecoderLayer> list = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            TransformerDecoderLayer layer = new TransformerDecoderLayer(dModel, nhead, config, rng);
            if (i > 0) layer.loadStateDict(list.get(0).stateDict(), true);
            list.add(layer);
        }
        return new TransformerDecoder(list, finalNorm ? new LayerNorm(new int[] {dModel}, config.layerNormEps(), true) : null);
    }

    public ModuleList layers() {
        return layers;
    }

    /** A decoder needs the memory: use {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("TransformerDecoder: forward needs the target and the memory: forward(tgt, memory)");
    }

    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null, false);
    }

    /** Runs every layer with the same masks (see {@link TransformerDecoderLayer}). */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
            Tensor memoryKeyPaddingMask, boolean tgtIsCausal) {
        Tensor x = tgt;
        for (Module m : layers) {
            x = ((TransformerDecoderLayer) m).forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal);
        }
        return norm == null ? x : norm.forward(x);
    }
}
