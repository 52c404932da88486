package dev.nabla.bench;

import dev.nabla.data.FashionMnist;
import dev.nabla.models.LeNet;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Rng;

/**
 * The reference LeNet-5 recipe of ../shared/reference/cnn.py: Fashion-MNIST as [N, 1, 28, 28], conv 6@5x5
 * pad 2, max-pool 2, conv 16@5x5, max-pool 2, 120-84-10 ReLU, Adam 1e-3, batch 64.
 */
public final class LenetBench {
    private LenetBench() {}

    public static void run(BenchOutput out, int epochs) {
        FashionMnist.Splits data = FashionMnist.load(FashionMnist.defaultDir(), true);
        Rng rng = Rng.seeded(0);
        Sequential model = LeNet.create(10, rng);
        TrainingBench.run(out, "lenet", model, data.train(), data.test(), 64, epochs, rng.split());
    }
}
