package dev.nabla.bench;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The reference LeNet-5 recipe of ../shared/reference/cnn.py: Fashion-MNIST as [N, 1, 28, 28], conv 6@5x5
 * pad 2, max-pool 2, conv 16@5x5, max-pool 2, 120-84-10 ReLU, cross-entropy, Adam 1e-3, batch 64.
 * Reports training samples/s per epoch (median), test accuracy and bytes allocated per step.
 */
public final class LenetBench {
    private LenetBench() {}

    public static void run(BenchOutput out, int epochs) {
        FashionMnist.Splits data = FashionMnist.load(FashionMnist.defaultDir(), true);
        TensorDataset train = data.train();
        TensorDataset test = data.test();
        Rng rng = Rng.seeded(0);
        Sequential model = new Sequential(
                new Conv2d(1, 6, 5, 1, 2, rng), new Activation.ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, rng), new Activation.ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(400, 120, rng), new Activation.ReLU(), new Linear(120, 84, rng), new Activation.ReLU(),
                new Linear(84, 10, rng));
        Adam opt = new Adam(model.parameters(), 1e-3);
        // batches are cut as they are consumed, as the PyTorch loop does with xtr[idx]
        DataLoader<Batch> loader = DataLoader.of(train).batchSize(64).shuffle(rng.split()).build();
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
            out.result("lenet", "epoch=" + (e + 1), "samples_per_sec", rates[e], "samples/s");
        }
        out.result("lenet", "median", "samples_per_sec", BenchOutput.median(rates), "samples/s");
        try (var g = Grad.off()) {
            model.eval();
            double correct = 0;
            for (TensorDataset b : test.batches(1000, null, false)) {
                correct += model.forward(b.x()).argmax(1, false).eq(b.y()).toFloat().sum().item();
            }
            double acc = correct / test.size();
            out.result("lenet", "epochs=" + epochs, "test_accuracy", acc, "fraction");
        }
        out.result("lenet", "train-step", "allocated_per_step", allocated / (double) steps / (1 << 20), "MiB");
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        out.result("lenet", "run", "peak_heap", peak / (double) (1 << 20), "MiB");
    }
}
