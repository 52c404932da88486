package dev.nabla.loss;

import dev.nabla.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * A loss as a value: maps (model output, target) to a loss tensor. Made by the no-argument factories
 * of {@link Loss}, e.g. {@code Loss.crossEntropy()}, for code that takes the loss as a setting
 * (a trainer). Any {@code (output, target) -> tensor} lambda is one too.
 */
@FunctionalInterface
public interface Criterion extends BiFunction<Tensor, Tensor, Tensor> {
    @Override
    Tensor apply(Tensor output, Tensor target);
}
