package dev.nabla.models;

import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.InPlaceOps;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * ResNet's basic block (He et al. 2016; torchvision {@code BasicBlock}): relu(bn2(conv2(relu(bn1(conv1(x))))) +
 * shortcut(x)) with 3x3 convolutions without bias, the first one strided. The shortcut is the identity, or, when
 * the stride is not 1 or the width changes, {@code downsample} = 1x1 strided conv + batch norm. State-dict keys as
 * torchvision's: conv1, bn1, conv2, bn2, downsample.0, downsample.1.
 */
public final class BasicBlock extends Module {
    private final int in;
    private final int out;
    private final int stride;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    public BasicBlock(int in, int out, int stride, Rng rng) {
        if (in <= 0 || out <= 0 || stride <= 0) {
            throw new IllegalArgumentException("BasicBlock: in=" + in + ", out=" + out + ", stride=" + stride + " must be positive");
        }
        this.in = in;
        this.out = out;
        this.stride = stride;
        conv1 = child("conv1", ZooInit.fanOutRelu(ZooInit.conv3x3(in, out, stride, rng), rng));
        bn1 = child("bn1", new BatchNorm2d(out));
        conv2 = child("conv2", ZooInit.fanOutRelu(ZooInit.conv3x3(out, out, 1, rng), rng));
        bn2 = child("bn2", new BatchNorm2d(out));
        downsample = stride != 1 || in != out
                ? child("downsample", new Sequential(ZooInit.fanOutRelu(ZooInit.conv1x1(in, out, stride, rng), rng), new BatchNorm2d(out)))
                : null;
    }

    /** The batch norm ending the residual branch (torchvision's zero_init_residual zeroes its weight). */
    public BatchNorm2d bn2() {
        return bn2;
    }

    public boolean hasDownsample() {
        return downsample != null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException("BasicBlock(" + describe() + "): input shape " + x.shape() + " must be [N, " + in + ", H, W]");
        }
        // In place, as torchvision's block: ReLU(inplace=True) and out += identity. The batch norms' outputs are
        // used by nothing else, so no new arrays are written for the sum and the ReLUs, nor for their gradients.
        Tensor y = InPlaceOps.relu(bn1.forward(conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return InPlaceOps.relu(InPlaceOps.add(y, shortcut));
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + ", stride=" + stride;
    }
}
