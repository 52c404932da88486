package dev.nabla.bench;

import dev.nabla.data.FashionMnist;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Rng;

/** The reference MLP recipe of ../shared/reference/mlp.py: Fashion-MNIST, 784-256-128-10 ReLU, Adam 1e-3, batch 128. */
public final class MlpBench {
    private MlpBench() {}

    public static void run(BenchOutput out, int epochs) {
        FashionMnist.Splits data = FashionMnist.load(FashionMnist.defaultDir());
        Rng rng = Rng.seeded(0);
        Sequential model = new Sequential(new Linear(784, 256, rng), new Activation.ReLU(),
                new Linear(256, 128, rng), new Activation.ReLU(), new Linear(128, 10, rng));
        TrainingBench.run(out, "mlp", model, data.train(), data.test(), 128, epochs, rng.split());
    }
}
