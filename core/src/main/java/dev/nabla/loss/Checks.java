package dev.nabla.loss;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Argument checks shared by the losses; every message names the loss and the shapes involved. */
final class Checks {
    private Checks() {}

    static void sameShape(String loss, String a, Tensor x, String b, Tensor y) {
        if (!Arrays.equals(x.dims(), y.dims())) {
            throw new IllegalArgumentException(loss + ": " + a + " " + x.shape() + " and " + b + " " + y.shape() + " must have the same shape");
        }
    }

    static void floating(String loss, String what, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(loss + ": " + what + " must be floating point, got " + x.dtype() + " of shape " + x.shape());
        }
    }

    /** The target in the input's floating dtype (a FLOAT32 target with a FLOAT64 input is widened, and so on). */
    static Tensor like(Tensor target, Tensor input) {
        return target.dtype() == input.dtype() ? target : target.to(input.dtype());
    }

    static void broadcastsTo(String loss, String what, Tensor w, Tensor x) {
        int[] ws = w.dims();
        int[] xs = x.dims();
        boolean ok = ws.length <= xs.length;
        for (int i = 1; ok && i <= ws.length; i++) {
            int a = ws[ws.length - i];
            ok = a == 1 || a == xs[xs.length - i];
        }
        if (!ok) throw new IllegalArgumentException(loss + ": " + what + " " + w.shape() + " does not broadcast to input " + x.shape());
    }
}
