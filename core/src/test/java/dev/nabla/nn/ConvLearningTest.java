package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Digits;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Loss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A small CNN (conv, batch norm, max pool, conv, global pool) learns the embedded 8x8 digits. */
class ConvLearningTest {

    @Test
    void cnnLearnsDigits() {
        TensorDataset[] parts = Digits.embedded().split(0.8, Rng.seeded(1));
        Rng rng = Rng.seeded(7);
        Sequential net = new Sequential(
                new Conv2d(1, 16, 3, 1, 1, rng), new BatchNorm2d(16), new Activation.ReLU(), new MaxPool2d(2),
                new Conv2d(16, 32, 3, 1, 1, rng), new Activation.ReLU(), new Dropout2d(0.1, rng),
                new AvgPool2d(2), new Flatten(), new Linear(32 * 2 * 2, 10, rng));
        Optimizer opt = new Adam(net.parameters(), 3e-3);
        for (int e = 0; e < 6; e++) {
            for (TensorDataset b : parts[0].batches(32, rng, false)) {
                Tensor loss = Loss.crossEntropy(net.forward(b.x().reshape(-1, 1, 8, 8)), b.y());
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
        net.eval();
        double acc;
        try (var g = Grad.off()) {
            Tensor pred = net.forward(parts[1].x().reshape(-1, 1, 8, 8)).argmax(1, false);
            acc = pred.eq(parts[1].y()).toFloat().mean().item();
        }
        // 0.94-0.97 over seeds 5-8 (0.969 for this one); the bound leaves room for rounding changes in the kernels
        assertTrue(acc >= 0.92, "test accuracy " + acc);
    }
}
