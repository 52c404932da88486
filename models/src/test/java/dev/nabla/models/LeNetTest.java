package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.Loss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LeNet-5 runs its ReLUs in place; that must not change its outputs or gradients by a single bit. */
class LeNetTest {
    @Test
    void inPlaceReluGivesTheSameOutputsAndGradientsAsReluToTheBit() {
        Sequential lenet = LeNet.create(10, Rng.seeded(0));
        List<Module> plainLayers = new ArrayList<>();
        int inPlace = 0;
        for (int i = 0; i < lenet.size(); i++) {
            Module m = lenet.get(i);
            if (m instanceof Activation.ReLU) {
                assertTrue(m.toString().contains("inplace=True"), m.toString());
                inPlace++;
                m = new Activation.ReLU();
            }
            plainLayers.add(m);
        }
        assertEquals(4, inPlace);
        Sequential plain = new Sequential(plainLayers);
        Rng rng = Rng.seeded(1);
        Tensor x = Tensor.uniform(rng, 0, 1, 16, 1, 28, 28);
        Tensor y = Tensor.randint(rng, 0, 10, 16);
        Map<String, Tensor> params = lenet.namedParameters();
        float[][] out = new float[2][];
        List<float[]> grads = new ArrayList<>();
        for (Sequential model : List.of(lenet, plain)) { // plain shares lenet's parameter tensors
            params.values().forEach(Tensor::zeroGrad);
            Tensor logits = model.forward(x);
            out[grads.size() == 0 ? 0 : 1] = logits.toFloatArray();
            Loss.crossEntropy(logits, y).backward();
            for (Tensor p : params.values()) grads.add(p.grad().toFloatArray());
        }
        assertArrayEquals(out[0], out[1]);
        int n = params.size();
        for (int i = 0; i < n; i++) assertArrayEquals(grads.get(i), grads.get(n + i), "gradient " + i);
    }
}
