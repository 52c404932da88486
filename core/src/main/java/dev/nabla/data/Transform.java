package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/** A map from input tensors [N, ...] to input tensors, applied to a dataset's inputs. */
@FunctionalInterface
public interface Transform {
    Tensor apply(Tensor x);

    /** The dataset with its inputs transformed and its targets unchanged. */
    default TensorDataset applyTo(TensorDataset data) {
        return new TensorDataset(apply(data.x()), data.y());
    }
}
