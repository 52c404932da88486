package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Batch norm's rule may write its input gradient over the incoming gradient only when the backward pass owns that
 * memory alone. In a residual sum, bn(h) + h, the add hands the same gradient to the batch norm and to h's
 * producer, which runs later: overwriting it there corrupted h's gradient (found by the ResNet fixtures).
 */
class BatchNormSharedGradientTest {
    @Test
    void aGradientSharedWithALaterRuleIsNotOverwritten() {
        Rng rng = Rng.seeded(31);
        Tensor x = Tensor.uniform(rng, -1, 1, 4, 3, 5, 5);
        Tensor r = Tensor.uniform(rng, -1, 1, 4, 3, 5, 5);
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.train();
        // the residual sum: bn(h) + h, h not a leaf
        Tensor x1 = x.copy().requiresGrad(true);
        Tensor h1 = x1.mul(1);
        bn.forward(h1).add(h1).mul(r).sum().backward();
        // the same derivative taken in two parts: through the batch norm alone, plus r for the identity
        Tensor x2 = x.copy().requiresGrad(true);
        bn.forward(x2.mul(1)).mul(r).sum().backward();
        assertArrayEquals(x2.grad().add(r).toFloatArray(), x1.grad().toFloatArray(), 1e-6f);
        // and when the gradient arrives owned (through a relu), it may be overwritten: same values
        Tensor x3 = x.copy().requiresGrad(true);
        Tensor h3 = x3.mul(1);
        Tensor.linear(bn.forward(h3).add(h3).relu().reshape(4, 75), Tensor.eye(75), null).reshape(4, 3, 5, 5).mul(r).sum()
                .backward();
        Tensor x4 = x.copy().requiresGrad(true);
        Tensor h4 = x4.mul(1);
        bn.forward(h4).add(h4).relu().mul(r).sum().backward();
        assertArrayEquals(x4.grad().toFloatArray(), x3.grad().toFloatArray(), 1e-5f);
    }
}
