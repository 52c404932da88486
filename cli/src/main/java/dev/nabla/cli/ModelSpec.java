package dev.nabla.cli;

import dev.nabla.models.LeNet;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Unflatten;
import dev.nabla.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What is needed to rebuild a model: stored in the safetensors metadata next to its weights. */
record ModelSpec(String model, int inputs, int[] hidden, String activation, double dropout, int classes) {

    ModelSpec {
        if (!model.equals("mlp") && !model.equals("logreg") && !model.equals("lenet") && !ConvZoo.knows(model)) {
            throw new IllegalArgumentException("unknown model '" + model + "' (known: mlp, logreg, lenet, " + ConvZoo.NAMES + ")");
        }
        if (ConvZoo.knows(model)) ConvZoo.imageSide(model, inputs);
        if (model.equals("lenet") && inputs != 28 * 28) {
            throw new IllegalArgumentException("lenet needs 28x28 images (e.g. --data fashion-mnist), this data has " + inputs + " inputs");
        }
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        for (int h : hidden) if (h <= 0) throw new IllegalArgumentException("--hidden sizes must be positive, got " + Arrays.toString(hidden));
        Activation.of(activation);
    }

    Module build(Rng rng) {
        if (ConvZoo.knows(model)) return ConvZoo.build(model, inputs, classes, rng);
        if (model.equals("lenet")) { // the CLI's image data is flat [N, 784]
            List<Module> layers = new ArrayList<>(List.of(new Unflatten(1, 1, 28, 28)));
            layers.addAll(LeNet.layers(classes, activation, rng));
            return new Sequential(layers);
        }
        List<Module> layers = new ArrayList<>();
        int width = inputs;
        if (model.equals("mlp")) {
            for (int h : hidden) {
                layers.add(new Linear(width, h, rng));
                layers.add(Activation.of(activation));
                if (dropout > 0) layers.add(new Dropout(dropout, rng.split()));
                width = h;
            }
        }
        layers.add(new Linear(width, classes, rng));
        return new Sequential(layers);
    }

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "nabla-model/1");
        m.put("model", model);
        m.put("inputs", Integer.toString(inputs));
        m.put("hidden", Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        m.put("activation", activation);
        m.put("dropout", Double.toString(dropout));
        m.put("classes", Integer.toString(classes));
        return m;
    }

    static ModelSpec fromMetadata(Map<String, String> m, String file) {
        try {
            String hidden = m.getOrDefault("hidden", "");
            int[] h = hidden.isBlank() ? new int[0] : Arrays.stream(hidden.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
            return new ModelSpec(require(m, "model", file), Integer.parseInt(require(m, "inputs", file)), h,
                    m.getOrDefault("activation", "relu"), Double.parseDouble(m.getOrDefault("dropout", "0")),
                    Integer.parseInt(require(m, "classes", file)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": malformed model metadata: " + e.getMessage());
        }
    }

    private static String require(Map<String, String> m, String key, String file) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException(file + ": metadata lacks '" + key + "' (not a model saved by nabla train?)");
        return v;
    }

    static int[] parseHidden(String s) {
        if (s == null || s.isBlank()) return new int[0];
        try {
            return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--hidden must be comma-separated sizes like 256,128, got '" + s + "'");
        }
    }
}
