package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The convolutional zoo against PyTorch (conv_zoo.safetensors from tools/reference/zoo_fixtures.py): parameter
 * counts, torchvision's resnet18 keys and shapes, and outputs of PyTorch state dicts loaded unchanged.
 */
class ZooTest {
    private static final Map<String, Tensor> FX = ZooFixtures.load("conv_zoo.safetensors");

    private static long count(String name) {
        return (long) FX.get("count." + name).get(0);
    }

    @Test
    void parameterCountsMatchPytorch() {
        Rng rng = Rng.seeded(1);
        assertEquals(11_689_512L, count("resnet18"));
        assertEquals(count("resnet18"), ResNet.resnet18(1000, rng).parameterCount());
        assertEquals(count("resnet_small"), ResNet.small(1, 10, rng).parameterCount());
        assertEquals(count("densenet_small"), DenseNet.small(1, 10, rng).parameterCount());
        assertEquals(count("vgg_small"), Vgg.small(1, 10, rng).parameterCount());
    }

    @Test
    void resnet18HasTorchvisionKeysAndShapes() {
        Map<String, Tensor> expected = ZooFixtures.under(FX, "keys18.");
        Map<String, Tensor> sd = ResNet.resnet18(1000, Rng.seeded(2)).stateDict();
        assertEquals(expected.keySet(), sd.keySet());
        expected.forEach((k, shape) -> assertArrayEquals(shape.toIntArray(), sd.get(k).dims(), k));
        assertTrue(sd.containsKey("layer2.0.downsample.0.weight") && sd.containsKey("layer1.1.bn2.running_var"));
    }

    @Test
    void outputShapes() {
        Rng rng = Rng.seeded(3);
        try (var g = Grad.off()) {
            assertArrayEquals(new int[] {2, 10}, ResNet.small(1, 10, rng).forward(Tensor.randn(rng, 2, 1, 28, 28)).dims());
            assertArrayEquals(new int[] {2, 10}, ResNet.small(3, 10, rng).forward(Tensor.randn(rng, 2, 3, 32, 32)).dims());
            assertArrayEquals(new int[] {2, 10}, DenseNet.small(1, 10, rng).forward(Tensor.randn(rng, 2, 1, 28, 28)).dims());
            assertArrayEquals(new int[] {2, 10}, Vgg.small(1, 10, rng).forward(Tensor.randn(rng, 2, 1, 28, 28)).dims());
            assertArrayEquals(new int[] {1, 7}, ResNet.resnet18(7, rng).eval().forward(Tensor.randn(rng, 1, 3, 32, 32)).dims());
            BasicBlock down = new BasicBlock(4, 8, 2, rng);
            assertTrue(down.hasDownsample());
            assertArrayEquals(new int[] {2, 8, 3, 4}, down.forward(Tensor.randn(rng, 2, 4, 5, 7)).dims());
            assertFalse(new BasicBlock(4, 4, 1, rng).hasDownsample());
            DenseBlock block = new DenseBlock(3, 6, 4, 2, rng);
            assertEquals(18, block.outChannels());
            assertArrayEquals(new int[] {2, 18, 5, 5}, block.forward(Tensor.randn(rng, 2, 6, 5, 5)).dims());
            assertArrayEquals(new int[] {2, 9, 2, 2}, new Transition(18, 9, rng).forward(Tensor.randn(rng, 2, 18, 5, 5)).dims());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResNet.small(1, 10, Rng.seeded(1)).forward(Tensor.zeros(2, 3, 28, 28)));
        assertTrue(e.getMessage().contains("[2, 3, 28, 28]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vgg.small(1, 10, Rng.seeded(1)).forward(Tensor.zeros(2, 1, 32, 32)));
    }

    @Test
    void pytorchResNetLoadsUnchanged() {
        check("resnet", new ResNet(1, 5, new int[] {4, 8, 16}, new int[] {2, 2, 2}, false, Rng.seeded(4)));
    }

    @Test
    void pytorchDenseNetLoadsUnchanged() {
        check("densenet", new DenseNet(1, 5, 4, new int[] {2, 3}, 2, Rng.seeded(5)));
    }

    @Test
    void pytorchVggLoadsUnchanged() {
        check("vgg", new Vgg(1, 8, 8, 5, new int[] {4, 6}, 2, 16, 0.0, Rng.seeded(6)));
    }

    private static void check(String name, Module net) {
        Map<String, Tensor> sd = ZooFixtures.under(FX, name + ".sd.");
        assertEquals(sd.keySet(), net.stateDict().keySet());
        assertTrue(net.loadStateDict(sd, true).clean());
        Tensor x = FX.get(name + ".x");
        try (var g = Grad.off()) {
            net.eval();
            ZooFixtures.assertClose(name + " eval output", FX.get(name + ".y_eval"), net.forward(x), 1e-4, 1e-5);
            net.train();
            ZooFixtures.assertClose(name + " train output", FX.get(name + ".y_train"), net.forward(x), 1e-4, 1e-5);
        }
    }
}
