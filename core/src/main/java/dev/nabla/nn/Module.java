package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a model: named parameters, buffers and child modules registered explicitly, in
 * declaration order, so state-dict keys match PyTorch's ({@code 0.weight}, {@code fc1.bias}).
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Rng> generators = new LinkedHashMap<>();
    private boolean training = true;

    /** The layer's computation. */
    public abstract Tensor forward(Tensor x);

    /** Registers a trainable parameter (marked requiresGrad) under name and returns it. */
    protected Tensor param(String name, Tensor value) {
        checkName(name);
        params.put(name, value.requiresGrad(true));
        return value;
    }

    /** Registers a non-trainable state tensor (e.g. running statistics) saved in the state dict. */
    protected Tensor buffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /**
     * Registers a random generator the layer draws from while training (dropout masks), so that checkpoints
     * can save and restore its state ({@link #namedGenerators}); returns it.
     */
    protected Rng generator(String name, Rng rng) {
        if (generators.containsKey(name)) throw new IllegalArgumentException("generator '" + name + "' is already registered in " + getClass().getSimpleName());
        generators.put(name, java.util.Objects.requireNonNull(rng, "rng"));
        return rng;
    }

    /** Generators of this module and its descendants by dotted name ({@code 2.rng}), in registration order. */
    public Map<String, Rng> namedGenerators() {
        Map<String, Rng> out = new LinkedHashMap<>();
        collectGenerators("", out);
        return out;
    }

    private void collectGenerators(String prefix, Map<String, Rng> out) {
        generators.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collectGenerators(prefix + k + ".", out));
    }

    /** Registers a child module under name and returns it. */
    protected <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("invalid module entry name '" + name + "'");
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** Trainable parameters of this module and its descendants, in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    public Map<String, Module> namedChildren() {
        return new LinkedHashMap<>(children);
    }

    /** Parameters and buffers by their PyTorch-style dotted names (the tensors themselves, not copies). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withBuffers) {
        params.forEach((k, v) -> out.put(prefix + k, v));
        if (withBuffers) buffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", out, withBuffers));
    }

    /** What loadStateDict found: keys the module has but the dict lacks, extra keys, and shape mismatches. */
    public record LoadReport(List<String> missing, List<String> unexpected, List<String> shapeMismatches) {
        public boolean clean() {
            return missing.isEmpty() && unexpected.isEmpty() && shapeMismatches.isEmpty();
        }
    }

    /**
     * Copies values from a state dict into this module's parameters and buffers. With strict, any
     * missing or unexpected key or any shape mismatch is an error and nothing is changed.
     */
    public LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) missing.add(e.getKey());
            else if (!Arrays.equals(src.dims(), e.getValue().dims())) {
                mismatched.add(e.getKey() + ": expected " + e.getValue().shape() + ", got " + src.shape());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        LoadReport report = new LoadReport(missing, unexpected, mismatched);
        if (strict && !report.clean()) {
            throw new IllegalArgumentException("loadStateDict: state dict does not fit " + getClass().getSimpleName()
                    + ": missing " + missing + ", unexpected " + unexpected + ", shape mismatches " + mismatched);
        }
        try (var g = Grad.off()) {
            for (var e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null && Arrays.equals(src.dims(), e.getValue().dims())) {
                    e.getValue().copyFromInPlace(src.to(e.getValue().dtype()));
                }
            }
        }
        return report;
    }

    /** Training mode (dropout active, batch statistics used); returns this. */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode; returns this. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean flag) {
        training = flag;
        children.values().forEach(c -> c.setTraining(flag));
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** Stops gradients for all parameters (for fine-tuning); returns this. */
    public Module freeze() {
        namedParameters().values().forEach(p -> p.requiresGrad(false));
        return this;
    }

    public Module unfreeze() {
        namedParameters().values().forEach(p -> p.requiresGrad(true));
        return this;
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : namedParameters().values()) n += p.numel();
        return n;
    }

    /** Zeros the gradients of all parameters. */
    public void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    /** One-line description of this layer's settings, e.g. "in=784, out=256". */
    protected String describe() {
        return "";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        tree(sb, "", getClass().getSimpleName());
        return sb.toString();
    }

    private void tree(StringBuilder sb, String indent, String label) {
        long own = 0;
        for (Tensor p : params.values()) own += p.numel();
        sb.append(indent).append(label).append('(').append(describe()).append(')');
        if (own > 0 || !children.isEmpty()) sb.append("  params=").append(parameterCount());
        sb.append('\n');
        children.forEach((k, m) -> m.tree(sb, indent + "  ", k + ": " + m.getClass().getSimpleName()));
    }
}
