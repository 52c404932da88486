package dev.nabla.bench;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The reference MLP recipe of ../shared/reference/mlp.py: Fashion-MNIST, 784-256-128-10 ReLU,
 * cross-entropy, Adam 1e-3, batch 128. Reports training samples/s per epoch (median), test accuracy,
 * bytes allocated per training step and the peak heap in use.
 */
public final class MlpBench {
    private MlpBench() {}

    public static void run(BenchOutput out, int epochs) {
        FashionMnist.Splits data = FashionMnist.load(FashionMnist.defaultDir());
        TensorDataset train = data.train();
        TensorDataset test = data.test();
        Rng rng = Rng.seeded(0);
        Sequential model = new Sequential(new Linear(784, 256, rng), new Activation.ReLU(),
                new Linear(256, 128, rng), new Activation.ReLU(), new Linear(128, 10, rng));
        Adam opt = new Adam(model.parameters(), 1e-3);
        // batches are cut as they are consumed, as the PyTorch loop does with xtr[idx]
        DataLoader<Batch> loader = DataLoader.of(train).batchSize(128).shuffle(rng.split()).build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] rates = new double[epochs];
        long allocated = 0;
        long steps = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            long a0 = threads.getCurrentThreadAllocatedBytes();
            int seen = 0;
            for (Batch b : loader) {
                opt.zeroGrad();
                Tensor loss = Loss.crossEntropy(model.forward(b.x()), b.y());
                loss.backward();
                opt.step();
                seen += b.x().dim(0);
                steps++;
            }
            allocated += threads.getCurrentThreadAllocatedBytes() - a0;
            rates[e] = seen / ((System.nanoTime() - t0) / 1e9);
            out.result("mlp", "epoch=" + (e + 1), "samples_per_sec", rates[e], "samples/s");
        }
        out.result("mlp", "median", "samples_per_sec", BenchOutput.median(rates), "samples/s");
        try (var g = Grad.off()) {
            model.eval();
            double acc = model.forward(test.x()).argmax(1, false).eq(test.y()).toFloat().mean().item();
            out.result("mlp", "epochs=" + epochs, "test_accuracy", acc, "fraction");
        }
        out.result("mlp", "train-step", "allocated_per_step", allocated / (double) steps / (1 << 20), "MiB");
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        out.result("mlp", "run", "peak_heap", peak / (double) (1 << 20), "MiB");
    }
}
