package dev.nabla.cli;

import dev.nabla.models.DenseNet;
import dev.nabla.models.ResNet;
import dev.nabla.models.Vgg;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Unflatten;
import dev.nabla.tensor.Rng;

/**
 * The convolutional models of {@code nabla train --model}: resnet-small, vgg-small, densenet-small, on square
 * single-channel images that arrive as flat rows (28x28 Fashion-MNIST, 8x8 digits); an Unflatten in front makes
 * them [N, 1, side, side], as for lenet (state-dict keys therefore start with "1.").
 */
final class ConvZoo {
    static final String NAMES = "resnet-small, vgg-small, densenet-small";

    private ConvZoo() {}

    static boolean knows(String model) {
        return model.equals("resnet-small") || model.equals("vgg-small") || model.equals("densenet-small");
    }

    /** The side of the square single-channel images of the given row length, or an error naming the model. */
    static int imageSide(String model, int inputs) {
        int side = (int) Math.round(Math.sqrt(inputs));
        if (side * side != inputs || side < 4) {
            throw new IllegalArgumentException(model + " needs square single-channel images of at least 4x4 (e.g. --data fashion-mnist), this data has "
                    + inputs + " inputs");
        }
        return side;
    }

    static Module build(String model, int inputs, int classes, Rng rng) {
        int side = imageSide(model, inputs);
        Module net = switch (model) {
            case "resnet-small" -> ResNet.small(1, classes, rng);
            case "densenet-small" -> DenseNet.small(1, classes, rng);
            case "vgg-small" -> side == 28 ? Vgg.small(1, classes, rng)
                    : new Vgg(1, side, side, classes, new int[] {32, 64}, 2, 128, 0.5, rng);
            default -> throw new IllegalArgumentException("unknown convolutional model '" + model + "' (known: " + NAMES + ")");
        };
        return new Sequential(new Unflatten(1, 1, side, side), net);
    }
}
