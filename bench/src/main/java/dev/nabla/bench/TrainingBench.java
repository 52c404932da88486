package dev.nabla.bench;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The training loop the reference scripts time: cross-entropy, Adam 1e-3, shuffled batches cut as they
 * are consumed (as PyTorch's loop does with xtr[idx]). Reports training samples/s per epoch and their
 * median, test accuracy, bytes allocated per step and the peak heap in use.
 */
final class TrainingBench {
    private TrainingBench() {}

    static void run(BenchOutput out, String name, Module model, TensorDataset train, TensorDataset test,
                    int batchSize, int epochs, Rng rng) {
        Adam opt = new Adam(model.parameters(), 1e-3);
        DataLoader<Batch> loader = DataLoader.of(train).batchSize(batchSize).shuffle(rng).build();
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
                // PyTorch's zero_grad(set_to_none=False): the gradients stay allocated, zeroed, and linear layers add
                // their weight gradients into them, so a step writes no fresh weight-sized arrays (memory that is not
                // yet in any cache costs about 0.1 ms per MB here). PyTorch's caching allocator gets the same reuse
                // for set_to_none=True, which the reference scripts use.
                opt.zeroGrad(false);
                Tensor loss = Loss.crossEntropy(model.forward(b.x()), b.y());
                loss.backward();
                opt.step();
                seen += b.x().dim(0);
                steps++;
            }
            allocated += threads.getCurrentThreadAllocatedBytes() - a0;
            rates[e] = seen / ((System.nanoTime() - t0) / 1e9);
            out.result(name, "epoch=" + (e + 1), "samples_per_sec", rates[e], "samples/s");
        }
        out.result(name, "median", "samples_per_sec", BenchOutput.median(rates), "samples/s");
        try (var g = Grad.off()) {
            model.eval();
            double correct = 0;
            for (TensorDataset b : test.batches(1000, null, false)) {
                correct += model.forward(b.x()).argmax(1, false).eq(b.y()).toFloat().sum().item();
            }
            out.result(name, "epochs=" + epochs, "test_accuracy", correct / test.size(), "fraction");
        }
        out.result(name, "train-step", "allocated_per_step", allocated / (double) steps / (1 << 20), "MiB");
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        out.result(name, "run", "peak_heap", peak / (double) (1 << 20), "MiB");
    }
}
