package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimizer state of one parameter: named buffers shaped like the parameter (PyTorch's names:
 * {@code exp_avg}, {@code momentum_buffer}, ...), named scalars, and the step counter. Buffers are
 * contiguous FLOAT32 tensors owned by the state, so update loops index their data from 0.
 */
public final class ParamState {
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Double> scalars = new LinkedHashMap<>();
    private float[] scratch;
    long step;

    /** The number of updates applied to this parameter. */
    public long step() {
        return step;
    }

    /** The buffer of that name, or null. */
    public Tensor buffer(String name) {
        return buffers.get(name);
    }

    public Map<String, Tensor> buffers() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    public Map<String, Double> scalars() {
        return java.util.Collections.unmodifiableMap(scalars);
    }

    /** The data of the named buffer, created filled with {@code init} (shaped like {@code like}) on first use. */
    float[] data(String name, Tensor like, double init) {
        Tensor t = buffers.get(name);
        if (t == null) {
            t = Tensor.full(init, like.dims());
            buffers.put(name, t);
        }
        return t.floatData();
    }

    /** The data of the named buffer, created as zeros on first use. */
    float[] zeros(String name, Tensor like) {
        return data(name, like, 0);
    }

    boolean has(String name) {
        return buffers.containsKey(name);
    }

    double scalar(String name, double init) {
        return scalars.getOrDefault(name, init);
    }

    void setScalar(String name, double value) {
        scalars.put(name, value);
    }

    /** A work array of at least n floats, kept between steps but not part of the state dict. */
    float[] scratch(int n) {
        if (scratch == null || scratch.length < n) scratch = new float[n];
        return scratch;
    }

    void putBuffer(String name, Tensor t) {
        buffers.put(name, t);
    }

    @Override
    public String toString() {
        return "ParamState[step=" + step + ", buffers=" + buffers.keySet() + ", scalars=" + scalars + "]";
    }
}
