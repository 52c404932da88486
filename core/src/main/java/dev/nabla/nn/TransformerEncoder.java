package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of encoder layers with an optional final layer norm (torch.nn.TransformerEncoder); state-dict keys
 * {@code layers.0.self_attn.in_proj_weight}, ..., {@code norm.weight}.
 */
public final class TransformerEncoder extends Module {
    private final ModuleList layers;
    private final LayerNorm norm;

    /** Stacks the given layers (in order) and the final norm (or null). */
    public TransformerEncoder(List<TransformerEncoderLayer> layers, LayerNorm norm) {
        if (layers.isEmpty()) throw new IllegalArgumentException("TransformerEncoder: needs at least one layer");
        this.layers = child("layers", new ModuleList(layers));
        this.norm = norm == null ? null : child("norm", norm);
    }

    /**
     * {@code numLayers} copies of one freshly initialized layer, as PyTorch's TransformerEncoder deep-copies
     * its layer argument (so all layers start with the same weights), plus a final LayerNorm if asked for.
     */
    public static TransformerEncoder of(int dModel, int nhead, TransformerLayerConfig config, int numLayers, boolean finalNorm, Rng rng) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerEncoder: num_layers must be positive, got " + numLayers);
        List<TransformerEncoderLayer> list = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(dModel, nhead, config, rng);
            if (i > 0) layer.loadStateDict(list.get(0).stateDict(), true);
            list.add(layer);
        }
        return new TransformerEncoder(list, finalNorm ? new LayerNorm(new int[] {dModel}, config.layerNormEps(), true) : null);
    }

    public ModuleList layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null, false);
    }

    /** Runs every layer with the same masks (see {@link TransformerEncoderLayer#forward(Tensor, Tensor, Tensor, boolean)}). */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor x = src;
        for (Module m : layers) x = ((TransformerEncoderLayer) m).forward(x, mask, srcKeyPaddingMask, isCausal);
        return norm == null ? x : norm.forward(x);
    }
}
