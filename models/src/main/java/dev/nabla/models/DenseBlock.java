package dev.nabla.models;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A dense block (torchvision {@code _DenseBlock}): layers denselayer1 .. denselayerL, each fed the concatenation
 * (along channels) of the block's input and every earlier layer's output; the block returns the concatenation of
 * all of them, in + L * growth channels.
 */
public final class DenseBlock extends Module {
    private final int in;
    private final int growth;
    private final List<DenseLayer> layers = new ArrayList<>();

    public DenseBlock(int layerCount, int in, int growth, int bnSize, Rng rng) {
        if (layerCount <= 0) throw new IllegalArgumentException("DenseBlock: layer count must be positive, got " + layerCount);
        this.in = in;
        this.growth = growth;
        for (int i = 0; i < layerCount; i++) layers.add(child("denselayer" + (i + 1), new DenseLayer(in + i * growth, growth, bnSize, rng)));
    }

    /** Channels of the block's output. */
    public int outChannels() {
        return in + layers.size() * growth;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException("DenseBlock(in=" + in + "): input shape " + x.shape() + " must be [N, " + in + ", H, W]");
        }
        Tensor features = x;
        for (DenseLayer layer : layers) features = Tensor.cat(1, features, layer.forward(features));
        return features;
    }

    @Override
    protected String describe() {
        return "layers=" + layers.size() + ", in=" + in + ", growth=" + growth;
    }
}
