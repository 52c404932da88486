package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.loss.Loss;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The LSTM forecaster on a noisy seasonal series (two seasonalities, a slow trend, Gaussian noise): trained on the
 * first 80% of the series, its held-out error over a 6-step horizon must be well below the naive forecast that
 * repeats the last observed value.
 */
class LstmForecasterLearningTest {
    private static final int N = 2000, WINDOW = 36, HORIZON = 6, BATCH = 32, STEPS = 300;

    @Test
    void beatsTheLastValueBaseline() {
        Rng rng = Rng.seeded(3);
        float[] series = new float[N];
        for (int t = 0; t < N; t++) {
            series[t] = (float) (Math.sin(2 * Math.PI * t / 24) + 0.5 * Math.sin(2 * Math.PI * t / 7 + 1) + 0.0005 * t
                    + 0.1 * rng.nextGaussian());
        }
        int split = (int) (N * 0.8);
        LstmForecaster model = new LstmForecaster(1, 32, 1, HORIZON, 1, rng);
        Adam opt = new Adam(model.parameters(), 1e-2);
        for (int step = 0; step < STEPS; step++) {
            int[] starts = new int[BATCH];
            for (int b = 0; b < BATCH; b++) starts[b] = rng.nextInt(split - WINDOW - HORIZON);
            Tensor loss = Loss.mse(model.forward(windows(series, starts)), targets(series, starts));
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        int count = N - split - WINDOW - HORIZON;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) starts[i] = split + i;
        Tensor y = targets(series, starts);
        double mse;
        try (var g = Grad.off()) {
            model.eval();
            mse = Loss.mse(model.forward(windows(series, starts)), y).item();
        }
        Tensor last = windows(series, starts).narrow(1, WINDOW - 1, 1).expand(count, HORIZON, 1);
        double naive = Loss.mse(last, y).item();
        System.out.printf(Locale.ROOT, "forecaster: held-out MSE %.4f, last-value baseline %.4f (noise variance 0.01)%n", mse, naive);
        assertTrue(mse < 0.25 * naive, "held-out MSE " + mse + " is not well below the last-value baseline " + naive);
    }

    private static Tensor windows(float[] s, int[] starts) {
        float[] x = new float[starts.length * WINDOW];
        for (int b = 0; b < starts.length; b++) System.arraycopy(s, starts[b], x, b * WINDOW, WINDOW);
        return Tensor.wrap(x, starts.length, WINDOW, 1);
    }

    private static Tensor targets(float[] s, int[] starts) {
        float[] y = new float[starts.length * HORIZON];
        for (int b = 0; b < starts.length; b++) System.arraycopy(s, starts[b] + WINDOW, y, b * HORIZON, HORIZON);
        return Tensor.wrap(y, starts.length, HORIZON, 1);
    }
}
