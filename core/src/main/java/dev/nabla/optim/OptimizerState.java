package dev.nabla.optim;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an optimizer for checkpoints: the per-parameter buffers as tensors and every
 * counter and live hyperparameter as a number. Keys follow PyTorch's layout, flattened:
 * <ul>
 *   <li>{@code state.<param>.<buffer>}: tensors shaped like the parameter ({@code state.0.exp_avg},
 *       {@code state.fc1.weight.momentum_buffer});</li>
 *   <li>{@code state.<param>.step} and other per-parameter scalars ({@code state.0.mu_product});</li>
 *   <li>{@code param_groups.<i>.lr}, {@code .initial_lr} (once a schedule set it) and {@code .momentum};</li>
 *   <li>optimizer-wide scalars under the optimizer's own prefix ({@code eve.d}).</li>
 * </ul>
 * {@link #asTensors()} gives one map that {@code SafeTensors.save} can write (the scalars become 0-d
 * FLOAT64 tensors; put {@link #optimizer()} in the file's metadata), and {@link #fromTensors} reads it back.
 *
 * @param optimizer the optimizer's class name ({@code "Adam"}); {@code loadStateDict} refuses another
 */
public record OptimizerState(String optimizer, Map<String, Tensor> tensors, Map<String, Double> scalars) {
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }

    /** Tensors and scalars in one map; each scalar is a 0-d FLOAT64 tensor. */
    public Map<String, Tensor> asTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>(tensors);
        scalars.forEach((k, v) -> out.put(k, Tensor.scalar(v, DType.FLOAT64)));
        return out;
    }

    /** The inverse of {@link #asTensors()}: 0-d FLOAT64 tensors are scalars, the rest buffers. */
    public static OptimizerState fromTensors(String optimizer, Map<String, Tensor> flat) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        flat.forEach((k, t) -> {
            if (t.rank() == 0 && t.dtype() == DType.FLOAT64) scalars.put(k, t.item());
            else tensors.put(k, t);
        });
        return new OptimizerState(optimizer, tensors, scalars);
    }
}
