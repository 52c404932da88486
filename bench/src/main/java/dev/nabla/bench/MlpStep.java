package dev.nabla.bench;

import dev.nabla.autograd.Grad;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/** Tiny-model overhead: a 10-10-10 MLP train step (batch 16, cross-entropy) with SGD and Adam, as overhead.py. */
final class MlpStep {
    private MlpStep() {}

    static void run(BenchOutput out) {
        Rng rng = Rng.seeded(0);
        Tensor x = Tensor.randn(rng, 16, 10);
        Tensor y = Tensor.randint(rng, 0, 10, 16);
        for (String name : new String[] {"sgd", "adam"}) {
            Sequential m = new Sequential(new Linear(10, 10, rng), new Activation.ReLU(), new Linear(10, 10, rng));
            Optimizer opt = name.equals("sgd") ? new Sgd(m.parameters(), 0.01) : new Adam(m.parameters(), 1e-3);
            double us = OverheadBench.perOpMicros(() -> {
                opt.zeroGrad();
                Tensor loss = Loss.crossEntropy(m.forward(x), y);
                loss.backward();
                opt.step();
                return loss;
            }, 200_000);
            out.result("op-overhead", "mlp10-step-" + name, "overhead", us, "us");
            try (var g = Grad.off()) {
                out.result("op-overhead", "mlp10-forward", "overhead", OverheadBench.perOpMicros(() -> m.forward(x), 200_000), "us");
            }
        }
    }
}
