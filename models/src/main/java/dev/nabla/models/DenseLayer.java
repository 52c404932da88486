package dev.nabla.models;

import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * DenseNet-BC's bottleneck layer (Huang et al. 2017; torchvision {@code _DenseLayer}, drop_rate 0): BN-ReLU-Conv
 * 1x1 to bnSize * growth channels, then BN-ReLU-Conv 3x3 to growth new channels. Input: the concatenation of all
 * earlier feature maps; output: only the new ones. Keys norm1, conv1, norm2, conv2.
 */
public final class DenseLayer extends Module {
    private final int in;
    private final BatchNorm2d norm1;
    private final Conv2d conv1;
    private final BatchNorm2d norm2;
    private final Conv2d conv2;

    public DenseLayer(int in, int growth, int bnSize, Rng rng) {
        if (in <= 0 || growth <= 0 || bnSize <= 0) {
            throw new IllegalArgumentException("DenseLayer: in=" + in + ", growth=" + growth + ", bnSize=" + bnSize + " must be positive");
        }
        this.in = in;
        norm1 = child("norm1", new BatchNorm2d(in));
        child("relu1", new Activation.ReLU());
        conv1 = child("conv1", ZooInit.fanIn(ZooInit.conv1x1(in, bnSize * growth, 1, rng), rng));
        norm2 = child("norm2", new BatchNorm2d(bnSize * growth));
        child("relu2", new Activation.ReLU());
        conv2 = child("conv2", ZooInit.fanIn(ZooInit.conv3x3(bnSize * growth, growth, 1, rng), rng));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException("DenseLayer(in=" + in + "): input shape " + x.shape() + " must be [N, " + in + ", H, W]");
        }
        Tensor bottleneck = conv1.forward(norm1.forward(x).relu());
        return conv2.forward(norm2.forward(bottleneck).relu());
    }

    @Override
    protected String describe() {
        return "in=" + in;
    }
}
