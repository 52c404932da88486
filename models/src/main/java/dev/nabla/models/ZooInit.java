package dev.nabla.models;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Init;
import dev.nabla.nn.Linear;
import dev.nabla.tensor.Rng;

/** The initializations torchvision's model constructors apply on top of the layers' defaults. */
final class ZooInit {
    private ZooInit() {}

    /** kaiming_normal_(weight, mode="fan_out", nonlinearity="relu") and a zero bias (ResNet, VGG convolutions). */
    static Conv2d fanOutRelu(Conv2d conv, Rng rng) {
        try (var g = Grad.off()) {
            Init.kaimingNormal(conv.weight(), rng, 0, Init.FanMode.FAN_OUT, "relu");
            if (conv.bias() != null) Init.zeros(conv.bias());
        }
        return conv;
    }

    /** kaiming_normal_(weight) with PyTorch's defaults (DenseNet convolutions). */
    static Conv2d fanIn(Conv2d conv, Rng rng) {
        try (var g = Grad.off()) {
            Init.kaimingNormal(conv.weight(), rng);
            if (conv.bias() != null) Init.zeros(conv.bias());
        }
        return conv;
    }

    /** normal_(weight, 0, std) and a zero bias (VGG classifier). */
    static Linear normal(Linear linear, Rng rng, double std) {
        try (var g = Grad.off()) {
            Init.normal(linear.weight(), rng, 0, std);
            if (linear.bias() != null) Init.zeros(linear.bias());
        }
        return linear;
    }

    /** A zero bias, the default weight (DenseNet classifier). */
    static Linear zeroBias(Linear linear) {
        try (var g = Grad.off()) {
            if (linear.bias() != null) Init.zeros(linear.bias());
        }
        return linear;
    }

    /** A 3x3 convolution without bias, padding 1 (torchvision's conv3x3). */
    static Conv2d conv3x3(int in, int out, int stride, Rng rng) {
        return new Conv2d(in, out, new int[] {3}, new int[] {stride}, new int[] {1}, new int[] {1}, 1, false, rng);
    }

    /** A 1x1 convolution without bias (torchvision's conv1x1). */
    static Conv2d conv1x1(int in, int out, int stride, Rng rng) {
        return new Conv2d(in, out, new int[] {1}, new int[] {stride}, new int[] {0}, new int[] {1}, 1, false, rng);
    }
}
