package dev.nabla.models;

import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * A DenseNet-BC in torchvision's layout and keys (features.conv0, features.denseblock1.denselayer1.norm1.weight,
 * features.transition1.conv.weight, ..., features.norm5, classifier), with the small-image stem of the CIFAR
 * variant: one 3x3 convolution to 2 * growth channels, no pooling. Each transition halves the channels
 * (compression 0.5) and the resolution. Forward: features, ReLU, global average pool, classifier.
 */
public final class DenseNet extends Module {
    private final int inChannels;
    private final NamedSequential features;
    private final Linear classifier;
    private final String describe;

    public DenseNet(int inChannels, int classes, int growth, int[] blockLayers, int bnSize, Rng rng) {
        if (inChannels <= 0 || classes <= 0 || growth <= 0 || bnSize <= 0 || blockLayers.length == 0) {
            throw new IllegalArgumentException("DenseNet: in=" + inChannels + ", classes=" + classes + ", growth=" + growth + ", bnSize="
                    + bnSize + " must be positive and blocks " + Arrays.toString(blockLayers) + " non-empty");
        }
        this.inChannels = inChannels;
        this.describe = "in=" + inChannels + ", classes=" + classes + ", growth=" + growth + ", blocks=" + Arrays.toString(blockLayers)
                + ", bnSize=" + bnSize;
        int channels = 2 * growth;
        features = child("features", new NamedSequential());
        features.add("conv0", ZooInit.fanIn(new Conv2d(inChannels, channels, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1,
                false, rng), rng));
        for (int i = 0; i < blockLayers.length; i++) {
            DenseBlock block = new DenseBlock(blockLayers[i], channels, growth, bnSize, rng);
            features.add("denseblock" + (i + 1), block);
            channels = block.outChannels();
            if (i < blockLayers.length - 1) {
                features.add("transition" + (i + 1), new Transition(channels, channels / 2, rng));
                channels /= 2;
            }
        }
        features.add("norm5", new BatchNorm2d(channels));
        classifier = child("classifier", ZooInit.zeroBias(new Linear(channels, classes, rng)));
    }

    /** The small DenseNet for 28x28 images: growth 12, three blocks of 4 layers, bottleneck width 4 * growth. */
    public static DenseNet small(int inChannels, int classes, Rng rng) {
        return new DenseNet(inChannels, classes, 12, new int[] {4, 4, 4}, 4, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException("DenseNet(" + describe + "): input shape " + x.shape() + " must be [N, " + inChannels + ", H, W]");
        }
        Tensor f = features.forward(x).relu();
        return classifier.forward(f.mean(new int[] {2, 3}, false));
    }

    @Override
    protected String describe() {
        return describe;
    }
}
