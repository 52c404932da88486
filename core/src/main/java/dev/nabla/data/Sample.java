package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/** One sample: an input and its target (a label index, a regression value, ...). */
public record Sample(Tensor x, Tensor y) {}
