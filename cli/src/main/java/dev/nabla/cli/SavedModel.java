package dev.nabla.cli;

import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Module;
import dev.nabla.nn.Normalize;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model file written by {@code nabla train}: weights plus the {@link ModelSpec} in the metadata. Models
 * trained on CSV data carry their input scaling as a {@link Normalize} layer in front (metadata
 * {@code input_normalize}), so they take raw feature rows.
 */
record SavedModel(ModelSpec spec, Module net) {
    static final String NORMALIZED = "input_normalize";

    /** The model to train: the spec's network, behind the input scaling when one is given. */
    static Module build(ModelSpec spec, Tensor mean, Tensor std, Rng rng) {
        Module net = spec.build(rng);
        return mean == null ? net : new Sequential(new Normalize(mean, std), net);
    }

    /** The file's tensors and metadata, read once and validated; a missing file is a clear error. */
    static SafeTensors.Contents read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--model-file " + file + ": no such file");
        return SafeTensors.read(file);
    }

    /** The classifier in a file read by {@link #read}. */
    static SavedModel of(Path file, SafeTensors.Contents contents) {
        Map<String, String> meta = contents.metadata();
        ModelSpec spec = ModelSpec.fromMetadata(meta, file.toString());
        Module net = spec.build(Rng.seeded(0));
        if ("true".equals(meta.get(NORMALIZED))) {
            Tensor mean = contents.tensors().get("0.mean");
            Tensor std = contents.tensors().get("0.std");
            if (mean == null || std == null) throw new IllegalArgumentException(file + ": marked " + NORMALIZED + " but lacks 0.mean/0.std");
            net = new Sequential(new Normalize(mean, std), net);
        }
        try {
            net.loadStateDict(contents.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return new SavedModel(spec, net);
    }
}
