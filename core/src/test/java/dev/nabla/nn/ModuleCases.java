package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the module cases of tools/reference/attention_fixtures.py: case NAME holds a PyTorch state dict
 * NAME.sd.KEY, inputs NAME.x0.., a weighting NAME.r, the output NAME.out (and NAME.weights), gradients of
 * sum(out * r) for inputs NAME.gxI and for every parameter NAME.pgrad.KEY.
 */
final class ModuleCases {
    private ModuleCases() {}

    /**
     * Loads the state dict into m (strict), runs forward on the inputs (returning {output, weights or null}),
     * and compares the output, weights and all gradients.
     */
    static void run(Map<String, Tensor> fx, String name, Module m, Function<Tensor[], Tensor[]> forward, double rtol, double atol) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        String prefix = name + ".sd.";
        for (var e : fx.entrySet()) if (e.getKey().startsWith(prefix)) sd.put(e.getKey().substring(prefix.length()), e.getValue());
        m.loadStateDict(sd, true);
        m.train();
        List<Tensor> xs = new ArrayList<>();
        while (fx.containsKey(name + ".x" + xs.size())) {
            int i = xs.size();
            Tensor t = fx.get(name + ".x" + i);
            xs.add(fx.containsKey(name + ".gx" + i) ? t.detach().copy().requiresGrad(true) : t);
        }
        Tensor[] x = xs.toArray(new Tensor[0]);
        Tensor[] res = forward.apply(x);
        FixtureCases.assertClose(name + ": output", fx.get(name + ".out"), res[0], rtol, atol);
        if (fx.containsKey(name + ".weights")) FixtureCases.assertClose(name + ": weights", fx.get(name + ".weights"), res[1], rtol, atol);
        res[0].mul(fx.get(name + ".r")).sum().backward();
        for (int i = 0; i < x.length; i++) {
            Tensor g = fx.get(name + ".gx" + i);
            if (g != null) FixtureCases.assertClose(name + ": gradient of input " + i, g, x[i].grad(), rtol, atol);
        }
        int checked = 0;
        for (var e : m.namedParameters().entrySet()) {
            Tensor g = fx.get(name + ".pgrad." + e.getKey());
            if (g == null) throw new AssertionError(name + ": no PyTorch gradient for parameter " + e.getKey());
            FixtureCases.assertClose(name + ": gradient of " + e.getKey(), g, e.getValue().grad(), rtol, atol);
            checked++;
        }
        assertTrue(checked > 0, name + ": no parameters checked");
    }
}
