package dev.nabla.models;

import dev.nabla.nn.Activation;
import dev.nabla.nn.AvgPool2d;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** DenseNet's transition between blocks (torchvision {@code _Transition}): BN-ReLU-Conv 1x1, then 2x2 average pool. Keys norm, conv. */
public final class Transition extends Module {
    private final int in;
    private final BatchNorm2d norm;
    private final Conv2d conv;
    private final AvgPool2d pool;

    public Transition(int in, int out, Rng rng) {
        this.in = in;
        norm = child("norm", new BatchNorm2d(in));
        child("relu", new Activation.ReLU());
        conv = child("conv", ZooInit.fanIn(ZooInit.conv1x1(in, out, 1, rng), rng));
        pool = child("pool", new AvgPool2d(2));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException("Transition(in=" + in + "): input shape " + x.shape() + " must be [N, " + in + ", H, W]");
        }
        return pool.forward(conv.forward(norm.forward(x).relu()));
    }

    @Override
    protected String describe() {
        return "in=" + in;
    }
}
