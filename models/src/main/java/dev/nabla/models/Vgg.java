package dev.nabla.models;

import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A VGG-style net (Simonyan and Zisserman 2015) in torchvision's vgg*_bn layout: {@code features}, a Sequential of
 * blocks [conv 3x3 pad 1, BN, ReLU] x convsPerBlock followed by a 2x2 max pool, then {@code classifier} =
 * Linear(C * h * w, hidden), ReLU, Dropout, Linear(hidden, classes). Keys features.0.weight, features.1.running_mean,
 * ..., classifier.0.weight, classifier.3.bias as in PyTorch. Initialized as torchvision does: convolutions kaiming
 * normal (fan_out, relu) with zero bias, linears N(0, 0.01) with zero bias.
 */
public final class Vgg extends Module {
    private final int inChannels;
    private final int height;
    private final int width;
    private final Sequential features;
    private final Sequential classifier;
    private final String describe;

    public Vgg(int inChannels, int height, int width, int classes, int[] blockWidths, int convsPerBlock, int hidden, double dropout, Rng rng) {
        int pooled = 1 << blockWidths.length;
        if (inChannels <= 0 || classes <= 0 || convsPerBlock <= 0 || hidden <= 0 || blockWidths.length == 0
                || height < pooled || width < pooled) {
            throw new IllegalArgumentException("Vgg: in=" + inChannels + ", " + height + "x" + width + " images, classes=" + classes
                    + ", blocks=" + Arrays.toString(blockWidths) + ", convsPerBlock=" + convsPerBlock + ", hidden=" + hidden
                    + ": sizes must be positive and the image at least " + pooled + " pixels a side");
        }
        this.inChannels = inChannels;
        this.height = height;
        this.width = width;
        this.describe = "in=" + inChannels + ", " + height + "x" + width + ", classes=" + classes + ", blocks=" + Arrays.toString(blockWidths)
                + "x" + convsPerBlock + ", hidden=" + hidden;
        List<Module> f = new ArrayList<>();
        int c = inChannels, h = height, w = width;
        for (int bw : blockWidths) {
            for (int k = 0; k < convsPerBlock; k++) {
                f.add(ZooInit.fanOutRelu(new Conv2d(c, bw, 3, 1, 1, rng), rng));
                f.add(new BatchNorm2d(bw));
                f.add(new Activation.ReLU());
                c = bw;
            }
            f.add(new MaxPool2d(2));
            h /= 2;
            w /= 2;
        }
        features = child("features", new Sequential(f));
        child("flatten", new Flatten());
        classifier = child("classifier", new Sequential(ZooInit.normal(new Linear(c * h * w, hidden, rng), rng, 0.01), new Activation.ReLU(),
                new Dropout(dropout, rng.split()), ZooInit.normal(new Linear(hidden, classes, rng), rng, 0.01)));
    }

    /** The small VGG for 28x28 images: blocks of 32 and 64 channels, two convolutions each, a 128-unit hidden layer, dropout 0.5. */
    public static Vgg small(int inChannels, int classes, Rng rng) {
        return new Vgg(inChannels, 28, 28, classes, new int[] {32, 64}, 2, 128, 0.5, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != inChannels || x.dim(2) != height || x.dim(3) != width) {
            throw new IllegalArgumentException("Vgg(" + describe + "): input shape " + x.shape() + " must be [N, " + inChannels + ", "
                    + height + ", " + width + "]");
        }
        Tensor f = features.forward(x);
        return classifier.forward(f.reshape(f.dim(0), -1));
    }

    @Override
    protected String describe() {
        return describe;
    }
}
