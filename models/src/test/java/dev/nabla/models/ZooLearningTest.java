package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Digits;
import dev.nabla.data.TensorDataset;
import dev.nabla.data.augment.Augmentation;
import dev.nabla.data.augment.RandomCrop;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The small ResNet, DenseNet and VGG learn the embedded 8x8 digits (1797 real images, 10 classes): up to 180 Adam
 * steps (batch 32) on 80% of them, with random-crop augmentation on the training batches, give a test accuracy far
 * above chance (10%).
 */
class ZooLearningTest {
    private static final TensorDataset[] SPLIT = Digits.embedded().split(0.8, Rng.seeded(20261122));

    @Test
    void smallResNetLearnsDigits() {
        Rng rng = Rng.seeded(1);
        double acc = train(new ResNet(1, 10, new int[] {8, 16, 32}, new int[] {1, 1, 1}, false, rng), rng, 4, 3e-3);
        assertTrue(acc > 0.9, "ResNet test accuracy " + acc);
    }

    @Test
    void smallDenseNetLearnsDigits() {
        Rng rng = Rng.seeded(2);
        double acc = train(new DenseNet(1, 10, 8, new int[] {2, 2}, 4, rng), rng, 3, 3e-3);
        assertTrue(acc > 0.7, "DenseNet test accuracy " + acc);
    }

    @Test
    void smallVggLearnsDigits() {
        Rng rng = Rng.seeded(3);
        double acc = train(new Vgg(1, 8, 8, 10, new int[] {8, 16}, 1, 64, 0.2, rng), rng, 2, 3e-3);
        assertTrue(acc > 0.7, "VGG test accuracy " + acc);
    }

    /** Trains for epochs over the training split (batch 32) and returns the test accuracy. */
    private static double train(Module net, Rng rng, int epochs, double lr) {
        Function<Tensor, Tensor> image = x -> x.reshape(x.dim(0), 1, 8, 8);
        Augmentation crop = Augmentation.inputs(new RandomCrop(1, rng.split())).onFlatImages(1, 8, 8);
        Optimizer opt = Adam.of(net.parameters()).lr(lr).build();
        try (DataLoader<Batch> loader = DataLoader.of(SPLIT[0]).batchSize(32).shuffle(rng.split()).map(crop).build()) {
            net.train();
            for (int e = 0; e < epochs; e++) {
                for (Batch b : loader) {
                    Tensor loss = Loss.crossEntropy(net.forward(image.apply(b.x())), b.y());
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                }
            }
        }
        net.eval();
        try (var g = Grad.off()) {
            Tensor pred = net.forward(image.apply(SPLIT[1].x())).argmax(1, false);
            return pred.eq(SPLIT[1].y()).toFloat().mean().item();
        }
    }
}
