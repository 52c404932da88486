package dev.nabla.models;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied in order under chosen names (PyTorch's {@code nn.Sequential(OrderedDict(...))}), for
 * torchvision layouts such as DenseNet's features.conv0, features.denseblock1, features.transition1.
 */
public final class NamedSequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** Appends a layer under name; returns this. */
    public NamedSequential add(String name, Module m) {
        layers.add(child(name, m));
        return this;
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.forward(x);
        return x;
    }
}
