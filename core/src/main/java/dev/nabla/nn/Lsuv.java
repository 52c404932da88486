package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer-sequential unit-variance initialization (Mishkin and Matas 2016). The model is walked as a
 * chain: a {@link Sequential} (nested ones are flattened) or a single layer. Every layer in the chain
 * with a parameter named {@code weight} of rank >= 2 (Linear, Bilinear excluded since it needs two
 * inputs, convolutions) is first given an orthogonal weight and a zero bias; then, feeding the batch
 * through the layers before it, its weight is divided by sqrt(Var(output)) until the output variance
 * is within tolerance of the target or maxIterations rescalings were made. Runs in eval mode (so
 * dropout is off) with recording off, and restores the training flag.
 *
 * <p>Zeroing the bias is this implementation's choice (the paper does not say): it makes the measured
 * variance that of the weights' output alone.
 */
final class Lsuv {
    private Lsuv() {}

    static List<Double> apply(Module model, Tensor batch, Rng rng, double target, double tolerance, int maxIterations) {
        if (!(target > 0)) throw new IllegalArgumentException("lsuv: target variance must be > 0, got " + target);
        if (!(tolerance > 0)) throw new IllegalArgumentException("lsuv: tolerance must be > 0, got " + tolerance);
        if (maxIterations < 1) throw new IllegalArgumentException("lsuv: maxIterations must be >= 1, got " + maxIterations);
        List<Module> chain = new ArrayList<>();
        flatten(model, chain);
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Double> reached = new ArrayList<>();
        try (var g = Grad.off()) {
            Tensor x = batch;
            for (Module layer : chain) {
                Tensor w = layer.namedParameters().get("weight");
                boolean target2d = w != null && w.rank() >= 2 && layer.namedChildren().isEmpty() && !(layer instanceof Bilinear);
                if (target2d) {
                    Init.orthogonal(w, rng);
                    Tensor b = layer.namedParameters().get("bias");
                    if (b != null) Init.zeros(b);
                    double v = Double.NaN;
                    for (int it = 0; it <= maxIterations; it++) {
                        v = layer.forward(x).var(false).item();
                        if (!(v > 0) || Double.isInfinite(v)) {
                            throw new ArithmeticException("lsuv: output variance of layer " + layer.getClass().getSimpleName()
                                    + " is " + v + "; cannot rescale its weight");
                        }
                        if (Math.abs(v - target) < tolerance || it == maxIterations) break;
                        w.mulInPlace(Math.sqrt(target / v));
                    }
                    reached.add(v);
                }
                x = layer.forward(x);
            }
        } finally {
            if (wasTraining) model.train();
        }
        return reached;
    }

    private static void flatten(Module m, List<Module> out) {
        if (m instanceof Sequential s) {
            for (int i = 0; i < s.size(); i++) flatten(s.get(i), out);
        } else {
            out.add(m);
        }
    }
}
