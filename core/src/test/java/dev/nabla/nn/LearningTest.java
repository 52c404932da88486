package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Digits;
import dev.nabla.data.TensorDataset;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.Loss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An MLP really learns the embedded digits set, and the result does not depend on the thread count. */
class LearningTest {

    private static float[] train(long seed, int epochs, double[] accuracyOut) {
        TensorDataset[] parts = Digits.embedded().split(0.8, Rng.seeded(1));
        Rng rng = Rng.seeded(seed);
        Sequential net = new Sequential(new Linear(64, 64, rng), new Activation.ReLU(), new Linear(64, 10, rng));
        Optimizer opt = new Adam(net.parameters(), 3e-3);
        for (int e = 0; e < epochs; e++) {
            for (TensorDataset b : parts[0].batches(32, rng, false)) {
                Tensor loss = Loss.crossEntropy(net.forward(b.x()), b.y());
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
        try (var g = Grad.off()) {
            Tensor pred = net.forward(parts[1].x()).argmax(1, false);
            accuracyOut[0] = pred.eq(parts[1].y()).toFloat().mean().item();
        }
        return ((Linear) net.get(0)).weight().toFloatArray();
    }

    @Test
    void mlpLearnsDigits() {
        double[] acc = new double[1];
        train(7, 8, acc);
        assertTrue(acc[0] >= 0.95, "test accuracy " + acc[0]);
    }

    @Test
    void sameSeedSameWeightsOnOneOrTwoThreads() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = train(3, 1, new double[1]);
            Parallel.setThreads(2);
            float[] two = train(3, 1, new double[1]);
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void stateDictUsesPyTorchNames() {
        Rng rng = Rng.seeded(0);
        Sequential net = new Sequential(new Linear(4, 3, rng), new Activation.ReLU(), new Linear(3, 2, false, rng));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(net.stateDict().keySet()));
        assertEquals(4 * 3 + 3 + 3 * 2, net.parameterCount());
        Sequential other = new Sequential(new Linear(4, 3, Rng.seeded(9)), new Activation.ReLU(), new Linear(3, 2, false, Rng.seeded(9)));
        assertTrue(other.loadStateDict(net.stateDict(), true).clean());
        assertArrayEquals(((Linear) net.get(0)).weight().toFloatArray(), ((Linear) other.get(0)).weight().toFloatArray());
    }
}
