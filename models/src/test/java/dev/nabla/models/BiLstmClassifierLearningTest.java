package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.loss.Loss;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The BiLSTM classifier on a sentiment-like task: sentences of 4 to 14 random "neutral" words padded to 16, with
 * "positive" and "negative" keywords sprinkled in; the label is whether positive keywords outnumber negative ones.
 * Held-out accuracy must be far above chance (50%), and padding must not change a prediction.
 */
class BiLstmClassifierLearningTest {
    private static final int VOCAB = 30, T = 16, BATCH = 32, STEPS = 250;
    private static final int[] POSITIVE = {1, 2};
    private static final int[] NEGATIVE = {3, 4};

    private record Data(Tensor ids, Tensor labels) {}

    private static Data data(int n, Rng rng) {
        double[] ids = new double[n * T];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            int len = 4 + rng.nextInt(11);
            int pos = 0;
            int neg = 0;
            for (int t = 0; t < len; t++) {
                int w;
                double u = rng.nextDouble();
                if (u < 0.15) {
                    w = POSITIVE[rng.nextInt(2)];
                    pos++;
                } else if (u < 0.30) {
                    w = NEGATIVE[rng.nextInt(2)];
                    neg++;
                } else {
                    w = 5 + rng.nextInt(VOCAB - 5);
                }
                ids[i * T + t] = w;
            }
            if (pos == neg) { // break ties with one more keyword at the end
                ids[i * T + len - 1] = rng.nextInt(2) == 0 ? POSITIVE[0] : NEGATIVE[0];
            }
            int p = 0;
            int q = 0;
            for (int t = 0; t < len; t++) {
                int w = (int) ids[i * T + t];
                if (w == 1 || w == 2) p++;
                if (w == 3 || w == 4) q++;
            }
            labels[i] = p > q ? 1 : 0;
        }
        return new Data(Tensor.wrap(ids, DType.INT64, n, T), Tensor.wrap(labels, DType.INT64, n));
    }

    @Test
    void learnsKeywordSentimentFarAboveChance() {
        Rng rng = Rng.seeded(7);
        BiLstmClassifier model = new BiLstmClassifier(VOCAB, 16, 24, 1, 2, rng);
        Adam opt = new Adam(model.parameters(), 1e-2);
        for (int step = 0; step < STEPS; step++) {
            Data d = data(BATCH, rng);
            Tensor loss = Loss.crossEntropy(model.forward(d.ids()), d.labels());
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        Data test = data(1000, Rng.seeded(99));
        double acc;
        try (var g = Grad.off()) {
            model.eval();
            Tensor pred = model.forward(test.ids()).argmax(1, false);
            acc = pred.eq(test.labels()).toFloat().mean().item();
            // more padding at the end changes nothing
            Tensor wider = test.ids().pad(new int[] {0, 7}, 0);
            assertArrayEquals(pred.toIntArray(), model.forward(wider).argmax(1, false).toIntArray());
        }
        System.out.printf(Locale.ROOT, "bilstm classifier: held-out accuracy %.3f (chance 0.5)%n", acc);
        assertTrue(acc > 0.85, "held-out accuracy " + acc);
    }
}
