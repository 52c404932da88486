package dev.nabla.models;

import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Rng;
import java.util.List;

/**
 * LeNet-5 for 28x28 single-channel images, as in ../shared/reference/cnn.py: conv 6@5x5 pad 2, max-pool 2,
 * conv 16@5x5, max-pool 2, fully connected 120-84-classes. Input [N, 1, 28, 28].
 */
public final class LeNet {
    private LeNet() {}

    /** LeNet-5 with ReLU activations. */
    public static Sequential create(int classes, Rng rng) {
        return create(classes, "relu", rng);
    }

    /** LeNet-5 with the named activation (see {@link Activation#of}). */
    public static Sequential create(int classes, String activation, Rng rng) {
        return new Sequential(layers(classes, activation, rng));
    }

    /** The layers in order, for callers that put something in front (e.g. an {@code Unflatten} for flat input). */
    public static List<Module> layers(int classes, String activation, Rng rng) {
        return List.of(
                new Conv2d(1, 6, 5, 1, 2, rng), act(activation), new MaxPool2d(2),
                new Conv2d(6, 16, 5, rng), act(activation), new MaxPool2d(2),
                new Flatten(), new Linear(16 * 5 * 5, 120, rng), act(activation),
                new Linear(120, 84, rng), act(activation), new Linear(84, classes, rng));
    }

    /**
     * The named activation; ReLU runs in place (PyTorch's {@code ReLU(inplace=True)}): every one follows a
     * convolution or a linear layer, whose outputs nothing else uses, and the model's outputs and gradients are
     * the same to the bit (LeNetTest). It spares two activation-sized arrays per ReLU and step.
     */
    private static Module act(String name) {
        return name.equalsIgnoreCase("relu") ? new Activation.ReLU(true) : Activation.of(name);
    }
}
